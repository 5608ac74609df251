import DemoAPI
import Foundation
import Testing

/// The real `twbrowse` binary, run as a user would, against the demo API on loopback.
@Suite(.serialized) struct CLITests {
    struct Run: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var binary: URL {
        // The test bundle sits in the build folder beside the executable.
        var dir = Bundle.main.bundleURL
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("twbrowse")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/twbrowse")
    }

    /// Runs the binary on a plain thread: waiting for it must not occupy the concurrency pool that the
    /// in-process demo server needs to answer it.
    static func run(_ arguments: [String], token: String? = DemoServer.demoToken, stdin: String? = nil,
                    extraEnvironment: [String: String] = [:]) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try runBlocking(arguments, token: token, stdin: stdin, extraEnvironment: extraEnvironment)
                })
            }.start()
        }
    }

    static func runBlocking(_ arguments: [String], token: String?, stdin: String?, extraEnvironment: [String: String]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["TECHWOLF_TOKEN"] = token
        env["TECHWOLF_TENANT"] = nil
        env["TECHWOLF_REGION"] = nil
        env["TECHWOLF_BASE_URL"] = nil
        // A run inside tmux or screen would add doctor's clipboard line: these runs stand for a plain terminal.
        env["TMUX"] = nil
        env["STY"] = nil
        for (k, v) in extraEnvironment { env[k] = v }
        process.environment = env
        let (stdout, stderr) = try ProcessCapture.run(process, stdin: stdin)
        return Run(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    static func withServer(_ body: (DemoServer, String) async throws -> Void) async throws {
        let server = DemoServer()
        let url = try await server.start()
        do { try await body(server, url.absoluteString) } catch { await server.stop(); throw error }
        await server.stop()
    }

    static let pair = DemoDataSet.standard.worklist[0]

    @Test func demoServerNeverOverwritesAWorklistThatIsNotItsOwn() async throws {
        // `--worklist` before the subcommand is the browser's input file; demo-server sees it too.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("twb-pairs-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "E-1 int-1\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try await Self.run(["--worklist", path, "demo-server"], token: nil)
        #expect(run.status == 2)
        #expect(run.stderr.contains("not a demo worklist"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "E-1 int-1\n")
    }

    @Test func doctorChecksTheConnectionAndNamesTheHTTPSLibrary() async throws {
        try await Self.withServer { server, base in
            let run = try await Self.run(["doctor", "--base-url", base])
            #expect(run.stdout.contains("origin") && run.stdout.contains(base), "\(run.stdout)")
            #expect(run.stdout.contains("GET /version"), "\(run.stdout)")
            // libcurl is loaded for this line only; loopback http never needs it.
            let https = try #require(run.stdout.split(separator: "\n").first { $0.contains(" https ") }, "\(run.stdout)")
            #expect(https.contains("libcurl/") || https.contains("libcurl cannot be loaded"), "\(https)")
            #expect(!run.stdout.contains(DemoServer.demoToken) && !run.stderr.contains(DemoServer.demoToken))
            #expect(await server.count(pathPrefix: "/version") == 1)
        }
    }

    @Test func demoServerOnABusyPortSaysWhyInWords() async throws {
        try await Self.withServer { _, base in
            let port = try #require(URL(string: base)?.port)
            let run = try await Self.run(["demo-server", "--port", String(port)], token: nil)
            #expect(run.status == 5)
            #expect(run.stderr.contains("cannot start the demo server: port \(port) on 127.0.0.1 is already in use"), "\(run.stderr)")
            #expect(!run.stderr.contains("cannotListen"))
        }
    }

    @Test func getPrintsTheRecordAsSent() async throws {
        try await Self.withServer { _, base in
            // A record with unknown fields and non-Latin text.
            let rich = try #require(DemoDataSet.standard.interactions.first { $0.json.contains("\"channel\"") })
            let r = try await Self.run(["--base-url", base, "get", rich.employeeID, rich.externalID])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("\"channel\""))
            #expect(r.stdout.hasPrefix("{\n  \"external_id\": \"\(rich.externalID)\""))
            func isCJK(_ s: Unicode.Scalar) -> Bool { (0x3040...0x9FFF).contains(s.value) }
            let cjk = try #require(DemoDataSet.standard.interactions.first { $0.json.unicodeScalars.contains(where: isCJK) })
            let r2 = try await Self.run(["get", "--base-url", base, cjk.employeeID, cjk.externalID])
            #expect(r2.status == 0)
            #expect(r2.stdout.unicodeScalars.contains(where: isCJK))
        }
    }

    @Test func textFormatResolvesTheVacancy() async throws {
        try await Self.withServer { _, base in
            let r = try await Self.run(["--base-url", base, "get", Self.pair.employee, Self.pair.interaction, "--format", "text"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("Interaction"))
            #expect(r.stdout.contains("Relative"))
        }
    }

    @Test func exitCodes() async throws {
        try await Self.withServer { server, base in
            #expect(try await Self.run(["--base-url", base, "get", "E-1001", "bad id"]).status == 2)
            #expect(try await Self.run(["--base-url", base, "get", "E-1001", "int-nope"]).status == 4)
            #expect(try await Self.run(["--base-url", base, "get", "E-1001", "x"], token: "wrong-token").status == 3)
            #expect(try await Self.run(["--base-url", base, "get", "E-1001", "x", "--bogus"]).status == 2)
            await server.setFault(.html500)
            let five = try await Self.run(["--base-url", base, "get", "E-1001", "x"])
            #expect(five.status == 5)
            #expect(!five.stderr.contains("<"))
            await server.setFault(.truncatedJSON)
            #expect(try await Self.run(["--base-url", base, "get", Self.pair.employee, Self.pair.interaction]).status == 6)
            await server.setFault(.none)
        }
    }

    @Test func invalidInputIsRefusedBeforeAnyRequest() async throws {
        try await Self.withServer { server, base in
            await server.resetRecordedRequests()
            for args in [["--base-url", base, "get", "E/1", "x"],
                         ["--base-url", base, "get", "E-1", String(repeating: "a", count: 101)],
                         ["--tenant", "evil.com#", "--region", "eu3", "get", "E-1", "x"],
                         ["--tenant", "acme", "--region", "eu3/x", "get", "E-1", "x"],
                         ["--base-url", "http://example.com", "get", "E-1", "x"],
                         ["--base-url", base, "employees", "--limit", "500"]] {
                let r = try await Self.run(args)
                #expect(r.status == 2, "\(args): \(r.stderr)")
                #expect(r.stderr.hasPrefix("twbrowse: invalid"), "\(args): \(r.stderr)")
            }
            #expect(await server.requests.isEmpty)
        }
    }

    @Test func tokenOnArgvIsRefusedAndNeverEchoed() async throws {
        try await Self.withServer { server, base in
            await server.resetRecordedRequests()
            for args in [["--token", "abc", "get", "E-1", "x"], ["--token=abc", "get", "E-1", "x"],
                         ["--base-url", base, "get", DemoServer.demoToken, "x"]] {
                let r = try await Self.run(args)
                #expect(r.status == 2)
                #expect(r.stderr.contains("TECHWOLF_TOKEN"))
                #expect(r.stderr.contains("--token-file"))
                #expect(!r.stderr.contains(DemoServer.demoToken))
            }
            #expect(await server.requests.isEmpty)
        }
    }

    @Test func tokenFromFileAndCommand() async throws {
        try await Self.withServer { _, base in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("twb-token-\(UUID().uuidString)").path
            try (DemoServer.demoToken + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: file) }
            chmod(file, 0o600)
            let viaFile = try await Self.run(["--base-url", base, "--token-file", file, "ping"], token: nil)
            #expect(viaFile.status == 0, "\(viaFile.stderr)")
            #expect(!viaFile.stdout.contains(DemoServer.demoToken))
            chmod(file, 0o644)
            let warned = try await Self.run(["--base-url", base, "--token-file", file, "ping"], token: nil)
            #expect(warned.stderr.contains("chmod 600"))
            let viaCommand = try await Self.run(["--base-url", base, "--token-command", "cat \(file)", "ping"], token: nil)
            #expect(viaCommand.status == 0, "\(viaCommand.stderr)")
        }
    }

    /// twbrowse sets GNUTLS_NO_IMPLICIT_INIT for its own libraries (CProcessSetup); the commands it runs never
    /// inherit it, unless the user had set it, in which case it is theirs and passes through.
    @Test func commandsDoNotInheritTheVariablesSetForOwnLibraries() async throws {
        try await Self.withServer { _, base in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twb-env-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let seen = dir + "/seen"
            let command = "printf '%s' \"${GNUTLS_NO_IMPLICIT_INIT-unset}\" > \(seen); echo \(DemoServer.demoToken)"
            try #require(ProcessInfo.processInfo.environment["GNUTLS_NO_IMPLICIT_INIT"] == nil)
            let own = try await Self.run(["--base-url", base, "--token-command", command, "ping"], token: nil)
            #expect(own.status == 0, "\(own.stderr)")
            #expect(try String(contentsOfFile: seen, encoding: .utf8) == "unset")
            let users = try await Self.run(["--base-url", base, "--token-command", command, "ping"], token: nil,
                                           extraEnvironment: ["GNUTLS_NO_IMPLICIT_INIT": "7"])
            #expect(users.status == 0, "\(users.stderr)")
            #expect(try String(contentsOfFile: seen, encoding: .utf8) == "7")
        }
    }

    @Test func checkSends4RequestsFor181LinesNaming4Pairs() async throws {
        try await Self.withServer { server, base in
            let pairs = Array(DemoDataSet.standard.worklist.prefix(4))
            var lines = ["# four pairs, many times, in every accepted format"]
            for i in 0..<180 {
                let p = pairs[i % 4]
                lines.append([("\(p.employee) \(p.interaction)"), "\(p.employee),\(p.interaction)", "\(p.employee)/\(p.interaction)"][i % 3])
            }
            #expect(lines.count == 181)
            await server.resetRecordedRequests()
            let r = try await Self.run(["--base-url", base, "check", "--ids-file", "-"], stdin: lines.joined(separator: "\n"))
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.split(separator: "\n").count == 180)
            #expect(await server.count(pathPrefix: "/employees/") <= 4)
            #expect(r.stderr.contains("180 pairs checked, 180 found"))
        }
    }

    @Test func checkWithARefusedTokenStopsAndSaysHowManyWereNotChecked() async throws {
        try await Self.withServer { server, base in
            let pairs = DemoDataSet.standard.worklist.prefix(200).map { "\($0.employee) \($0.interaction)" }
            let r = try await Self.run(["--base-url", base, "check", "--ids-file", "-", "--concurrency", "4"],
                                       token: "wrong-token-0123456789", stdin: pairs.joined(separator: "\n"))
            #expect(r.status == 3)
            let checked = r.stdout.split(separator: "\n").count
            #expect(checked < 200, "the run stopped sending a refused token")
            #expect(r.stderr.contains("\(checked) pairs checked"), "\(r.stderr)")
            #expect(r.stderr.contains("\(200 - checked) not checked: the token was refused"), "\(r.stderr)")
            #expect(await server.count(pathPrefix: "/employees/") == checked)
        }
    }

    @Test func checkReportsBadLinesAndMissingPairs() async throws {
        try await Self.withServer { _, base in
            let input = "\u{FEFF}\(Self.pair.employee) \(Self.pair.interaction)\r\nnot a pair at all\r\nE-1001 int-missing\r\n"
            let r = try await Self.run(["--base-url", base, "check", "--ids-file", "-"], stdin: input)
            #expect(r.status == 4)
            #expect(r.stderr.contains("line 2"))
            #expect(r.stdout.contains(#""status":"error""#))
            #expect(r.stdout.contains(#""kind":"not_found""#))
        }
    }

    @Test func curlFormatNeedsNoTokenAndNamesTheVariable() async throws {
        let r = try await Self.run(["--tenant", "acme", "--region", "eu3", "get", "E-1", "int-1", "--format", "curl"], token: nil)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "curl -sS -H \"Authorization: Bearer $TECHWOLF_TOKEN\" -H 'Accept: application/json' 'https://acme.eu3.techwolf.ai/employees/E-1/interactions/int-1'\n")
    }

    @Test func helpDocumentsExitCodes() async throws {
        let r = try await Self.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Exit codes"))
        #expect(r.stdout.contains("TECHWOLF_TOKEN"))
    }
}

