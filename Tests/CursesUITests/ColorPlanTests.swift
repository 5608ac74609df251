import BrowserCore
import Testing
@testable import CursesUI

@Suite struct ColorPlanTests {
    private let theme = Theme(name: "t", styles: [
        .text: Style(),
        .selection: Style(foreground: .indexed(16), background: .rgb(0x5f, 0xaf, 0xff)),
        .error: Style(foreground: .ansi(9), bold: true),
        .header: Style(foreground: .indexed(231), background: .indexed(24), bold: true, underline: true),
    ])

    @Test func roleWithOnlyDefaultColoursUsesPairZero() {
        let plan = ColorPlan.make(theme: theme, colors: 256, pairLimit: 256, defaultColors: true)
        #expect(plan.appearance(.text) == .init(attributes: [], pair: 0))
    }

    @Test func twoHundredFiftySixColours() {
        let plan = ColorPlan.make(theme: theme, colors: 256, pairLimit: 256, defaultColors: true)
        let selection = plan.pairs.first { $0.number == plan.appearance(.selection).pair }
        #expect(selection?.foreground == 16)
        #expect(selection?.background == 75)
        #expect(plan.appearance(.header).attributes == [.bold, .underline])
        let error = plan.pairs.first { $0.number == plan.appearance(.error).pair }
        #expect(error?.foreground == 9)
        #expect(error?.background == -1)
    }

    @Test func eightColoursFoldBrightColours() {
        let plan = ColorPlan.make(theme: theme, colors: 8, pairLimit: 64, defaultColors: true)
        let error = plan.pairs.first { $0.number == plan.appearance(.error).pair }
        #expect(error?.foreground == 1)
        #expect(plan.pairs.allSatisfy { $0.foreground < 8 && $0.background < 8 })
    }

    @Test func noColourFallsBackToTheAttributeOnlyTheme() {
        let plan = ColorPlan.make(theme: theme, colors: 0, pairLimit: 0, defaultColors: true)
        #expect(plan.pairs.isEmpty)
        #expect(plan.appearance(.selection).attributes.contains(.reverse))
        #expect(Role.allCases.allSatisfy { plan.appearance($0).pair == 0 })
    }

    @Test func attributeOnlyThemeIsKeptWithoutColour() {
        let plain = Theme(name: "plain", styles: [.selection: Style(underline: true)])
        let plan = ColorPlan.make(theme: plain, colors: 0, pairLimit: 0, defaultColors: true)
        #expect(plan.appearance(.selection).attributes == [.underline])
    }

    @Test func withoutDefaultColoursMinusOneBecomesWhiteOnBlack() {
        let plan = ColorPlan.make(theme: theme, colors: 256, pairLimit: 256, defaultColors: false)
        #expect(plan.pairs.allSatisfy { $0.foreground >= 0 && $0.background >= 0 })
        #expect(plan.appearance(.text).pair == 0)
    }

    @Test func directColourUsesPackedRGB() {
        #expect(ColorPlan.colorNumber(.rgb(0x5f, 0xaf, 0xff), colors: 1 << 24) == 0x5fafff)
        #expect(ColorPlan.colorNumber(.ansi(1), colors: 1 << 24) == 1)
        #expect(ColorPlan.colorNumber(.terminalDefault, colors: 1 << 24) == -1)
        #expect(ColorPlan.colorNumber(.rgb(0, 0, 0), colors: 1 << 24) == 8)
    }

    @Test func tooFewPairsLeaveTheRestOnDefaultColours() {
        let plan = ColorPlan.make(theme: theme, colors: 256, pairLimit: 2, defaultColors: true)
        #expect(plan.pairs.count == 1)
    }
}
