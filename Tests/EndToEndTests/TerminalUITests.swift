import DemoAPI
import Foundation
import Testing

/// The real binary in a real pseudo-terminal (tmux), against the demo API over loopback.
@Suite(.serialized) struct TerminalUITests {
    static var binary: String {
        var dir = Bundle.main.bundleURL
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("twbrowse")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            dir = dir.deletingLastPathComponent()
        }
        return ".build/debug/twbrowse"
    }

    static let environment = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "TECHWOLF_TOKEN": DemoServer.demoToken, "TZ": "UTC"]
    /// For `--demo`, which needs no token: none is in the environment.
    static let demoEnvironment = environment.filter { $0.key != "TECHWOLF_TOKEN" }

    /// A record with a vacancy whose job title is CJK, and a date-only timestamp somewhere in the data set.
    static func cjkVacancyRecord() throws -> DemoInteraction {
        let cjkVacancies = Set(DemoDataSet.standard.vacancies.filter { $0.jobTitle.unicodeScalars.contains { (0x3040...0x9FFF).contains($0.value) } }.map(\.externalID))
        return try #require(DemoDataSet.standard.interactions.first { i in cjkVacancies.contains { i.json.contains("\"\($0)\"") } })
    }

    @Test(.enabled(if: Tmux.available)) func openRecordResizeAndQuit() async throws {
        let server = DemoServer()
        let url = try await server.start()
        let tmux = Tmux()
        defer { tmux.kill() }
        let record = try Self.cjkVacancyRecord()
        let vacancyID = try #require(record.json.range(of: #""vacancy_id": "([^"]+)""#, options: .regularExpression).map { String(record.json[$0]).split(separator: "\"")[2] })
        let jobTitle = try #require(DemoDataSet.standard.vacancies.first { $0.externalID == vacancyID }?.jobTitle)

        try await offPool { try Self.openRecordResizeAndQuit(tmux, url: url, record: record, jobTitle: jobTitle) }
        await server.stop()
    }

    static func openRecordResizeAndQuit(_ tmux: Tmux, url: URL, record: DemoInteraction, jobTitle: String) throws {
        try tmux.start([Self.binary, "--base-url", url.absoluteString, "--employee", record.employeeID, "--interaction", record.externalID],
                       environment: Self.environment)
        // The decoded record, with its vacancy's job title resolved.
        var screen = try tmux.waitFor("the resolved job title") { $0.contains(jobTitle) }
        #expect(screen.contains(record.externalID))
        #expect(screen.contains("Interaction"))
        #expect(screen.contains("Relative"))
        #expect(screen.contains("\(record.employeeID) › \(record.externalID)"), "breadcrumb:\n\(screen)")

        // Too small, then back.
        try tmux.resize(width: 30, height: 8)
        screen = try tmux.waitFor("the too-small notice") { $0.contains("too small") }
        try tmux.resize(width: 100, height: 30)
        try tmux.waitFor(text: jobTitle)

        // Back to the employee, where the record is listed; then the employees list.
        try tmux.send("Escape")
        screen = try tmux.waitFor("the employee screen") { $0.contains("Interactions (") }
        #expect(screen.contains(record.externalID))
        try tmux.send("q")
        try tmux.waitFor(text: "POSITION")

        // Help says how to quit.
        try tmux.send("?")
        screen = try tmux.waitFor("help") { $0.contains("Keys") }
        #expect(screen.lowercased().contains("quit"))
        try tmux.send("Escape")

        try tmux.send("q")
        _ = try tmux.waitFor("the process to exit", timeout: 5) { _ in (try? tmux.format("#{pane_dead}")) == "1" }
        #expect(try tmux.format("#{alternate_on}") == "0", "the normal screen is back")
    }

    @Test(.enabled(if: Tmux.available)) func demoStartsWithNoSetUp() async throws {
        let tmux = Tmux()
        defer { tmux.kill() }
        let environment = Self.demoEnvironment
        try await offPool { try Self.demoStartsWithNoSetUp(tmux, environment) }
    }

    static func demoStartsWithNoSetUp(_ tmux: Tmux, _ env: [String: String]) throws {
        try tmux.start([Self.binary, "--demo"], environment: env)
        try tmux.waitFor(text: "E-1001")
        try tmux.send("Enter")
        // The demo's worklist (which names E-1001's interactions) is made after the list, off the first
        // frame's path: an employee opened before it lands shows no rows yet, then fills in.
        let screen = try tmux.waitFor("E-1001's interactions") { $0.contains("Interactions (") && $0.contains("▶int-") }
        #expect(screen.contains("int-"))
        try tmux.send("Enter")
        try tmux.waitFor(text: "Timestamp")
        try tmux.send("C-c")
        _ = try tmux.waitFor("the process to exit", timeout: 5) { _ in (try? tmux.format("#{pane_dead}")) == "1" }
        #expect(try tmux.format("#{alternate_on}") == "0")
    }

    @Test(.enabled(if: Tmux.available)) func sigtermRestoresTheTerminal() async throws {
        let tmux = Tmux()
        defer { tmux.kill() }
        try await offPool { try Self.sigtermRestoresTheTerminal(tmux) }
    }

    static func sigtermRestoresTheTerminal(_ tmux: Tmux) throws {
        try tmux.start([Self.binary, "--demo"], environment: Self.environment)
        try tmux.waitFor(text: "E-1001")
        try tmux.signal("TERM")
        _ = try tmux.waitFor("the process to exit", timeout: 5) { _ in (try? tmux.format("#{pane_dead}")) == "1" }
        #expect(try tmux.format("#{alternate_on}") == "0")
    }

    @Test func refusesAnUnusableTerminal() throws {
        for term in ["dumb", ""] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Self.binary)
            p.arguments = ["--demo"]
            var env = ProcessInfo.processInfo.environment
            env["TERM"] = term.isEmpty ? nil : term
            p.environment = env
            let err = Pipe()
            p.standardError = err
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            let data = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            let message = String(decoding: data, as: UTF8.self)
            #expect(p.terminationStatus == 2)
            #expect(message.contains("twbrowse get"), "\(message)")
            #expect(!message.contains("\u{1B}["), "no escape sequences in the refusal")
        }
    }
}

