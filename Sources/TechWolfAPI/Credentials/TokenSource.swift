import CChildProcess
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the token comes from. Never argv: command lines are visible to every user of the machine
/// (`ps`, `/proc/PID/cmdline`) and are kept in shell history.
public enum TokenSource: Sendable, Equatable, CustomStringConvertible {
    /// An environment variable (default `TECHWOLF_TOKEN`).
    case environment(String)
    /// A file whose first line is the token.
    case file(String)
    /// A command run once through `/bin/sh -c`; the first line of its standard output is the token.
    case command(String)

    public static let defaultVariable = "TECHWOLF_TOKEN"

    public var description: String {
        switch self {
        case .environment(let name): return "environment variable \(name)"
        case .file(let path): return "file \(path)"
        case .command(let command): return "command `\(command)`"
        }
    }

    /// The three ways, as shown when a token is given where it must not be.
    public static let howTo = """
        Give the token in one of these ways instead:
          export TECHWOLF_TOKEN=…            (read from the environment; the default)
          --token-file PATH                  (first line of a file only you can read)
          --token-command 'pass show techwolf'   (first line a command prints)
        """
}

public struct TokenLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Reads a token from its source. Warnings (a token file others can read) are returned, not printed.
///
/// Every source is bounded: the first line is at most `maxLineBytes`, a command or a file that does not
/// deliver it within the deadline is given up (a command with its whole process group), so a token source
/// can neither exhaust memory nor hang the program.
public enum TokenLoader {
    public static let maxLineBytes = 16 * 1024
    /// What a command may print after its first line before it is stopped.
    static let maxDrainBytes = 1024 * 1024

    public static func load(_ source: TokenSource, environment: [String: String] = ProcessInfo.processInfo.environment,
                            timeout: TimeInterval = 15) throws(TokenLoadError) -> (token: AccessToken, warnings: [String])
    {
        try loadValue(source, environment: environment, timeout: timeout, what: "token", make: AccessToken.init)
    }

    /// An OAuth client secret from the same kinds of source as a token.
    public static func loadSecret(_ source: TokenSource, environment: [String: String] = ProcessInfo.processInfo.environment,
                                  timeout: TimeInterval = 15) throws(TokenLoadError) -> (secret: ClientSecret, warnings: [String])
    {
        try loadValue(source, environment: environment, timeout: timeout, what: "client secret", make: ClientSecret.init)
    }

    private static func loadValue<T>(_ source: TokenSource, environment: [String: String], timeout: TimeInterval, what: String,
                                     make: (String) throws(ValidationError) -> T) throws(TokenLoadError) -> (T, [String]) {
        let (text, warnings) = try readText(source, environment: environment, timeout: timeout, what: what)
        do {
            return (try make(text), warnings)
        } catch {
            throw TokenLoadError(message: "the \(what) from the \(source) \(error.message)")
        }
    }

    static func readText(_ source: TokenSource, environment: [String: String], timeout: TimeInterval = 15,
                         what: String = "token") throws(TokenLoadError) -> (String, [String]) {
        var warnings: [String] = []
        let text: String
        switch source {
        case .environment(let name):
            ChildEnvironment.protect([name])
            guard let value = environment[name] else {
                throw TokenLoadError(message: "no token: \(name) is not set.\n" + TokenSource.howTo)
            }
            guard !value.isEmpty else {
                throw TokenLoadError(message: "no token: \(name) is set but empty.\n" + TokenSource.howTo)
            }
            guard value.utf8.count <= maxLineBytes else {
                throw TokenLoadError(message: "the \(what) in \(name) is longer than \(maxLineBytes / 1024) KiB")
            }
            text = value
        case .file(let path):
            let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
            guard fd >= 0 else {
                throw TokenLoadError(message: "cannot read the \(what) file \(path): \(String(cString: strerror(errno)))")
            }
            defer { close(fd) }
            var info = stat()
            if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_mode & 0o077 != 0 {
                warnings.append("the \(what) file \(path) can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8))); run: chmod 600 \(path)")
            }
            text = try firstLine(of: "the \(what) file \(path)", deadline: timeout) { buffer, capacity in
                twb_fd_first_line(fd, timeout, buffer, capacity)
            }
        case .command(let command):
            text = try ChildEnvironment.withCArray(ChildEnvironment.entries()) { environment throws(TokenLoadError) in
                try firstLine(of: "the \(what) command", deadline: timeout) { buffer, capacity in
                    twb_command_first_line(command, environment, timeout, buffer, capacity, maxDrainBytes)
                }
            }
        }
        return (text, warnings)
    }

    /// Runs `read` into a buffer of `maxLineBytes` and turns its outcome into the line or a clear error.
    private static func firstLine(of what: String, deadline: TimeInterval,
                                  _ read: (UnsafeMutablePointer<CChar>, Int) -> twb_line_result) throws(TokenLoadError) -> String {
        var buffer = [CChar](repeating: 0, count: maxLineBytes)
        let result = buffer.withUnsafeMutableBufferPointer { pointer -> twb_line_result in
            guard let base = pointer.baseAddress else { return twb_line_result(outcome: Int32(TWB_LINE_READ_FAILED), detail: EINVAL, length: 0) }
            return read(base, pointer.count)
        }
        defer { for i in buffer.indices { buffer[i] = 0 } }
        let detail = result.detail
        switch Int(result.outcome) {
        case Int(TWB_LINE_OK): break
        case Int(TWB_LINE_TIMED_OUT):
            throw TokenLoadError(message: "\(what) gave no first line within \(RelativeTime.duration(deadline)) (--timeout); it was stopped")
        case Int(TWB_LINE_TOO_LONG):
            throw TokenLoadError(message: "\(what) gave a first line longer than \(maxLineBytes / 1024) KiB; a token or secret is one short line")
        case Int(TWB_LINE_TOO_MUCH_OUTPUT):
            throw TokenLoadError(message: "\(what) kept printing after its first line (more than \(maxDrainBytes / 1024 / 1024) MiB); it was stopped")
        case Int(TWB_LINE_EXIT_STATUS):
            throw TokenLoadError(message: "\(what) exited with status \(detail)")
        case Int(TWB_LINE_SIGNALLED):
            throw TokenLoadError(message: "\(what) was ended by signal \(detail)")
        case Int(TWB_LINE_INTERRUPTED):
            throw TokenLoadError(message: "\(what) was interrupted (signal \(detail)) and stopped")
        case Int(TWB_LINE_SPAWN_FAILED):
            throw TokenLoadError(message: "cannot run \(what): \(String(cString: strerror(detail)))")
        default:
            throw TokenLoadError(message: "cannot read \(what): \(String(cString: strerror(detail)))")
        }
        let length = min(max(0, result.length), buffer.count)
        let bytes = buffer[0..<length].map { UInt8(bitPattern: $0) }
        guard let line = String(bytes: bytes, encoding: .utf8) else {
            throw TokenLoadError(message: "\(what) gave something that is not UTF-8 text")
        }
        return firstLine(line)
    }

    static func firstLine(_ s: String) -> String {
        var t = s
        if t.hasPrefix("\u{FEFF}") { t.removeFirst() }
        return String(t.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).first ?? "")
    }
}
