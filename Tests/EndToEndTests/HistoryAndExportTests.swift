import DemoAPI
import Foundation
import TechWolfAPI
import Testing

/// Ctrl-O / Tab through the places visited, `:w` and `|`, in the real binary in tmux.
@Suite(.serialized) struct HistoryAndExportTests {
    /// The screen without spaces and line ends, so a message wrapped over two rows is still found.
    static func flat(_ screen: String) -> String { screen.filter { !$0.isWhitespace } }

    static func lastCrumb(_ screen: String) -> String {
        let header = screen.split(separator: "\n").first.map(String.init) ?? ""
        return header.components(separatedBy: " › ").last?.components(separatedBy: "  ").first ?? ""
    }

    @Test(.enabled(if: Tmux.available)) func ctrlOAndTabMoveBetweenPlaces() async throws {
        let tmux = Tmux()
        defer { tmux.kill() }
        let environment = TerminalUITests.demoEnvironment
        try await offPool {
            try tmux.start([TerminalUITests.binary, "--demo"], environment: environment)
            try tmux.waitFor(text: "E-1001")
            try tmux.send("Enter")
            try tmux.waitFor("the employee and their interactions") { $0.contains("› E-1001") && $0.contains("int-") }
            try tmux.send("Enter")
            var screen = try tmux.waitFor("the record") { $0.contains("Timestamp") && $0.contains("› int-") }
            let record = String(Self.lastCrumb(screen).prefix { $0 != " " })
            #expect(record.hasPrefix("int-"))

            try tmux.send("C-o")
            screen = try tmux.waitFor("back to the employee") { !$0.contains("Timestamp") && Self.lastCrumb($0).hasPrefix("E-1001") }
            #expect(screen.contains("▶"), "the list with its selection")
            try tmux.send("C-o")
            try tmux.waitFor("back to the list") { Self.lastCrumb($0).hasPrefix("employees") && $0.contains("POSITION") }
            try tmux.send("Tab")
            try tmux.waitFor("forward to the employee") { Self.lastCrumb($0).hasPrefix("E-1001") }
            try tmux.send("Tab")
            screen = try tmux.waitFor("forward to the record") { $0.contains("Timestamp") }
            #expect(Self.lastCrumb(screen).hasPrefix(record))
            // Alt-← as xterm sends it.
            try tmux.sendLiteral("\u{1B}[1;3D")
            try tmux.waitFor("Alt-← back to the employee") { !$0.contains("Timestamp") && Self.lastCrumb($0).hasPrefix("E-1001") }

            try tmux.send(":")
            try tmux.sendLiteral("recent")
            try tmux.send("Enter")
            screen = try tmux.waitFor("the recent records") { Self.lastCrumb($0).hasPrefix("recent") }
            #expect(screen.contains(record) && screen.contains("OPENED"), "\(screen)")
            try tmux.send("Enter")
            screen = try tmux.waitFor("the record from the recent list") { $0.contains("Timestamp") }
            #expect(screen.contains(record))
            try tmux.send("C-c")
        }
    }