@Suite(.serialized) struct ClipboardTests {
    /// `y` on a record writes an OSC 52 sequence carrying the record's ID; `c` a curl command that names
    /// $TECHWOLF_TOKEN and not the token.
    @Test(.enabled(if: Tmux.available)) func copyEmitsOSC52WithTheRecordID() async throws {
        let server = DemoServer()
        let url = try await server.start()
        let tmux = Tmux()
        defer { tmux.kill() }
        let pair = DemoDataSet.standard.worklist[0]
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("twb-osc-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: capture) }
        try await offPool {
            try tmux.start([TerminalUITests.binary, "--base-url", url.absoluteString, "--employee", pair.employee, "--interaction", pair.interaction],
                           environment: TerminalUITests.environment, options: ["set -g set-clipboard on"])
            try tmux.tmux(["pipe-pane", "-o", "-t", tmux.session, "cat >> \(Tmux.quote(capture))"])
            try tmux.waitFor(text: "Job title")
            try tmux.send("y")
            try tmux.waitFor(text: "copied interaction ID")
            try tmux.send("c")
            try tmux.waitFor(text: "copied curl command")
            try tmux.send("C-c")
        }
        try await Task.sleep(nanoseconds: 300_000_000)
        let stream = String(decoding: try Data(contentsOf: URL(fileURLWithPath: capture)), as: UTF8.self)
        let idPayload = Data(pair.interaction.utf8).base64EncodedString()
        #expect(stream.contains("]52;c;\(idPayload)\u{07}"), "no OSC 52 with the ID")
        let curlPayloads = stream.components(separatedBy: "]52;c;").dropFirst().compactMap { $0.split(separator: "\u{07}").first }
            .compactMap { Data(base64Encoded: String($0)) }.map { String(decoding: $0, as: UTF8.self) }
        let curl = try #require(curlPayloads.first { $0.hasPrefix("curl") })
        #expect(curl.contains("$TECHWOLF_TOKEN"))
        #expect(!curl.contains(DemoServer.demoToken))
        #expect(curl.contains("/employees/\(pair.employee)/interactions/\(pair.interaction)"))
        await server.stop()
    }

    /// tmux with set-clipboard off drops an application's OSC 52: the copy says so with the fix, and doctor,
    /// run in the same tmux, counts it as a problem.
    @Test(.enabled(if: Tmux.available)) func tmuxThatDropsCopiesIsNamed() async throws {
        let server = DemoServer()
        let url = try await server.start()
        let pair = DemoDataSet.standard.worklist[0]
        let (copyScreen, doctorScreen, doctorStatus) = try await offPool {
            let tmux = Tmux()
            defer { tmux.kill() }
            try tmux.start([TerminalUITests.binary, "--base-url", url.absoluteString, "--employee", pair.employee, "--interaction", pair.interaction],
                           environment: TerminalUITests.environment, options: ["set -g set-clipboard off"])
            try tmux.waitFor(text: "Job title")
            try tmux.send("y")
            let copy = try tmux.waitFor("the warning") { $0.contains("set-clipboard") }
            try tmux.send("C-c")

            let doctor = Tmux()
            defer { doctor.kill() }
            try doctor.start([TerminalUITests.binary, "doctor", "--base-url", url.absoluteString],
                             environment: TerminalUITests.environment, width: 200, height: 60, options: ["set -g set-clipboard off"])
            let deadline = Date().addingTimeInterval(10)
            while try doctor.format("#{pane_dead}") != "1" && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            return (copy, try doctor.screenWithHistory(), try doctor.format("#{pane_dead_status}"))
        }
        await server.stop()
        #expect(copyScreen.contains("but tmux has set-clipboard off"), "\(copyScreen)")
        #expect(!copyScreen.contains("copied interaction ID"), "\(copyScreen)")
        let clipboardLine = doctorScreen.split(separator: "\n").first { $0.contains("clipboard") }.map(String.init) ?? ""
        #expect(clipboardLine.contains("✗") && clipboardLine.contains("set -g set-clipboard on"), "\(doctorScreen)")
        #expect(doctorScreen.contains("1 problem found") && !doctorScreen.contains("All good"), "\(doctorScreen)")
        #expect(doctorStatus != "0")
    }
}