/// Every command, successful or failing, with a known token: it never appears in what the tool prints.
@Suite(.serialized) struct TokenLeakTests {
    static let canary = "tw-canary-token-3f9a1c7e5b2d4-QRST"

    @Test func noCommandPrintsTheToken() async throws {
        let server = DemoServer(token: Self.canary)
        let base = try await server.start().absoluteString
        let pair = DemoDataSet.standard.worklist[0]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("twb-leak-\(UUID().uuidString)").path
        try (Self.canary + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o644)   // readable by others: the warning must not quote the token either
        defer { try? FileManager.default.removeItem(atPath: file) }
        let commands: [[String]] = [
            ["get", pair.employee, pair.interaction], ["get", pair.employee, pair.interaction, "--format", "text"],
            ["get", "E-1001", "int-missing"], ["get", "E-1001", "bad id"], ["employees", "--limit", "3"], ["employee", pair.employee],
            ["vacancy", "vac-0001"], ["vacancy", "vac-9999"], ["ping"], ["--token-file", file, "ping"],
            ["--token-command", "cat \(file)", "ping"], ["check", "--ids-file", "-"],
        ]
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("twb-leak-log-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var outputs: [String] = []
        for args in commands {
            let r = try await CLITests.run(["--base-url", base, "--log-file", log] + args, token: Self.canary, stdin: "\(pair.employee) \(pair.interaction)\nE-1 x\n")
            outputs.append(r.stdout + r.stderr)
        }
        let logged = try String(contentsOfFile: log, encoding: .utf8)
        #expect(logged.contains("GET /employees/\(pair.employee)/interactions/\(pair.interaction) 200"), "the log has the requests")
        #expect(!logged.contains(Self.canary) && !logged.lowercased().contains("authorization"), "the log holds no token or header")
        for fault in [DemoFault.html500, .truncatedJSON, .redirect(to: "http://127.0.0.1:9"), .unavailable(retryAfter: "0", times: 10)] {
            await server.setFault(fault)
            let r = try await CLITests.run(["--base-url", base, "--timeout", "3", "get", pair.employee, pair.interaction], token: Self.canary)
            outputs.append(r.stdout + r.stderr)
        }
        await server.setFault(.none)
        // A wrong token is not echoed either.
        let wrong = try await CLITests.run(["--base-url", base, "ping"], token: "wrong-\(Self.canary)")
        outputs.append(wrong.stdout + wrong.stderr)
        for (args, output) in zip(commands.map { $0.joined(separator: " ") } + ["faults…"], outputs) {
            #expect(!output.contains(Self.canary), "\(args) printed the token")
            #expect(!output.contains(String(Self.canary.prefix(10))), "\(args) printed part of the token")
        }
        await server.stop()
    }
}

@Suite(.serialized) struct ProfileCLITests {
    @Test func aProfileWithATokenCommandConnects() async throws {
        let server = DemoServer()
        let base = try await server.start().absoluteString
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twb-xdg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("twbrowse"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let tokenFile = dir.appendingPathComponent("token").path
        try DemoServer.demoToken.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        try """
            profiles:
              demo:
                base_url: \(base)
                token_command: cat \(tokenFile)
            """.write(to: dir.appendingPathComponent("twbrowse/config.yaml"), atomically: true, encoding: .utf8)
        let env = ["XDG_CONFIG_HOME": dir.path]
        let ping = try await CLITests.run(["--profile", "demo", "ping"], token: nil, extraEnvironment: env)
        #expect(ping.status == 0, "\(ping.stderr)")
        let viaEnv = try await CLITests.run(["ping"], token: nil, extraEnvironment: env.merging(["TWBROWSE_PROFILE": "demo"]) { $1 })
        #expect(viaEnv.status == 0, "\(viaEnv.stderr)")
        let missing = try await CLITests.run(["--profile", "nope", "ping"], token: nil, extraEnvironment: env)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("known: demo"))
        let show = try await CLITests.run(["config", "show"], token: nil, extraEnvironment: env)
        #expect(show.stdout.contains("demo:"))
        // A bad profile beside it: the good one still works; the bad one is refused with its reason, and doctor names it.
        try """
            profiles:
              demo:
                base_url: \(base)
                token_command: cat \(tokenFile)
              leaky:
                base_url: \(base)
                token: abcdefghijklmnop
              fromenv:
                base_url: \(base)
                token_env: TWB_TEST_UNSET_TOKEN
            """.write(to: dir.appendingPathComponent("twbrowse/config.yaml"), atomically: true, encoding: .utf8)
        let stillGood = try await CLITests.run(["--profile", "demo", "ping"], token: nil, extraEnvironment: env)
        #expect(stillGood.status == 0, "\(stillGood.stderr)")
        let leaky = try await CLITests.run(["--profile", "leaky", "ping"], token: nil, extraEnvironment: env)
        #expect(leaky.status == 2)
        #expect(leaky.stderr.contains("profile leaky cannot be used") && leaky.stderr.contains("has `token`"), "\(leaky.stderr)")
        #expect(!leaky.stderr.contains("abcdefghijklmnop"))
        let doctor = try await CLITests.run(["--profile", "demo", "doctor"], token: nil, extraEnvironment: env)
        #expect(doctor.stdout.contains("✗ profile leaky") && doctor.stdout.contains("not usable"), "\(doctor.stdout)")
        #expect(!doctor.stdout.contains("All good"))
        // token_env names an unset variable: the profile is named, and the advice is about the profile.
        let unset = try await CLITests.run(["--profile", "fromenv", "ping"], token: nil, extraEnvironment: env)
        #expect(unset.status == 2)
        #expect(unset.stderr.contains("profile fromenv reads it from TWB_TEST_UNSET_TOKEN (its token_env), which is not set"), "\(unset.stderr)")
        #expect(unset.stderr.contains("export TWB_TEST_UNSET_TOKEN=") && unset.stderr.contains("change token_env in profile fromenv of \(dir.path)/twbrowse/config.yaml"), "\(unset.stderr)")
        #expect(!unset.stderr.contains("TECHWOLF_TOKEN"), "the generic advice does not fit: \(unset.stderr)")
        let empty = try await CLITests.run(["--profile", "fromenv", "doctor"], token: nil, extraEnvironment: env.merging(["TWB_TEST_UNSET_TOKEN": ""]) { $1 })
        #expect(empty.stdout.contains("which is set but empty") && empty.stdout.contains("profile fromenv"), "\(empty.stdout)")
        // A malformed file: a warning with line and column, and the tool still works from flags.
        try "profiles:\n  demo: [\n".write(to: dir.appendingPathComponent("twbrowse/config.yaml"), atomically: true, encoding: .utf8)
        let broken = try await CLITests.run(["--base-url", base, "ping"], extraEnvironment: env)
        #expect(broken.status == 0)
        #expect(broken.stderr.contains("config.yaml: 3:"), "\(broken.stderr)")
        await server.stop()
    }
}

@Suite(.serialized) struct OAuthProfileCLITests {
    /// A profile with client credentials: the tool gets its own token from the token endpoint and uses it.
    @Test func aProfileWithClientCredentialsConnects() async throws {
        let server = DemoServer()
        let base = try await server.start().absoluteString
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twb-oauth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("twbrowse"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
            profiles:
              oauth-demo:
                base_url: \(base)
                client_id: \(DemoServer.demoClientID)
                client_secret_command: printf %s \(DemoServer.demoClientSecret)
                token_url: \(base)/oauth/token
                audience: demo.techwolf.ai
              oauth-wrong:
                base_url: \(base)
                client_id: \(DemoServer.demoClientID)
                client_secret_env: WRONG_SECRET
                token_url: \(base)/oauth/token
                audience: demo.techwolf.ai
            """.write(to: dir.appendingPathComponent("twbrowse/config.yaml"), atomically: true, encoding: .utf8)
        let env = ["XDG_CONFIG_HOME": dir.path, "WRONG_SECRET": "not-the-secret"]
        let pair = DemoDataSet.standard.worklist[0]
        let get = try await CLITests.run(["--profile", "oauth-demo", "get", pair.employee, pair.interaction], token: nil, extraEnvironment: env)
        #expect(get.status == 0, "\(get.stderr)")
        #expect(get.stdout.contains(pair.interaction))
        #expect(await server.tokenRequests == 1)
        let wrong = try await CLITests.run(["--profile", "oauth-wrong", "ping"], token: nil, extraEnvironment: env)
        #expect(wrong.status == 3, "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("not-the-secret"))
        #expect(!get.stderr.contains(DemoServer.demoClientSecret) && !wrong.stderr.contains(DemoServer.demoClientSecret))
        await server.stop()
    }

    /// `doctor` shows the scopes the token was granted, and warns when they include `write`.
    @Test func doctorShowsTheScopesAndWarnsWhenATokenCouldWrite() async throws {
        let server = DemoServer()
        let base = try await server.start().absoluteString
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twb-scopes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("twbrowse"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let profile = { (name: String, scopes: String) in
            "  \(name):\n    base_url: \(base)\n    client_id: \(DemoServer.demoClientID)\n    client_secret_command: printf %s \(DemoServer.demoClientSecret)\n"
                + "    token_url: \(base)/oauth/token\n    audience: demo.techwolf.ai\n" + scopes
        }
        try ("profiles:\n" + profile("reader", "") + profile("writer", "    scopes: [read, write]\n"))
            .write(to: dir.appendingPathComponent("twbrowse/config.yaml"), atomically: true, encoding: .utf8)
        let env = ["XDG_CONFIG_HOME": dir.path]
        let reader = try await CLITests.run(["--profile", "reader", "doctor"], token: nil, extraEnvironment: env)
        #expect(reader.stdout.contains("✓ scopes           read\n"), "\(reader.stdout)")
        #expect(!reader.stdout.contains("could write"))
        let writer = try await CLITests.run(["--profile", "writer", "doctor"], token: nil, extraEnvironment: env)
        #expect(writer.stdout.contains("✓ scopes           read write\n"), "\(writer.stdout)")
        #expect(writer.stdout.contains("⚠ least privilege  this token could write; twbrowse only reads: set `scopes: [read]` in the profile"), "\(writer.stdout)")
        #expect(!writer.stdout.contains(DemoServer.demoClientSecret))
        await server.stop()
    }
}
