import Foundation
import Testing
@testable import BrowserCore
@testable import TechWolfAPI

@Suite struct ExportTests {
    let record = InteractionKey(employee: "E-1001", interaction: "int-a1")

    func keys(_ s: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { Update.handle(.key($0), &s) }
    }

    /// The record on screen with the body the server sent (its spacing, key order and escapes).
    func onRecordWithBody(_ body: String) -> AppState {
        var s = UIFixtures.onRecord()
        var loaded = try! InteractionRecord(json: JSONParser.parse(body))
        loaded.body = Data(body.utf8)
        s.records[record] = .loaded(loaded, .network(duration: 0.1))
        return s
    }

    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("twbrowse-export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    /// `:line` typed and run; the `:w` effect performed as the runner does, and its result handed back.
    func command(_ line: String, _ s: inout AppState) -> FileExport? {
        let effects = keys(&s, .char(":"), .paste(line), .enter)
        guard case .writeFile(let export)? = effects.first else { return nil }
        _ = Update.handle(.result(.fileWritten(ExportFile.write(export), what: export.what)), &s)
        return export
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func writeSavesTheBodyAsSentRefusesAnExistingFileAndBangReplacesIt() throws {
        let body = "{ \"external_id\":\"int-a1\",  \"interaction_type\": \"vacancy_liked\", \"timestamp\": \"2023-06-08T14:42:31.130855\", \"vacancy_id\": \"vac-0001\", \"score\": 0.870, \"t\": \"\\u00e9\" }"
        var s = onRecordWithBody(body)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/record.json"

        let export = command("w \(path)", &s)
        #expect(export?.overwrite == false)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(body.utf8), "byte for byte, not re-printed")
        #expect(try mode(path) == 0o600)
        #expect(s.message?.text == "wrote the record int-a1 to \(path) (\(body.utf8.count) bytes, mode 0600)")

        try Data("mine".utf8).write(to: URL(fileURLWithPath: path))
        _ = command("w \(path)", &s)
        #expect(s.message?.kind == .error)
        #expect(s.message?.text == "not written: \(path) exists (:w! replaces it)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine", "refused: the file is untouched")

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(command("w! \(path)", &s)?.overwrite == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(body.utf8))
        #expect(try mode(path) == 0o600, "a replaced file now holds personal data too")
        #expect(s.message?.kind == .success)
    }

    @Test func neitherWriteNorBangFollowsASymbolicLink() throws {
        var s = onRecordWithBody(UIFixtures.records[0].1)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/target"
        try Data("keep".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: target)
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling", withDestinationPath: dir + "/created-through-the-link")

        for line in ["w \(dir)/link", "w! \(dir)/link", "w \(dir)/dangling", "w! \(dir)/dangling"] {
            _ = command(line, &s)
            #expect(s.message?.kind == .error, "\(line)")
            #expect(s.message?.text.contains("is a symbolic link; it is never followed") == true, "\(line): \(s.message?.text ?? "")")
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
        #expect(!FileManager.default.fileExists(atPath: dir + "/created-through-the-link"))
    }

    @Test func problemsAreOneLineEach() throws {
        var s = onRecordWithBody(UIFixtures.records[0].1)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = command("w \(dir)/missing/record.json", &s)
        #expect(s.message?.text == "not written: no such directory: \(dir)/missing")
        _ = command("w \(dir)", &s)
        #expect(s.message?.text == "not written: \(dir) is a directory; give a file name")
        _ = command("w! \(dir)", &s)
        #expect(s.message?.text == "not written: \(dir) is a directory; give a file name")
        try FileManager.default.createDirectory(atPath: dir + "/locked", withIntermediateDirectories: false, attributes: [.posixPermissions: 0o500])
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir + "/locked") }
        if getuid() != 0 {
            _ = command("w \(dir)/locked/record.json", &s)
            #expect(s.message?.text == "not written: \(dir)/locked/record.json: permission denied")
        }
        _ = command("w", &s)
        #expect(s.message?.text.hasPrefix("usage: :w FILE") == true)
    }

    @Test func pathsExpandTheHomeAndStartFromTheWorkingDirectory() throws {
        #expect(ExportFile.absolutePath("~/r.json", home: "/home/ana", directory: "/srv") == "/home/ana/r.json")
        #expect(ExportFile.absolutePath("out/r.json", home: "/home/ana", directory: "/srv") == "/srv/out/r.json")
        #expect(ExportFile.absolutePath("/tmp/r.json", home: "/home/ana", directory: "/srv") == "/tmp/r.json")
        #expect(ExportFile.absolutePath("~other/r.json", home: "/home/ana", directory: "/srv") == "/srv/~other/r.json")
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let body = Data("{\"a\": 1}".utf8)
        let export = FileExport(path: "relative.json", bytes: body, overwrite: false, what: "record x")
        #expect(try ExportFile.write(export, home: "/nonexistent", directory: dir).get().path == dir + "/relative.json")
        #expect(FileManager.default.contents(atPath: dir + "/relative.json") == body)
        let home = FileExport(path: "~/in-home.json", bytes: body, overwrite: false, what: "record x")
        #expect(try ExportFile.write(home, home: dir, directory: "/").get().bytes == body.count)
        #expect(FileManager.default.contents(atPath: dir + "/in-home.json") == body)
    }

    @Test func screensWithNothingToWriteSaySo() {
        var s = UIFixtures.connected()
        #expect(keys(&s, .char(":"), .paste("w /tmp/never-written.json"), .enter).isEmpty)
        #expect(s.message?.text == "nothing to write here: open a record, an employee or a vacancy")
        #expect(keys(&s, .char("|")).isEmpty)
        s = UIFixtures.onRecord()
        s.records[record] = .loading
        #expect(keys(&s, .char(":"), .paste("w /tmp/never-written.json"), .enter).isEmpty)
        #expect(s.message?.text == "nothing to write yet: the record int-a1 is not loaded")
        // A record built from a list or a test has no body of its own: nothing is invented.
        s = UIFixtures.onRecord()
        #expect(keys(&s, .char(":"), .paste("w /tmp/never-written.json"), .enter).isEmpty)
        #expect(s.message?.text.contains("no body of its own") == true)
    }

    @Test func theEmployeeAndTheVacancyAreWrittenTooJSONViewIncluded() {
        var s = UIFixtures.onEmployee()
        var employee = s.employees["E-1001"]!.value!
        employee.body = Data("{\"external_id\":\"E-1001\"}".utf8)
        s.employees["E-1001"] = .loaded(employee, .network(duration: 0.1))
        _ = keys(&s, .char("J"))
        let effects = keys(&s, .char(":"), .paste("w! e.json"), .enter)
        guard case .writeFile(let export)? = effects.first else { Issue.record("no write"); return }
        #expect(export.bytes == employee.body && export.what == "employee E-1001" && export.overwrite)
        s = UIFixtures.onRecord()
        _ = keys(&s, .char("v"))
        guard case .resolved(var vacancy)? = s.vacancies["vac-0001"] else { Issue.record("no vacancy"); return }
        vacancy.body = Data("{\"external_id\": \"vac-0001\"}".utf8)
        s.vacancies["vac-0001"] = .resolved(vacancy)
        let written = keys(&s, .char(":"), .paste("w v.json"), .enter)
        guard case .writeFile(let v)? = written.first else { Issue.record("no write"); return }
        #expect(v.bytes == vacancy.body && v.what == "vacancy vac-0001")
    }

    @Test func thePagerGetsTheJSONSanitisedLikeTheScreen() {
        let hostile = #"{"external_id": "int-a1", "interaction_type": "vacancy_liked", "title": "\u001b]0;pwned\u0007 \u202e evil \u009b2J", "note": "tok-Sup3rSecretValue-42"}"#
        SecretRedaction.shared.register("tok-Sup3rSecretValue-42")
        var s = onRecordWithBody(hostile)
        let effects = keys(&s, .char("|"))
        guard case .page(let text, let what)? = effects.first else { Issue.record("no pager request"); return }
        #expect(what == "record int-a1")
        #expect(text.contains("\"external_id\": \"int-a1\""))
        #expect(!text.unicodeScalars.contains { $0 != "\n" && TerminalText.isUnsafe($0) }, "no control, bidi or invisible character reaches the pager")
        #expect(text.contains(#"\u001b]0;pwned\u0007"#), "the escape is shown, escaped, as on screen")
        #expect(!text.contains("tok-Sup3rSecretValue-42"))
        #expect(text.hasSuffix("}\n"))
        // The JSON view pages the same JSON.
        _ = keys(&s, .char("J"))
        guard case .page(let again, _)? = keys(&s, .char("|")).first else { Issue.record("no pager request"); return }
        #expect(again == text)
    }

    @Test func theOutcomeOfThePagerIsAClearMessage() {
        var s = UIFixtures.onRecord()
        _ = Update.handle(.result(.paged(.exited(status: 127, command: "nopager -x"), what: "record int-a1")), &s)
        #expect(s.message?.text == "the pager `nopager -x` was not found (exit 127); set PAGER to a pager you have")
        _ = Update.handle(.result(.paged(.exited(status: 3, command: "less -R"), what: "record int-a1")), &s)
        #expect(s.message?.text == "the pager `less -R` exited with status 3")
        s.message = nil
        _ = Update.handle(.result(.paged(.finished, what: "record int-a1")), &s)
        #expect(s.message == nil)
        _ = Update.handle(.result(.paged(.signalled(SIGINT, command: "less -R"), what: "record int-a1")), &s)
        #expect(s.message == nil, "Ctrl-C is a way out of a pager")
        _ = Update.handle(.result(.paged(.signalled(SIGKILL, command: "less -R"), what: "record int-a1")), &s)
        #expect(s.message?.text == "the pager `less -R` was ended by signal 9")
        #expect(s.place == .record(record), "back at the same place")
    }

    @Test func thePagerCommandAndItsEnvironment() throws {
        #expect(PagerRequest.command(pager: nil) == "less -R")
        #expect(PagerRequest.command(pager: "  ") == "less -R")
        #expect(PagerRequest.command(pager: "less -R +G") == "less -R +G")
        let environment = ["TECHWOLF_TOKEN": "t", "ACME_TOKEN": "a", "ACME_SECRET": "s", "PATH": "/bin", "HOME": "/h"]
        #expect(ChildEnvironment.entries(environment, without: ["TECHWOLF_TOKEN", "ACME_TOKEN", "ACME_SECRET"]) == ["HOME=/h", "PATH=/bin"])
        #expect(ChildEnvironment.protectedVariables.contains("TECHWOLF_TOKEN"))

        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let yaml = """
            profiles:
              a:
                tenant: acme
                region: eu3
                token_env: TWB_TEST_PROFILE_TOKEN
              b:
                tenant: acme
                region: us3
                client_id: abc
                client_secret_env: TWB_TEST_PROFILE_SECRET
              c:
                tenant: acme
                region: eu3
                token_file: /nonexistent
            """
        try yaml.write(toFile: dir + "/config.yaml", atomically: true, encoding: .utf8)
        let config = try ProfileConfig.load(path: dir + "/config.yaml")
        #expect(config.secretVariables == ["TWB_TEST_PROFILE_TOKEN", "TWB_TEST_PROFILE_SECRET"])
        #expect(ChildEnvironment.protectedVariables.isSuperset(of: ["TWB_TEST_PROFILE_TOKEN", "TWB_TEST_PROFILE_SECRET"]), "a config read protects them")
    }
}
