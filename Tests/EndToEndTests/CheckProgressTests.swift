import DemoAPI
import Foundation
import Testing

/// `twbrowse check` on a terminal: one progress line that moves while answers are slow, result lines that
/// never land on it, and the summary once; into a pipe, plain lines only.
@Suite(.serialized) struct CheckProgressTests {
    static func pairsFile(_ count: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("twb-check-\(UUID().uuidString)").path
        let lines = DemoDataSet.standard.worklist.prefix(count).map { "\($0.employee) \($0.interaction)" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(.enabled(if: Tmux.available)) func onATerminalOneLineMovesWhileRequestsAreSlow() async throws {
        let server = DemoServer()
        let url = try await server.start()
        await server.setFault(.slow(seconds: 1.2))
        let pairs = try Self.pairsFile(3)
        defer { try? FileManager.default.removeItem(atPath: pairs) }
        let (during, after) = try await offPool {
            let tmux = Tmux()
            defer { tmux.kill() }
            try tmux.start([TerminalUITests.binary, "--base-url", url.absoluteString, "check", "--ids-file", pairs, "--concurrency", "1"],
                           environment: TerminalUITests.environment, width: 200, height: 40)
            // The elapsed time shows before the first answer has come.
            let during = try tmux.waitFor("the progress line to tick") { $0.contains("checked 0/3, 1 s") }
            _ = try tmux.waitFor("the end", timeout: 15) { _ in (try? tmux.format("#{pane_dead}")) == "1" }
            return (during, try tmux.screenWithHistory())
        }
        await server.stop()
        #expect(during.split(separator: "\n").filter { $0.contains("checked") }.count == 1, "\(during)")
        let lines = after.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("{\"line\"") }.count == 3, "\(after)")
        #expect(lines.filter { $0.contains("twbrowse check: 3 pairs checked, 3 found") }.count == 1, "the summary once:\n\(after)")
        #expect(!lines.contains { $0.contains("checked ") && $0.contains("/3") }, "the progress line is gone:\n\(after)")
        #expect(!lines.contains { $0.contains("{") && !$0.hasPrefix("{") }, "a result line after progress text:\n\(after)")
    }

    @Test(.enabled(if: Tmux.available)) func intoAPipeOnlyPlainLines() async throws {
        let server = DemoServer()
        let url = try await server.start()
        let pairs = try Self.pairsFile(3)
        let output = pairs + ".out"
        defer { try? FileManager.default.removeItem(atPath: pairs); try? FileManager.default.removeItem(atPath: output) }
        try await offPool {
            let tmux = Tmux()
            defer { tmux.kill() }
            let command = [TerminalUITests.binary, "--base-url", url.absoluteString, "check", "--ids-file", pairs].map(Tmux.quote).joined(separator: " ")
            try tmux.start(["sh", "-c", "\(command) 2>&1 | cat > \(Tmux.quote(output))"], environment: TerminalUITests.environment)
            _ = try tmux.waitFor("the end", timeout: 15) { _ in (try? tmux.format("#{pane_dead}")) == "1" }
        }
        await server.stop()
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(!text.contains("\r") && !text.contains("\u{1B}"), "\(text.debugDescription)")
        #expect(text.split(separator: "\n").count == 4 && text.hasSuffix("twbrowse check: 3 pairs checked, 3 found\n"), "\(text)")
    }
}
