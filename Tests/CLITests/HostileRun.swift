import Foundation

/// Runs the binary through `/bin/sh -c`, so a test can close or redirect its streams, and says how it ended.
enum HostileRun {
    struct Outcome: Sendable {
        let status: Int32
        let signalled: Bool
        let stdout: String
        let stderr: String
        let seconds: Double
        var output: String { stdout + stderr }
    }

    /// `script` sees the binary as `"$TWB"` and `args` as `"$@"`.
    static func sh(_ script: String, _ args: [String] = [], token: String? = nil, environment: [String: String] = [:],
                   stdin: String? = nil) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try blocking(script, args, token: token, environment: environment, stdin: stdin) })
            }.start()
        }
    }

    static func blocking(_ script: String, _ args: [String], token: String?, environment: [String: String],
                         stdin: String?) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh"] + args
        var env = ProcessInfo.processInfo.environment
        for key in ["TECHWOLF_TOKEN", "TECHWOLF_TENANT", "TECHWOLF_REGION", "TECHWOLF_BASE_URL", "TWBROWSE_PROFILE", "TWBROWSE_LOG",
                    "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
            env[key] = nil
        }
        env["TECHWOLF_TOKEN"] = token
        env["TWB"] = CLITests.binary.path
        env["XDG_CONFIG_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("twb-no-config").path
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let started = Date()
        let (stdout, stderr) = try ProcessCapture.run(process, stdin: stdin)
        // sh reports a child killed by signal N as status 128+N.
        let signalled = process.terminationReason == .uncaughtSignal || (129...159).contains(process.terminationStatus)
        return Outcome(status: process.terminationStatus, signalled: signalled, stdout: stdout, stderr: stderr,
                       seconds: Date().timeIntervalSince(started))
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("twb-\(name)-\(UUID().uuidString)").path
    }

    /// The forms a secret takes when a server echoes it: as is, JSON-escaped, `\u`-escaped, percent-encoded, base64.
    static func forms(of secret: String) -> [String] {
        let percent = secret.utf8.map { b -> String in
            let c = Character(Unicode.Scalar(b))
            return c.isLetter || c.isNumber ? String(c) : String(format: "%%%02X", b)
        }.joined()
        return [secret, secret.replacingOccurrences(of: "/", with: "\\/"), secret.replacingOccurrences(of: "/", with: "\\u002f"),
                percent, Data(secret.utf8).base64EncodedString()]
    }

    static func jwt(_ payload: String) -> String {
        func b64url(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        return b64url(#"{"alg":"none"}"#) + "." + b64url(payload) + ".c2lnbmF0dXJlLXBhcnQ"
    }

    /// A state of `/proc/PID/stat`: nil when the process is gone, "Z" for a zombie.
    static func processState(_ pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(close, offsetBy: 2)...].split(separator: " ").first.map(String.init)
    }
}
