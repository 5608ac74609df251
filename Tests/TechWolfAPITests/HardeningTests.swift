import Foundation
@testable import TechWolfAPI
import Testing

@Suite struct SanitiserSweepTests {
    /// What Unicode's own data says must never reach a terminal raw.
    static func flaggedByUnicode(_ s: Unicode.Scalar) -> Bool {
        let p = s.properties
        switch p.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return (p.isDefaultIgnorableCodePoint && s.value != 0xFE0E && s.value != 0xFE0F) || p.isBidiControl
        }
    }

    @Test func noScalarUnicodeCallsInvisibleOrControlSurvivesSanitising() {
        var missed: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let out = TerminalText.sanitize("a" + String(scalar) + "b")
            if out.unicodeScalars.contains(where: Self.flaggedByUnicode) { missed.append(value) }
            if Self.flaggedByUnicode(scalar) != TerminalText.isUnsafe(scalar) && !(value == 0xFE0E || value == 0xFE0F) { missed.append(value) }
        }
        #expect(missed.isEmpty, "\(missed.prefix(20).map { String($0, radix: 16) })")
    }

    @Test func theScalarsTheHostileSuiteUsedAreCaught() {
        for value: UInt32 in [0x061C, 0x00AD, 0x034F, 0x180E, 0x3164, 0x115F, 0xFFA0, 0x1B, 0x9B, 0x202E, 0x2066, 0xE0041, 0xFE00] {
            let scalar = Unicode.Scalar(value)!
            #expect(TerminalText.isUnsafe(scalar), "U+\(String(value, radix: 16))")
            #expect(!TerminalText.sanitize("x\(scalar)y").unicodeScalars.contains(scalar))
        }
        // Ordinary text of many scripts is left alone.
        for text in ["Ingénieure", "ソフトウェア", "데이터 분석가", "مهندس", "❤️", "👩🏽", "e\u{301}"] {
            #expect(TerminalText.sanitize(text) == text, "\(text)")
        }
    }

    @Test func combiningTowersAreCut() {
        let tower = "a" + String(repeating: "\u{0301}", count: 5000) + "b"
        let out = TerminalText.sanitize(tower)
        #expect(out.unicodeScalars.count == 2 + TerminalText.maxCombiningMarks)
        #expect(out.hasSuffix("b"))
        let lines = TerminalText.sanitizeLines("x\(tower)\ny\u{1B}")
        #expect(lines.split(separator: "\n").count == 2 && !lines.unicodeScalars.contains("\u{1B}"))
    }
}

