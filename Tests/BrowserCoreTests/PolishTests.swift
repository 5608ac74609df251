import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

/// Rough edges a first-time user met: help scrolling, the status bar, long messages, small terminals.
@Suite struct PolishTests {
    static func lines(_ frame: Frame) -> [String] { frame.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// All the frame's text with runs of spaces and line breaks squeezed, to find a wrapped sentence.
    static func flattened(_ frame: Frame) -> String {
        lines(frame).joined(separator: " ").split(separator: " ").joined(separator: " ")
    }

    @Test func helpMovesAtOnceAfterGoingToTheBottom() {
        var s = UIFixtures.connected()
        UIFixtures.apply([.key(.char("?")), .key(.char("G"))], to: &s)
        let bottom = Render.frame(s).text
        UIFixtures.apply([.key(.char("k"))], to: &s)
        let oneUp = Render.frame(s).text
        #expect(oneUp != bottom)
        UIFixtures.apply([.key(.char("G")), .key(.pageUp)], to: &s)
        #expect(Render.frame(s).text != bottom)
    }

    @Test func helpMoreMarkerHasARowOfItsOwn() {
        var s = UIFixtures.connected(width: 60, height: 16)
        UIFixtures.apply([.key(.char("?"))], to: &s)
        let rows = Self.lines(Render.frame(s))
        let marker = try! #require(rows.firstIndex { $0.contains("▼") })
        #expect(rows[marker].trimmingCharacters(in: .whitespaces).hasPrefix("▼"))
        // Every help line shows in turn, none hidden under the marker: the last page ends on the last line.
        UIFixtures.apply([.key(.char("G"))], to: &s)
        let last = HelpContent.lines(width: 60).last!.segments.map(\.0).joined().trimmingCharacters(in: .whitespaces)
        #expect(Self.lines(Render.frame(s)).contains { $0.contains(last) })
    }

    @Test func helpFirstLineWrapsUnderItself() {
        let lines = HelpContent.lines(width: 40)
        let second = lines[1].segments.map(\.0).joined()
        #expect(!second.hasPrefix(String(repeating: " ", count: 10)), "continuation indented: \(second)")
    }

    @Test func statusBarSaysHitsAndMissesInWords() {
        var s = UIFixtures.connected(width: 120)
        s.cacheStats.hits = 1
        s.cacheStats.misses = 23
        let bar = Self.lines(Render.frame(s))[s.height - 2]
        #expect(bar.contains("cache 1 hit, 23 misses"))
    }

    @Test func longStatusErrorWrapsInsteadOfBeingCut() {
        var s = UIFixtures.connected(width: 50, height: 14)
        let text = "the server at company_xyz.eu3 answered 503 Service Unavailable three times over forty seconds; try again later"
        s.show(text, .error)
        let frame = Render.frame(s)
        #expect(Self.flattened(frame).contains(text))
        #expect(!Self.lines(frame)[s.height - 2].contains("…"))
    }

    @Test func longConnectErrorsWrap() {
        var s = UIFixtures.state(width: 60, height: 24)
        let general = "cannot resolve the host name company-with-a-long-name.eu3.techwolf.ai: check the tenant and region"
        s.form.generalError = general
        #expect(Self.flattened(Render.frame(s)).contains(general))
        s.form.generalError = nil
        let tokenError = "the token file /home/someone/.config/techwolf/token can be read by other users (mode 644)"
        s.form.errors[.token] = tokenError
        // Wrapping may break inside a long path: compare without the spaces.
        #expect(Self.flattened(Render.frame(s)).filter { $0 != " " }.contains(("Token: " + tokenError).filter { $0 != " " }))
    }

    @Test func compactConnectFormSpacesTheCross() {
        var s = UIFixtures.state(width: 60, height: 12)
        s.form.errors[.token] = "expired"
        #expect(Self.lines(Render.frame(s)).contains { $0.hasPrefix("✗ Token") })
    }

    @Test func tooSmallMessageIsCentredAndWhole() {
        let s = UIFixtures.state(width: 20, height: 9)
        let rows = Self.lines(Render.frame(s)).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(rows.count >= 4)
        for row in rows {
            let text = row.trimmingCharacters(in: .whitespaces)
            let left = row.prefix { $0 == " " }.count
            let right = 20 - left - TextWidth.of(text)
            #expect(abs(left - right) <= 1, "not centred: '\(row)'")
        }
        #expect(Self.flattened(Render.frame(s)).contains("twbrowse needs at least 40x10."))
    }

    @Test func commandHintListsEveryCommand() {
        let help = ActionTable.all.first { $0.id == .command }!.help
        for command in CommandTable.all { #expect(help.contains(command.usage), "\(command.usage) missing") }
    }

    @Test func ctrlCQuitsWithStatus130() {
        var s = UIFixtures.connected()
        UIFixtures.apply([.key(.ctrl("c"))], to: &s)
        #expect(s.shouldQuit)
        #expect(s.exitStatus == 130)
        var t = UIFixtures.connected()
        UIFixtures.apply([.key(.char("q"))], to: &t)
        #expect(t.shouldQuit && t.exitStatus == 0)
    }

    @Test func themeListWrapsOnTheStatusBar() {
        var s = UIFixtures.connected(width: 44, height: 14)
        UIFixtures.apply([.key(.char(":"))] + "theme".map { .key(.char($0)) } + [.key(.enter)], to: &s)
        let message = try! #require(s.message?.text)
        #expect(message.contains("colorblind") && message.contains("production"))
        #expect(Self.flattened(Render.frame(s)).filter { $0 != " " }.contains(message.filter { $0 != " " }))
    }
}

/// Column widths from Unicode's East Asian Width data (scripts/gen-east-asian-width).
@Suite struct EastAsianWidthTests {
    @Test func rangesAreSortedAndDisjoint() {
        for (a, b) in zip(TextWidth.wideRanges, TextWidth.wideRanges.dropFirst()) { #expect(a.upperBound + 1 < b.lowerBound) }
    }

    /// Every scalar: zero for marks, format and control characters, two for Wide and Fullwidth, else one.
    @Test func everyScalarFollowsTheData() {
        var wide = [Bool](repeating: false, count: 0x110000)
        for range in TextWidth.wideRanges { for v in range { wide[Int(v)] = true } }
        var mismatches: [String] = []
        for v in UInt32(0)..<0x110000 {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let expected: Int
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control: expected = 0
            default: expected = (0x1160...0x11FF).contains(v) || v == 0x200B ? 0 : wide[Int(v)] ? 2 : 1
            }
            if TextWidth.scalarWidth(scalar) != expected { mismatches.append(String(v, radix: 16)) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    /// The cases the old hand-made table got wrong.
    @Test func knownCases() {
        for v: UInt32 in [0x1F321, 0x1F5A5] + Array(0x3248...0x324F) { #expect(TextWidth.scalarWidth(Unicode.Scalar(v)!) == 1, "U+\(String(v, radix: 16))") }
        for v: UInt32 in Array(0x1AFF0...0x1AFF3) + Array(0x18D00...0x18D08) + [0x4E00, 0xAC00, 0x1F600, 0xFF21] {
            #expect(TextWidth.isWide(v), "U+\(String(v, radix: 16))")
        }
        #expect(TextWidth.of("深圳A") == 5)
    }
}

/// A refused certificate on connecting reads as one sentence that names the origin, not as an answer to
/// `/version`; it points at the field that chose the origin.
@Suite struct ConnectFailureMessageTests {
    @Test func aRefusedCertificateNamesTheOriginAndTheProblem() throws {
        let problem = APIError.certificate("the server's TLS certificate was refused: it was issued by a CA this machine does not trust (unknown issuer)")
        let explicit = try APIOrigin.baseURL("https://localhost:18444")
        let byBaseURL = EffectRunner.connectFailure(problem, origin: explicit)
        #expect(byBaseURL.field == .baseURL)
        #expect(byBaseURL.message.hasPrefix("https://localhost:18444: the server's TLS certificate was refused"))
        #expect(!byBaseURL.message.contains("answered"))
        let tenant = try APIOrigin.techWolf(tenant: "acme", region: "eu3")
        #expect(EffectRunner.connectFailure(problem, origin: tenant).field == .tenant)
        #expect(EffectRunner.connectFailure(.network("connection refused"), origin: explicit).message
                == "cannot reach https://localhost:18444: network error: connection refused")
        #expect(EffectRunner.connectFailure(.unauthorized("token refused"), origin: explicit).field == .token)
    }
}

/// The `:` prompt's Tab candidates go when the text they were for changes.
@Suite struct CommandCompletionListTests {
    @Test func candidatesGoWhenTheTextChanges() {
        var s = UIFixtures.connected()
        _ = Update.handle(.key(.char(":")), &s)
        for c in "theme " { _ = Update.handle(.key(.char(c)), &s) }
        _ = Update.handle(.key(.tab), &s)
        #expect(s.message?.text.contains("monochrome") == true)
        _ = Update.handle(.key(.ctrl("u")), &s)
        #expect(s.message == nil)
        for c in "emp" { _ = Update.handle(.key(.char(c)), &s) }
        #expect(!Render.frame(s).text.contains("monochrome"))
    }
}
