import Foundation
import Testing

/// `/` on a record of the demo, in the real binary in tmux: the status bar counts the matches and the
/// current match's highlight moves with Ctrl-N.
@Suite(.serialized) struct SearchTests {
    /// Where the current match is drawn: the row and column of the first cell both reversed and underlined
    /// (the monochrome theme's current match; other matches are reversed only), read from tmux's capture
    /// with its escape sequences.
    static func currentMatch(_ tmux: Tmux) throws -> (row: Int, column: Int)? {
        let screen = try tmux.tmux(["capture-pane", "-p", "-e", "-t", tmux.session])
        for (row, line) in screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var reverse = false, underline = false, column = 0
            var chars = Array(line.unicodeScalars)[...]
            while let c = chars.popFirst() {
                if c == "\u{1B}", chars.first == "[" {
                    chars.removeFirst()
                    var params = ""
                    while let p = chars.popFirst(), p != "m" { params.unicodeScalars.append(p) }
                    var codes = params.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }[...]
                    while let code = codes.popFirst() {
                        switch code {
                        case 0: reverse = false; underline = false
                        case 4: underline = true
                        case 24: underline = false
                        case 7: reverse = true
                        case 27: reverse = false
                        case 38, 48: codes = codes.first == 5 ? codes.dropFirst(2) : codes.dropFirst(4)
                        default: break
                        }
                    }
                    continue
                }
                if reverse && underline { return (row, column) }
                column += 1
            }
        }
        return nil
    }

    static func count(_ screen: String) -> Int? {
        guard let range = screen.range(of: #"match 1 of [0-9]+"#, options: .regularExpression) else { return nil }
        return Int(screen[range].split(separator: " ").last!)
    }

    @Test(.enabled(if: Tmux.available)) func slashOnARecordCountsAndCtrlNMovesTheHighlight() async throws {
        let tmux = Tmux()
        defer { tmux.kill() }
        let environment = TerminalUITests.demoEnvironment
        try await offPool {
            try tmux.start([TerminalUITests.binary, "--demo", "--theme", "monochrome"], environment: environment)
            try tmux.waitFor(text: "E-1001")
            try tmux.send("Enter")
            try tmux.waitFor(text: "Interactions (")
            try tmux.send("Enter")
            try tmux.waitFor("the record") { $0.contains("Relative") && $0.contains("UTC") }

            try tmux.sendLiteral("/utc")
            var screen = try tmux.waitFor("the first match") { Self.count($0) != nil }
            let total = try #require(Self.count(screen))
            #expect(total >= 2, "\(screen)")
            let first = try #require(try Self.currentMatch(tmux), "no current match highlighted:\n\(screen)")

            try tmux.send("C-n")
            screen = try tmux.waitFor("the second match") { $0.contains("match 2 of \(total)") }
            let second = try #require(try Self.currentMatch(tmux))
            #expect(second.row > first.row || (second.row == first.row && second.column > first.column), "\(first) then \(second)")

            // Enter keeps the search, Esc ends it, the next Esc goes back to the employee.
            try tmux.send("Enter")
            try tmux.send("Escape")
            screen = try tmux.waitFor("the search to end") { !$0.contains("of \(total)") }
            #expect(try Self.currentMatch(tmux) == nil)
            #expect(screen.contains("Relative"))
            try tmux.send("Escape")
            try tmux.waitFor(text: "Interactions (")
            try tmux.send("q")
            try tmux.send("q")
            _ = try tmux.waitFor("the process to exit", timeout: 5) { _ in (try? tmux.format("#{pane_dead}")) == "1" }
        }
    }
}
