import DemoAPI
import Foundation
import Testing

/// Generated command lines — every command, hostile option values — against an API that answers each
/// request with another hostile response: every run ends with an exit code, none with a signal, and
/// none prints the token.
@Suite(.serialized) struct HostilePropertyTests {
    static let token = "tw/property+Tok3n/4e5f6a7b8c9d=QQ"

    static let responses: [HostileAPI.Response] = [
        .init(body: #"{"external_id": "\u001b]52;c;aGk=\u0007", "interaction_type": "\u202e\u061c\u00ad", "title": "a\#(String(repeating: "\u{0301}", count: 3000))"}"#),
        .init(status: 429, headers: ["Retry-After": "99999999999999999999"], body: "[]"),
        .init(status: 301, headers: ["Location": "http://127.0.0.2:1/\u{1B}[2J"], body: ""),
        .init(status: 500, headers: ["Content-Type": "text/html"], body: "<html>\u{1B}]0;x\u{07}</html>"),
        .init(body: #"{"count": 1e999999, "results": [{"external_id": 12}], "limit": -1}"#),
        .init(body: String(repeating: "[", count: 5000)),
        .init(body: "not json \u{9B}2J"),
        .init(status: 400, body: #"[{"title": "x", "description": "ECHO"}]"#),
        .init(status: 200, body: ""),
    ]

    @Test func noGeneratedCommandLineEndsWithASignalOrPrintsTheToken() async throws {
        let counter = Counter()
        let api = try HostileAPI { request in
            var response = Self.responses[counter.next() % Self.responses.count]
            let echo = (request.headers["authorization"] ?? "").replacingOccurrences(of: "/", with: "\\/")
            response.body = response.body.replacingOccurrences(of: "ECHO", with: echo)
            return response
        }
        defer { api.stop() }
        var rng = SplitMix64(seed: 0x686f_7374_696c_65)
        func pick(_ values: [String]) -> String { values[rng.int(in: 0...(values.count - 1))] }
        let commands = [["get", "E1", "I1"], ["get", "E1", "I1", "--format", "text"], ["get", "E1", "I1", "--format", "curl"],
                        ["employee", "E1"], ["employees"], ["vacancy", "V1"], ["ping"], ["check", "--ids-file", "-"], ["doctor"],
                        ["config", "show"], ["completions", "bash"], ["version"], ["help"], []]
        let options: [(String, [String])] = [
            ("--timeout", ["1e300", "-1", "nan", "0.001", "2", "1e18", "86401", "\u{1B}[2J"]),
            ("--log-file", ["/dev/full", "/dev/null", "/", "/proc/self/mem", "\u{1B}]0;x\u{07}"]),
            ("--token-command", ["yes", "printf x", "exit 3", "head -c 99999 /dev/zero", "printf '\\033]0;x\\007'"]),
            ("--token-file", ["/dev/zero", "/", "/nonexistent\u{9B}"]),
            ("--ids-file", ["/dev/zero", "-", "/", "/dev/null"]),
            ("--limit", ["9223372036854775807", "-1", "0", "99999999999999999999999"]),
            ("--offset", ["9223372036854775807", "-5"]),
            ("--concurrency", ["0", "65", "9223372036854775807"]),
            ("--format", ["text", "\u{1B}[31m", "curl"]),
            ("--cache-ttl", ["1e308", "-1", "inf"]),
            ("--api-version", ["2024-13-45", "\u{202E}2024-01-01"]),
            ("--base-url", ["http://127.0.0.1:1", "https://x.example/'$(id)'", "\u{1B}[2J"]),
        ]
        var signals: [String] = []
        let runs = 120
        for _ in 0..<runs {
            var args = ["--base-url", api.baseURL, "--timeout", "3"] + pick(commands.map { $0.joined(separator: "\u{1F}") }).split(separator: "\u{1F}").map(String.init)
            for _ in 0..<rng.int(in: 0...3) {
                let (name, values) = options[rng.int(in: 0...(options.count - 1))]
                args += [name, pick(values)]
            }
            let r = try await HostileRun.sh(#""$TWB" "$@""#, args, token: Self.token, stdin: "E1 I1\n\u{1B}[2J bad\n")
            if r.signalled { signals.append("\(args) → \(r.status)") }
            #expect(!r.output.contains(Self.token) && !r.output.contains("4e5f6a7b8c9d"), "\(args) printed the token")
            #expect(r.seconds < 30, "\(args) took \(r.seconds) s")
        }
        #expect(signals.isEmpty, "\(signals.count) of \(runs) runs ended with a signal: \(signals.prefix(5))")
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}