@Suite(.serialized) struct SecretRedactionTests {
    @Test func everyFormOfASecretIsRedacted() {
        let redaction = SecretRedaction()
        let secret = "tw/secret+Value/0123=ab"
        redaction.register(secret)
        let percent = secret.utf8.map { b in (0x30...0x39).contains(b) || (0x61...0x7A).contains(b) ? String(UnicodeScalar(b)) : String(format: "%%%02x", b) }.joined()
        let mixed = "tw\\u002Fsecret%2BValue\\/0123=ab"
        let forms = [secret, secret.replacingOccurrences(of: "/", with: "\\/"), secret.replacingOccurrences(of: "/", with: "\\u002f"),
                     percent, mixed]
        for form in forms {
            let out = redaction.redact("before \(form) after")
            #expect(out == "before \(SecretRedaction.marker) after", "\(form) → \(out)")
        }
        for prefix in ["", "B", "Be", "Bearer "] {
            for alphabet in [false, true] {
                var b64 = Data((prefix + secret + "!").utf8).base64EncodedString()
                if alphabet { b64 = b64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") }
                let out = redaction.redact("x \(b64) y")
                #expect(out.contains(SecretRedaction.marker), "base64 after \(prefix.count) bytes: \(out)")
                let decodedBack = out.replacingOccurrences(of: SecretRedaction.marker, with: "")
                #expect(!decodedBack.contains(String(b64.dropFirst(prefix.count * 4 / 3 + 2).prefix(12))), "\(out)")
            }
        }
        #expect(redaction.redact("nothing here") == "nothing here")
    }

    @Test func shortSecretsAreNotSearchedForAndTheListIsBounded() {
        let redaction = SecretRedaction()
        redaction.register("abc")
        #expect(redaction.redact("abc abc") == "abc abc")
        for i in 0..<(SecretRedaction.capacity + 10) { redaction.register("secret-number-\(i)") }
        #expect(redaction.redact("secret-number-\(SecretRedaction.capacity + 9)") == SecretRedaction.marker)
        #expect(redaction.redact("secret-number-0") == "secret-number-0", "the oldest is dropped")
    }

    @Test func tokensAndSecretsRegisterThemselves() throws {
        let token = try AccessToken("registered-token-\(UUID().uuidString)")
        #expect(!token.occurs(in: SecretRedaction.shared.redact(token.authorizationHeader)))
        let secret = try ClientSecret("registered-secret-\(UUID().uuidString)")
        #expect(!secret.occurs(in: SecretRedaction.shared.redact("echo: \(secret.revealed)")))
    }
}

@Suite struct ShellQuoteTests {
    static func shellEcho(_ word: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "printf '%s' " + word]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func noValueEndsTheQuoting() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("twb-quote-\(UUID().uuidString)").path
        let hostile = ["'$(touch \(marker))'", "a'b", "'", "''", "\"$(touch \(marker))\"", "`touch \(marker)`", "$HOME", "\\'", "a\nb; touch \(marker)",
                       "'\\''", "x' ; touch \(marker) ; '"]
        for value in hostile {
            #expect(try Self.shellEcho(ShellQuote.word(value)) == value, "\(value.debugDescription)")
        }
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func curlCommandsAreBuiltFromValidatedParts() {
        #expect(throws: ValidationError.self) { try CurlCommand.interaction(baseURL: "https://x.example", employee: "E 1", interaction: "i", apiVersion: nil) }
        #expect(throws: ValidationError.self) { try CurlCommand.interaction(baseURL: "http://evil.example", employee: "E1", interaction: "i", apiVersion: nil) }
        #expect(throws: ValidationError.self) { try CurlCommand.interaction(baseURL: "https://x.example", employee: "E1", interaction: "i", apiVersion: "1' ; x") }
        let ok = try? CurlCommand.interaction(baseURL: "https://x.example/base", employee: "E1", interaction: "i-1", apiVersion: "2024-01-31")
        #expect(ok == #"curl -sS -H "Authorization: Bearer $TECHWOLF_TOKEN" -H 'Accept: application/json' -H 'X-API-Version: 2024-01-31' 'https://x.example/base/employees/E1/interactions/i-1'"#)
    }
}

@Suite struct ProxyEnvironmentTests {
    @Test func passwordsAreHiddenWhateverTheyHold() {
        let cases = [
            ("user:pass1234@proxy:3128", "…@proxy:3128"),
            ("http://bob:se#cr3t@proxy.example:3128", "http://…@proxy.example:3128"),
            ("socks5://c:p@ss/w@rd@host:1080", "socks5://…@host:1080"),
            ("http://proxy.example:3128", "http://proxy.example:3128"),
        ]
        for (value, shown) in cases { #expect(ProxyEnvironment.redacted(value) == shown, "\(value)") }
    }
}

@Suite(.serialized) struct TokenSourceBoundsTests {
    @Test func commandsEndAtTheDeadlineWithTheirProcessGroup() throws {
        let started = Date()
        #expect(throws: TokenLoadError.self) { try TokenLoader.load(.command("sleep 100"), timeout: 0.5) }
        #expect(Date().timeIntervalSince(started) < 5)
        do { _ = try TokenLoader.load(.command("yes"), timeout: 10) } catch {
            #expect(error.message.contains("kept printing"), "\(error.message)")
        }
        do { _ = try TokenLoader.load(.command("head -c 20000 /dev/zero | tr '\\0' a"), timeout: 10) } catch {
            #expect(error.message.contains("16 KiB"), "\(error.message)")
        }
        do { _ = try TokenLoader.load(.command("exit 3"), timeout: 10) } catch {
            #expect(error.message.contains("status 3"), "\(error.message)")
        }
        let loaded = try TokenLoader.load(.command("printf 'first-line-token\\nsecond\\n'"), timeout: 10)
        #expect(loaded.token.occurs(in: "first-line-token"))
    }

