import DemoAPI
import Foundation
import Testing

/// Clicks and the wheel, as a terminal reports them (SGR 1006), into the real binary in tmux.
@Suite(.serialized) struct MouseTests {
    static func press(column: Int, row: Int, button: Int = 0) -> String { "\u{1B}[<\(button);\(column);\(row)M" }

    static func selectedRow(_ screen: String) -> String? {
        screen.split(separator: "\n").first { $0.hasPrefix("▶") }.map(String.init)
    }

    @Test(.enabled(if: Tmux.available)) func clickSelectsWheelScrollsDoubleClickOpensBreadcrumbGoesBack() async throws {
        let tmux = Tmux()
        defer { tmux.kill() }
        let environment = TerminalUITests.demoEnvironment
        try await offPool {
            try tmux.start([TerminalUITests.binary, "--demo"], environment: environment)
            try tmux.waitFor(text: "E-1001")
            // Row 6 of the screen (1-based) is the fourth employee: header, column titles, then the rows.
            try tmux.sendLiteral(Self.press(column: 5, row: 6))
            var screen = try tmux.waitFor("the click to select E-1004") { Self.selectedRow($0)?.contains("E-1004") == true }
            try tmux.sendLiteral(Self.press(column: 5, row: 6, button: 65))
            screen = try tmux.waitFor("the wheel to move down 3") { Self.selectedRow($0)?.contains("E-1007") == true }
            try tmux.sendLiteral(Self.press(column: 5, row: 4) + Self.press(column: 5, row: 4))
            screen = try tmux.waitFor("a double click to open E-1002") { $0.contains("› E-1002") && $0.contains("Interactions (") }
            // The breadcrumb's "employees" part: after " twbrowse " and the connection label.
            let header = String(screen.split(separator: "\n")[0])
            let column = try #require(header.range(of: "employees")).lowerBound.utf16Offset(in: header) + 2
            try tmux.sendLiteral(Self.press(column: column, row: 1))
            screen = try tmux.waitFor("the breadcrumb click to go back") { $0.contains("POSITION") && !$0.contains("› E-1002") }
            #expect(Self.selectedRow(screen)?.contains("E-1002") == true)
            try tmux.send("q")
        }
    }
}