    @Test(.enabled(if: Tmux.available)) func writeSavesTheServersBodyAndThePagerGetsTheJSONWithoutTheToken() async throws {
        let server = DemoServer()
        let url = try await server.start()
        let tmux = Tmux()
        defer { tmux.kill() }
        let record = try #require(DemoDataSet.standard.interactions.first)
        // The body as the server sends it, through the project's own client.
        let configuration = ClientConfiguration(origin: try APIOrigin.baseURL(url.absoluteString), token: try AccessToken(DemoServer.demoToken))
        let sent = try await TechWolfClient(configuration: configuration)
            .getJSON(try TechWolfClient.interactionPath(employee: record.employeeID, interaction: record.externalID)).body

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twbrowse-e2e-export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/config/twbrowse", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "profiles:\n  other:\n    base_url: \(url.absoluteString)\n    token_env: TWB_E2E_PROFILE_TOKEN\n"
            .write(toFile: dir + "/config/twbrowse/config.yaml", atomically: true, encoding: .utf8)
        let pager = dir + "/pager.sh"
        try "#!/bin/sh\ncat > '\(dir)/paged.json'\nenv > '\(dir)/pager.env'\n".write(toFile: pager, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: pager)
        var env = TerminalUITests.environment
        env["PAGER"] = pager
        env["XDG_CONFIG_HOME"] = dir + "/config"
        env["TWB_E2E_PROFILE_TOKEN"] = "profile-secret-value-1234"
        let environment = env

        try await offPool {
            try tmux.start([TerminalUITests.binary, "--base-url", url.absoluteString, "--employee", record.employeeID,
                            "--interaction", record.externalID], environment: environment)
            // Settled: the vacancy's title is fetched after the record, and "resolving…" would differ later.
            let before = try tmux.waitFor("the record with its vacancy") {
                $0.contains("Timestamp") && $0.contains(record.externalID) && !$0.contains("resolving")
            }

            try tmux.send(":")
            try tmux.sendLiteral("w \(dir)/record.json")
            try tmux.send("Enter")
            try tmux.waitFor("the write") { Self.flat($0).contains("wrotetherecord") }
            #expect(FileManager.default.contents(atPath: dir + "/record.json") == sent, "byte for byte the server's body")
            let mode = (try FileManager.default.attributesOfItem(atPath: dir + "/record.json")[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o600)
            try tmux.send(":")
            try tmux.sendLiteral("w \(dir)/record.json")
            try tmux.send("Enter")
            try tmux.waitFor("the refusal") { Self.flat($0).contains("exists(:w!replacesit)") }

            try tmux.send("|")
            let deadline = Date().addingTimeInterval(10)
            while !FileManager.default.fileExists(atPath: dir + "/pager.env") && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            let screen = try tmux.waitFor("the record back after the pager") { $0.contains("Timestamp") && !Self.flat($0).contains("exists(:w!") }
            #expect(screen.split(separator: "\n").dropLast(2) == before.split(separator: "\n").dropLast(2), "the same place, redrawn")
            let paged = try String(contentsOfFile: dir + "/paged.json", encoding: .utf8)
            #expect(paged.contains("\"external_id\": \"\(record.externalID)\""))
            #expect(try JSONParser.parse(paged) == JSONParser.parse(sent), "the record's JSON")
            let pagerEnvironment = try String(contentsOfFile: dir + "/pager.env", encoding: .utf8)
            #expect(!pagerEnvironment.contains("TECHWOLF_TOKEN"))
            #expect(!pagerEnvironment.contains("TWB_E2E_PROFILE_TOKEN") && !pagerEnvironment.contains("profile-secret-value-1234"))
            #expect(!pagerEnvironment.contains(DemoServer.demoToken))
            #expect(pagerEnvironment.contains("PATH="))
            try tmux.send("C-c")
        }
        await server.stop()
    }

    @Test(.enabled(if: Tmux.available)) func aMissingPagerIsAMessageAndTheUIComesBack() async throws {
        let tmux = Tmux()
        defer { tmux.kill() }
        var env = TerminalUITests.demoEnvironment
        env["PAGER"] = "/nonexistent/pager -x"
        let environment = env
        try await offPool {
            try tmux.start([TerminalUITests.binary, "--demo", "--employee", "E-1001"], environment: environment)
            try tmux.waitFor("the employee") { Self.lastCrumb($0).hasPrefix("E-1001") && $0.contains("Interactions (") && $0.contains("Position") }
            try tmux.send("|")
            let screen = try tmux.waitFor("the message") { Self.flat($0).contains("wasnotfound(exit127)") }
            #expect(screen.contains("Interactions ("))
            try tmux.send("q")
            try tmux.waitFor(text: "POSITION")
            try tmux.send("C-c")
        }
    }
}