    @Test func filesAreCappedToo() {
        do { _ = try TokenLoader.load(.file("/dev/zero"), timeout: 2) } catch {
            #expect(error.message.contains("16 KiB"), "\(error.message)")
        }
    }
}

@Suite struct WorklistReaderBoundsTests {
    static func read(_ bytes: [UInt8]) throws(WorklistReader.LimitError) -> (entries: [WorklistEntry], problems: [WorklistProblem]) {
        // The reader stops early on purpose; the writer must see EPIPE, not die of SIGPIPE with the runner.
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        let writeEnd = fds[1]
        let writer = Thread {
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress! + offset, $0.count - offset) }
                if n <= 0 { break }
                offset += n
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(fds[0]) }
        return try WorklistReader.read(fd: fds[0])
    }

    @Test func linesAndPairsAreBounded() throws {
        let parsed = try Self.read(Array("\u{FEFF}E1 I1\r\nbad\n# c\nE2,I2".utf8))
        #expect(parsed.entries.map(\.employee) == ["E1", "E2"] && parsed.problems.map(\.line) == [2])
        #expect(throws: WorklistReader.LimitError.self) { try Self.read([UInt8](repeating: 0, count: 100_000)) }
        #expect(throws: WorklistReader.LimitError.self) { try Self.read(Array(String(repeating: "E1 I1\n", count: WorklistReader.maxPairs + 1).utf8)) }
    }

    @Test func aNamedFileIsReadAndEveryErrorNamesIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("worklist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pairs.txt").path
        try "E1 I1\nE2 I2\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try WorklistReader.read(path: file).entries.map(\.interaction) == ["I1", "I2"])
        #expect(throws: WorklistReader.LimitError(description: "cannot read \(dir.path): it is a directory")) { try WorklistReader.read(path: dir.path) }
        #expect(throws: WorklistReader.LimitError(description: "cannot read \(dir.path)/none: No such file or directory")) {
            try WorklistReader.read(path: dir.path + "/none")
        }
    }
}

@Suite struct NumericTrapTests {
    @Test func hugeWaitsAndDeadlinesAreClamped() {
        #expect(TechWolfClient.nanoseconds(.infinity) == 0 && TechWolfClient.nanoseconds(-1) == 0 && TechWolfClient.nanoseconds(.nan) == 0)
        #expect(TechWolfClient.nanoseconds(1e300) == UInt64(ClientConfiguration.maxTimeout * 1e9))
        #expect(RetryPolicy.parseRetryAfter("99999999999999999999999999") == ClientConfiguration.maxTimeout * 2)
        #expect(APIError.timeout(seconds: 1e300).message.contains("timed out"))
        let config = ClientConfiguration(origin: Fixtures.origin, token: try! AccessToken("token-aaaa"), timeout: 1e300)
        #expect(config.timeout == ClientConfiguration.maxTimeout)
    }

    @Test func anIdentityMismatchIsAWarning() throws {
        let record = try InteractionRecord(json: JSONParser.parse(#"{"external_id": "I-OTHER", "interaction_type": "x", "title": "t"}"#))
        #expect(record.checkedIdentity(requested: "I1").warnings.first?.contains("asked for I1") == true)
        #expect(record.checkedIdentity(requested: "I-OTHER").warnings.isEmpty)
    }
}
