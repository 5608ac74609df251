import DemoAPI
import Foundation
import Testing

/// Terminals and signals that go wrong, the token's absence from the terminal byte stream, and a monkey.
@Suite(.serialized) struct TerminalFaultTests {
    static let canary = "tw-canary-token-3f9a1c7e5b2d4-XYZW"

    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "UTC", "TECHWOLF_TOKEN": canary]
        for (k, v) in extra { env[k] = v }
        return env
    }

    static func waitForExit(_ tmux: Tmux, timeout: TimeInterval = 5) throws {
        _ = try tmux.waitFor("the process to exit", timeout: timeout) { _ in (try? tmux.format("#{pane_dead}")) == "1" }
        #expect(try tmux.format("#{alternate_on}") == "0", "the normal screen is back")
        // The cursor's visibility is checked in the byte stream (theTokenNeverReachesTheTerminal): tmux's own
        // cursor flag after the alternate screen closes reflects tmux's restore, not what the program sent.
    }

    @Test(.enabled(if: Tmux.available), arguments: ["HUP", "INT", "TERM"])
    func signalDuringARequestInFlightRestoresTheTerminal(_ signal: String) async throws {
        let server = DemoServer(token: Self.canary)
        let url = try await server.start()
        let tmux = Tmux()
        defer { tmux.kill() }
        try await offPool {
            try tmux.start([TerminalUITests.binary, "--base-url", url.absoluteString], environment: Self.environment())
            try tmux.waitFor(text: "E-1001")
        }
        await server.setFault(.slow(seconds: 30))
        try await offPool {
            try tmux.send("Enter")
            try tmux.waitFor(text: "Esc cancels")
            try tmux.signal(signal)
            try Self.waitForExit(tmux)
        }
        await server.stop()
    }

    @Test(.enabled(if: Tmux.available)) func unusableTerminalsAreRefusedNamingTERM() async throws {
        for (term, expected) in [("dumb", "TERM=dumb"), ("", "TERM is not set"), ("no-such-terminal-xyz", "TERM=no-such-terminal-xyz")] {
            let tmux = Tmux()
            defer { tmux.kill() }
            try await offPool {
                var env = Self.environment()
                env["TERM"] = term.isEmpty ? nil : term
                // tmux sets TERM for the pane; `env` inside the pane puts back what this case needs.
                let setTerm = term.isEmpty ? "unset TERM" : "export TERM=\(Tmux.quote(term))"
                try tmux.start(["sh", "-c", "\(setTerm); \(Tmux.quote(TerminalUITests.binary)) --demo; echo \"[exit $?]\""], environment: env)
                _ = try tmux.waitFor("the refusal") { $0.contains("[exit") }
                let screen = try tmux.screenWithHistory()
                #expect(screen.contains(expected), "\(term): \(screen)")
                #expect(screen.contains("twbrowse get"))
                #expect(screen.contains("[exit 2]"), "\(term): \(screen)")
            }
        }
    }

    @Test(.enabled(if: Tmux.available)) func vt100AndLangCStillShowTheRecord() async throws {
        let server = DemoServer(token: Self.canary)
        let url = try await server.start()
        let pair = DemoDataSet.standard.worklist[0]
        for extra in [["TERM": "vt100"], ["LANG": "C", "LC_ALL": "C"]] {
            let tmux = Tmux()
            defer { tmux.kill() }
            try await offPool {
                let setting = extra.map { "\($0.key)=\($0.value)" }
                try tmux.start(["env"] + setting + [TerminalUITests.binary, "--base-url", url.absoluteString, "--employee", pair.employee, "--interaction", pair.interaction],
                               environment: Self.environment())
                let screen = try tmux.waitFor("the record") { $0.contains("Job title") }
                #expect(screen.contains(pair.interaction), "\(extra): \(screen)")
                try tmux.send("C-c")
                try Self.waitForExit(tmux)
            }
        }
        await server.stop()
    }

    /// Everything the UI writes to the terminal, captured byte for byte, never contains the token.
    @Test(.enabled(if: Tmux.available)) func theTokenNeverReachesTheTerminal() async throws {
        let server = DemoServer(token: Self.canary)
        let url = try await server.start()
        let tmux = Tmux()
        defer { tmux.kill() }
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("twb-stream-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: capture) }
        try await offPool {
            try tmux.start([TerminalUITests.binary, "--base-url", url.absoluteString], environment: Self.environment())
            try tmux.tmux(["pipe-pane", "-o", "-t", tmux.session, "cat >> \(Tmux.quote(capture))"])
            try tmux.waitFor(text: "E-1001")
            let pid = try tmux.format("#{pane_pid}")
            let cmdline = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
            #expect(!cmdline.contains(Self.canary), "the token is in argv")
            for keys in [["Enter"], ["Enter"], ["J"], ["J"], ["?"], ["Escape"], [":"], ["connect"], ["Enter"], ["Tab"], ["Tab"], ["Tab"]] {
                try tmux.send(keys[0])
                Thread.sleep(forTimeInterval: 0.3)
            }
            let screen = try tmux.screen()
            #expect(screen.contains("…XYZW"), "the connect form shows the last 4 characters: \(screen)")
            try tmux.send("C-c")
            _ = try tmux.waitFor("exit", timeout: 5) { _ in (try? tmux.format("#{pane_dead}")) == "1" }
        }
        let stream = try String(decoding: Data(contentsOf: URL(fileURLWithPath: capture)), as: UTF8.self)
        #expect(stream.count > 1000, "the capture holds the session")
        // On the way out the terminal gets the cursor back and leaves the alternate screen.
        let hide = stream.range(of: "\u{1B}[?25l", options: .backwards)
        let show = stream.range(of: "\u{1B}[?25h", options: .backwards)
        #expect(show != nil && (hide == nil || show!.lowerBound > hide!.lowerBound), "the last cursor change makes it visible")
        #expect(stream.suffix(200).contains("\u{1B}[?1049l"), "the alternate screen is left at exit")
        #expect(!stream.contains(Self.canary))
        #expect(!stream.contains(String(Self.canary.prefix(12))))
        await server.stop()
    }

    /// 1,500 random keys with resizes, in a pty, against a server that fails in several ways: the UI
    /// stays alive and still answers `?`.
    @Test(.enabled(if: Tmux.available)) func monkeyInAPseudoTerminal() async throws {
        let server = DemoServer(token: Self.canary)
        let url = try await server.start()
        let tmux = Tmux()
        defer { tmux.kill() }
        try await offPool {
            try tmux.start([TerminalUITests.binary, "--base-url", url.absoluteString, "--timeout", "1"], environment: Self.environment())
            try tmux.waitFor(text: "E-1001")
        }
        let faults: [DemoFault] = [.unavailable(retryAfter: nil, times: 5), .html500, .truncatedJSON, .slow(seconds: 0.3), .none,
                                   .rateLimited(retryAfter: "1", times: 2), .oversized(bytes: 2 << 20)]
        let keys = ["Up", "Down", "Left", "Right", "PageUp", "PageDown", "Home", "End", "Enter", "Escape", "Tab", "BSpace",
                    "j", "k", "g", "G", "h", "l", "n", "p", "J", "r", "a", "/", ":", "x", "1", "C-u", "C-w", "C-l", "C-b", "C-f"]
        var rng = SystemRandomNumberGenerator()
        var sent = 0
        while sent < 1_500 {
            await server.setFault(faults.randomElement(using: &rng)!)
            let batch = (0..<50).map { _ in keys.randomElement(using: &rng)! }
            let size = Bool.random(using: &rng) ? (Int.random(in: 20...200, using: &rng), Int.random(in: 5...60, using: &rng)) : nil
            try await offPool {
                try tmux.tmux(["send-keys", "-t", tmux.session] + batch)
                if let size { try tmux.resize(width: size.0, height: size.1) }
            }
            sent += batch.count
            #expect(try await offPool { try tmux.format("#{pane_dead}") } == "0", "the UI died after \(sent) keys")
        }
        await server.setFault(.none)
        try await offPool {
            try tmux.resize(width: 100, height: 30)
            // Close whatever is open (overlay, form field, request) and ask for help.
            for _ in 0..<4 { try tmux.send("Escape"); Thread.sleep(forTimeInterval: 0.1) }
            try tmux.send("C-u", "Escape")
            if try tmux.screen().contains("Connect to a TechWolf tenant") {
                try tmux.send("Enter")
                try tmux.waitFor("reconnect") { !$0.contains("Connect to a TechWolf tenant") }
            }
            try tmux.send("?")
            try tmux.waitFor(text: "Keys")
            try tmux.send("C-c")
            try Self.waitForExit(tmux)
        }
        await server.stop()
    }
}
