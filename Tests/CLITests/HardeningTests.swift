import DemoAPI
import Foundation
import Testing

/// What an outside hostile suite found, each as the attack it was: the real binary against a hostile
/// loopback API, with hostile files, streams and environment.
@Suite(.serialized) struct HardeningTests {
    static let token = "tw/canary+Tok3n/9f8e7d6c5b4a=XYZW"
    static let invisible: [Unicode.Scalar] = ["\u{061C}", "\u{00AD}", "\u{034F}", "\u{180E}", "\u{3164}", "\u{115F}", "\u{FFA0}"]

    /// An API that echoes the Authorization header back in every shape a server might.
    static func echoingAPI() throws -> HostileAPI {
        try HostileAPI { request in
            let echo = request.headers["authorization"] ?? ""
            let slash = echo.replacingOccurrences(of: "/", with: "\\/")
            let unicode = echo.replacingOccurrences(of: "/", with: "\\u002f")
            let forms = HostileRun.forms(of: echo)
            let extra = #""pct": "\#(forms[3])", "b64": "\#(forms[4])""#
            switch request.path {
            case "/version": return .init(body: #"{"echo": "\#(slash)", \#(extra)}"#)
            case let p where p.hasPrefix("/employees?"):
                return .init(body: #"{"count": 1, "results": [{"external_id": "E1", "assigned_position": "\#(unicode)", \#(extra)}]}"#)
            case "/employees/E1": return .init(body: #"{"external_id": "E1", "assigned_position": "\#(slash)", \#(extra)}"#)
            case "/employees/E1/interactions/I1":
                return .init(body: #"{"external_id": "I1", "interaction_type": "x", "title": "\#(unicode)", \#(extra)}"#)
            case "/employees/E1/interactions/I2":
                return .init(status: 400, body: #"[{"title": "Bad", "description": "\#(slash)"}]"#)
            case "/vacancies/V1": return .init(status: 500, body: #"{"description": "\#(unicode) \#(forms[4])"}"#)
            default: return .init(status: 401, headers: ["Content-Type": "text/plain"], body: "no: \(forms[3]) \(echo)")
            }
        }
    }

    @Test func anEchoedTokenIsNeverPrintedInAnyForm() async throws {
        let api = try Self.echoingAPI()
        defer { api.stop() }
        let commands: [[String]] = [
            ["get", "E1", "I1"], ["get", "E1", "I1", "--format", "text"], ["get", "E1", "I2"], ["employee", "E1"],
            ["employees"], ["vacancy", "V1"], ["vacancy", "V2"], ["ping"], ["check", "--ids-file", "-"], ["doctor"],
        ]
        let secrets = HostileRun.forms(of: Self.token) + HostileRun.forms(of: "Bearer " + Self.token)
        for args in commands {
            let r = try await HostileRun.sh(#""$TWB" "$@""#, ["--base-url", api.baseURL] + args, token: Self.token,
                                            stdin: "E1 I1\nE1 I2\n")
            for secret in secrets {
                #expect(!r.output.contains(secret), "\(args) printed the token as \(secret)")
            }
            #expect(!r.output.contains("9f8e7d6c5b4a"), "\(args) printed part of the token")
        }
    }

    @Test func doctorNeverPrintsAProxyPassword() async throws {
        let api = try Self.echoingAPI()
        defer { api.stop() }
        let r = try await HostileRun.sh(#""$TWB" "$@""#, ["--base-url", api.baseURL, "doctor"], token: Self.token, environment: [
            "HTTPS_PROXY": "user:pr0xyPassw0rd@proxy.example:3128",
            "http_proxy": "http://bob:se#cr3tW0rd@proxy.example:3128",
            "ALL_PROXY": "socks5://carol:an0ther%40Pass@proxy.example:1080",
            "NO_PROXY": "127.0.0.1,localhost",
        ])
        #expect(r.stdout.contains("proxy.example"), "\(r.stdout)")
        for secret in ["pr0xyPassw0rd", "se#cr3tW0rd", "cr3tW0rd", "an0ther", "an0ther@Pass"] {
            #expect(!r.output.contains(secret), "doctor printed the proxy password \(secret)")
        }
    }

    @Test func aTokensClaimsAreSanitisedBeforeTheyArePrinted() async throws {
        let api = try HostileAPI { _ in .init(body: #"{"version": "1"}"#) }
        defer { api.stop() }
        let token = HostileRun.jwt(#"{"exp": 4102444800, "scope": "read:all \u001b]52;c;ZWNobyBoaQ==\u0007 \u001b]0;owned\u0007 \u202eevil"}"#)
        for command in ["ping", "doctor"] {
            let r = try await HostileRun.sh(#""$TWB" "$@""#, ["--base-url", api.baseURL, command], token: token)
            #expect(r.stdout.contains("read:all"), "\(command): \(r.output)")
            #expect(!r.output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E },
                    "\(command) printed a raw escape from the token's claims")
        }
    }

    @Test func fullOrClosedStreamsAndHugeNumbersEndWithAnExitCodeNotASignal() async throws {
        let api = try HostileAPI { request in
            request.path.hasPrefix("/employees/E1/interactions/LATER")
                ? .init(status: 429, headers: ["Retry-After": "9223372036854775807"], body: "[]")
                : .init(status: 404, body: #"[{"title": "404 Not Found", "description": "no such record"}]"#)
        }
        defer { api.stop() }
        let base = ["--base-url", api.baseURL]
        let cases: [(String, [String])] = [
            (#""$TWB" "$@""#, base + ["--log-file", "/dev/full", "get", "E1", "I1"]),
            (#""$TWB" "$@" 2>&-"#, base + ["get", "E1", "I1"]),
            (#""$TWB" "$@" 2>/dev/full"#, base + ["get", "E1", "I1"]),
            (#""$TWB" "$@" >&-"#, base + ["get", "E1", "I1", "--format", "curl"]),
            (#""$TWB" "$@" >/dev/full"#, base + ["get", "E1", "I1", "--format", "curl"]),
            (#""$TWB" "$@" >/dev/full 2>&-"#, base + ["--help"]),
            (#""$TWB" "$@""#, base + ["--timeout", "1e300", "get", "E1", "LATER"]),
            (#""$TWB" "$@""#, base + ["--timeout", "1e18", "get", "E1", "LATER"]),
            (#""$TWB" "$@""#, base + ["--timeout", "86400", "get", "E1", "LATER"]),
        ]
        for (script, args) in cases {
            let r = try await HostileRun.sh(script, args, token: Self.token)
            #expect(!r.signalled, "\(script) \(args): ended by a signal (status \(r.status)) \(r.stderr)")
            #expect(r.seconds < 20, "\(args) took \(r.seconds) s")
        }
        let full = try await HostileRun.sh(#""$TWB" "$@" >/dev/full"#, base + ["get", "E1", "I1", "--format", "curl"], token: Self.token)
        #expect(full.status != 0, "a failed write to stdout must not exit 0")
    }

    @Test func theProcessCannotDumpCore() async throws {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["demo-server"]
        process.standardOutput = Pipe()
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        var limits = ""
        for _ in 0..<100 {
            limits = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)) ?? ""
            if limits.contains("Max core file size"), let line = limits.split(separator: "\n").first(where: { $0.hasPrefix("Max core file size") }),
               line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"] { return }
            usleep(50_000)
        }
        Issue.record("the core file size limit is not 0: \(limits)")
    }

    @Test func tokenCommandsAreBoundedInTimeSizeAndProcesses() async throws {
        let api = try HostileAPI { _ in .init(body: #"{"version": "1"}"#) }
        defer { api.stop() }
        let base = ["--base-url", api.baseURL, "--timeout", "1"]
        let sleepy = try await HostileRun.sh(#""$TWB" "$@""#, base + ["--token-command", "sleep 100", "ping"])
        #expect(sleepy.seconds < 10 && sleepy.status == 2 && !sleepy.signalled, "\(sleepy.seconds) s, \(sleepy.status): \(sleepy.stderr)")
        #expect(sleepy.stderr.contains("token command"), "\(sleepy.stderr)")
        let endless = try await HostileRun.sh(#""$TWB" "$@""#, base + ["--token-command", "yes", "ping"])
        #expect(endless.seconds < 10 && endless.status == 2 && !endless.signalled, "\(endless.seconds) s: \(endless.stderr)")
        let long = try await HostileRun.sh(#""$TWB" "$@""#, base + ["--token-command", "head -c 100000 /dev/zero | tr '\\0' a", "ping"])
        #expect(long.status == 2 && long.stderr.contains("KiB"), "\(long.stderr)")
        let zero = try await HostileRun.sh(#""$TWB" "$@""#, base + ["--token-file", "/dev/zero", "ping"])
        #expect(zero.seconds < 10 && zero.status == 2 && !zero.signalled, "\(zero.stderr)")

        // The command's whole process group ends with it: on timeout, and on Ctrl-C.
        let pidFile = HostileRun.temporaryPath("pid")
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let spawner = "sleep 300 & echo $! > \(pidFile); wait"
        let timedOut = try await HostileRun.sh(#""$TWB" "$@""#, base + ["--token-command", spawner, "ping"])
        #expect(timedOut.status == 2, "\(timedOut.stderr)")
        let orphan = Int32((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        usleep(200_000)
        #expect(orphan > 0 && [nil, "Z"].contains(HostileRun.processState(orphan)), "the command's child \(orphan) survived the timeout")

        try? FileManager.default.removeItem(atPath: pidFile)
        let interrupted = Process()
        interrupted.executableURL = CLITests.binary
        interrupted.arguments = ["--base-url", api.baseURL, "--timeout", "60", "--token-command", spawner, "ping"]
        interrupted.standardError = Pipe()
        try interrupted.run()
        var child: Int32 = 0
        for _ in 0..<100 where child == 0 {
            usleep(50_000)
            child = Int32(((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        kill(interrupted.processIdentifier, SIGINT)
        interrupted.waitUntilExit()
        usleep(200_000)
        #expect(child > 0 && [nil, "Z"].contains(HostileRun.processState(child)), "the command's child \(child) survived Ctrl-C")
    }

    @Test func printedCurlCommandsRunOnlyCurlWithTheValuesGiven() async throws {
        let marker = HostileRun.temporaryPath("pwned")
        let stubs = HostileRun.temporaryPath("stubs")
        let argvFile = stubs + "/argv"
        try FileManager.default.createDirectory(atPath: stubs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: stubs); try? FileManager.default.removeItem(atPath: marker) }
        try "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \(argvFile)\n"
            .write(toFile: stubs + "/curl", atomically: true, encoding: .utf8)
        chmod(stubs + "/curl", 0o755)
        let hostile = ["http://127.0.0.1:9/'$(touch${IFS}\(marker))'", "http://127.0.0.1:9/a'`touch${IFS}\(marker)`'",
                       "http://127.0.0.1:9/$(touch${IFS}\(marker))", "http://127.0.0.1:9/\"$(touch${IFS}\(marker))\""]
        var ran = 0
        for base in hostile {
            let printed = try await HostileRun.sh(#""$TWB" "$@""#, ["--base-url", base, "get", "E1", "I1", "--format", "curl"])
            #expect(!printed.signalled)
            guard printed.status == 0 else { continue }
            ran += 1
            try? FileManager.default.removeItem(atPath: argvFile)
            let pasted = try await HostileRun.sh(printed.stdout, [], environment: ["PATH": stubs + ":/usr/bin:/bin", "TECHWOLF_TOKEN": "x"])
            #expect(!FileManager.default.fileExists(atPath: marker), "pasting the command for \(base) ran a hidden command")
            let argv = (try? String(contentsOfFile: argvFile, encoding: .utf8)) ?? ""
            // The origin percent-encodes what a URL may not hold raw; decoded, it is the value given.
            #expect(argv.split(separator: "\n").last?.removingPercentEncoding == base + "/employees/E1/interactions/I1", "curl got \(argv) \(pasted.stderr)")
        }
        #expect(ran >= 2, "the hostile base URLs were refused before any command was printed")
    }

    @Test func demoServerWritesOnlyItsOwnWorklists() async throws {
        let random = HostileRun.temporaryPath("random")
        let utf16 = HostileRun.temporaryPath("utf16")
        let fifo = HostileRun.temporaryPath("fifo")
        let link = HostileRun.temporaryPath("link")
        let target = HostileRun.temporaryPath("target")
        defer { for p in [random, utf16, fifo, link, target] { try? FileManager.default.removeItem(atPath: p) } }
        let bytes = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) })
        try bytes.write(to: URL(fileURLWithPath: random))
        try "E-1 int-1\n".data(using: .utf16)!.write(to: URL(fileURLWithPath: utf16))
        mkfifo(fifo, 0o600)
        symlink(target, link)
        for path in [random, utf16, fifo, link] {
            let r = try await HostileRun.sh(#"exec "$TWB" "$@" </dev/null"#, ["demo-server", "--worklist", path])
            #expect(r.status == 2 && r.seconds < 10, "--worklist \(path): \(r.status) \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: random)) == bytes)
        #expect(!FileManager.default.fileExists(atPath: target), "the symlink was followed")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    }

    @Test func theRequestLogIsPrivateAndNeverFollowsALink() async throws {
        let api = try HostileAPI { _ in .init(body: #"{"version": "1"}"#) }
        defer { api.stop() }
        let fresh = HostileRun.temporaryPath("log")
        let shared = HostileRun.temporaryPath("shared-log")
        let link = HostileRun.temporaryPath("log-link")
        defer { for p in [fresh, shared, link] { try? FileManager.default.removeItem(atPath: p) } }
        let r = try await HostileRun.sh(#"umask 000; "$TWB" "$@""#, ["--base-url", api.baseURL, "--log-file", fresh, "ping"], token: Self.token)
        #expect(r.status == 0, "\(r.stderr)")
        var info = stat()
        #expect(stat(fresh, &info) == 0 && info.st_mode & 0o777 == 0o600, "mode \(String(info.st_mode & 0o777, radix: 8))")
        #expect(FileManager.default.createFile(atPath: shared, contents: nil, attributes: [.posixPermissions: 0o644]))
        let readable = try await HostileRun.sh(#""$TWB" "$@""#, ["--base-url", api.baseURL, "--log-file", shared, "ping"], token: Self.token)
        #expect(readable.stderr.contains("other users"), "\(readable.stderr)")
        symlink(fresh, link)
        let linked = try await HostileRun.sh(#""$TWB" "$@""#, ["--base-url", api.baseURL, "--log-file", link, "ping"], token: Self.token)
        #expect(linked.status == 2 && linked.stderr.contains("link"), "\(linked.stderr)")
    }

    @Test func checkReadsStreamsAndBoundsThem() async throws {
        let api = try HostileAPI { request in
            .init(body: #"{"external_id": "\#(request.path.split(separator: "/").last ?? "")", "interaction_type": "x", "title": "t"}"#)
        }
        defer { api.stop() }
        let base = ["--base-url", api.baseURL]
        let file = HostileRun.temporaryPath("pairs")
        let fifo = HostileRun.temporaryPath("pairs-fifo")
        defer { try? FileManager.default.removeItem(atPath: file); try? FileManager.default.removeItem(atPath: fifo) }
        try "E1 I1\nE1 I2\n".write(toFile: file, atomically: true, encoding: .utf8)
        let viaFD = try await HostileRun.sh(#""$TWB" "$@" 3<"$PAIRS""#, base + ["check", "--ids-file", "/dev/fd/3"], token: Self.token,
                                            environment: ["PAIRS": file])
        #expect(viaFD.status == 0 && viaFD.stdout.split(separator: "\n").count == 2, "\(viaFD.stderr)")
        mkfifo(fifo, 0o600)
        let viaFIFO = try await HostileRun.sh(#"cat "$PAIRS" > "$FIFO" & "$TWB" "$@""#, base + ["check", "--ids-file", fifo],
                                              token: Self.token, environment: ["PAIRS": file, "FIFO": fifo])
        #expect(viaFIFO.status == 0 && viaFIFO.stdout.split(separator: "\n").count == 2, "\(viaFIFO.stderr)")
        let zero = try await HostileRun.sh(#""$TWB" "$@" </dev/zero"#, base + ["check", "--ids-file", "-"], token: Self.token)
        #expect(zero.status == 2 && zero.seconds < 10, "\(zero.seconds) s: \(zero.stderr)")
        #expect(zero.stderr.contains("line 1"), "\(zero.stderr)")
        let endless = try await HostileRun.sh(#"yes 'E1 I1' | "$TWB" "$@""#, base + ["check", "--ids-file", "-"], token: Self.token)
        #expect(endless.status == 2 && endless.seconds < 60 && endless.stdout.isEmpty, "\(endless.seconds) s: \(endless.stderr)")
    }

    @Test func invisibleCharactersAndCombiningTowersNeverReachTheTerminal() async throws {
        let tower = "a" + String(repeating: "\u{0301}", count: 5000)
        let hidden = Self.invisible.map { "x\($0)y" }.joined(separator: " ")
        let api = try HostileAPI { _ in
            .init(body: JSONSerializationless.object(["external_id": "I1", "interaction_type": hidden, "title": tower]))
        }
        defer { api.stop() }
        for format in ["text", "json"] {
            let r = try await HostileRun.sh(#""$TWB" "$@""#, ["--base-url", api.baseURL, "get", "E1", "I1", "--format", format], token: Self.token)
            #expect(r.status == 0, "\(r.stderr)")
            for scalar in Self.invisible {
                #expect(!r.stdout.unicodeScalars.contains(scalar), "--format \(format) printed U+\(String(scalar.value, radix: 16))")
            }
            #expect(r.stdout.unicodeScalars.filter { $0 == "\u{0301}" }.count <= 16, "--format \(format) printed the tower whole")
        }
        // ArgumentParser's own messages quote argv.
        for args in [["get", "E1", "I1", "--format", "\u{1B}]0;owned\u{07}"], ["employees", "--limit", "\u{1B}[2J"], ["\u{1B}[31mnope"],
                     ["get", "--no-such\u{9B}31m"]] {
            let r = try await HostileRun.sh(#""$TWB" "$@""#, args, token: Self.token)
            #expect(r.status == 2, "\(args): \(r.status)")
            #expect(!r.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "\(args): \(r.stderr)")
        }
    }

    @Test func aRecordForAnotherIDIsFlagged() async throws {
        let api = try HostileAPI { request in
            // The vacancy is asked for with `?include=custom_properties`.
            switch request.path {
            case let path where path.hasPrefix("/vacancies/V1"): return .init(body: #"{"external_id": "V-OTHER", "job_title": "Welder"}"#)
            default: return .init(body: #"{"external_id": "I-OTHER", "interaction_type": "vacancy_liked", "vacancy_id": "V1"}"#)
            }
        }
        defer { api.stop() }
        let text = try await HostileRun.sh(#""$TWB" "$@""#, ["--base-url", api.baseURL, "get", "E1", "I1", "--format", "text"], token: Self.token)
        #expect(text.stdout.contains("I-OTHER") && text.stdout.contains("asked for I1"), "\(text.stdout)")
        #expect(text.stdout.contains("V-OTHER") && text.stdout.contains("asked for V1"), "\(text.stdout)")
        let check = try await HostileRun.sh(#""$TWB" "$@""#, ["--base-url", api.baseURL, "check", "--ids-file", "-"], token: Self.token,
                                            stdin: "E1 I1\n")
        #expect(check.stdout.contains(#""warning""#) && check.stdout.contains("asked for I1"), "\(check.stdout)")
    }

    @Test func doctorChecksAClientCredentialsProfileWithoutPrintingTheSecret() async throws {
        let server = DemoServer()
        let base = try await server.start().absoluteString
        defer { Task { await server.stop() } }
        let dir = HostileRun.temporaryPath("xdg")
        try FileManager.default.createDirectory(atPath: dir + "/twbrowse", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
            default_profile: oauth
            profiles:
              oauth:
                base_url: \(base)
                client_id: \(DemoServer.demoClientID)
                client_secret_command: printf %s \(DemoServer.demoClientSecret)
                token_url: \(base)/oauth/token
                audience: demo.techwolf.ai
            """.write(toFile: dir + "/twbrowse/config.yaml", atomically: true, encoding: .utf8)
        let r = try await HostileRun.sh(#""$TWB" "$@""#, ["doctor"], environment: ["XDG_CONFIG_HOME": dir])
        #expect(r.stdout.contains("client credentials"), "\(r.stdout)")
        #expect(r.stdout.contains("Live check") && r.stdout.contains("ok in"), "\(r.stdout)")
        #expect(!r.output.contains(DemoServer.demoClientSecret))
        #expect(await server.tokenRequests == 1)
    }
}

/// JSON text for test bodies with characters a raw string literal cannot hold readably.
enum JSONSerializationless {
    static func object(_ members: [String: String]) -> String {
        "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ") + "}"
    }
}
