import Foundation

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
public enum TokenLoader {
    public static func load(_ source: TokenSource, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(TokenLoadError) -> (token: AccessToken, warnings: [String])
    {
        try loadValue(source, environment: environment, what: "token", make: AccessToken.init)
    }

    /// An OAuth client secret from the same kinds of source as a token.
    public static func loadSecret(_ source: TokenSource, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(TokenLoadError) -> (secret: ClientSecret, warnings: [String])
    {
        try loadValue(source, environment: environment, what: "client secret", make: ClientSecret.init)
    }

    private static func loadValue<T>(_ source: TokenSource, environment: [String: String], what: String,
                                     make: (String) throws(ValidationError) -> T) throws(TokenLoadError) -> (T, [String]) {
        let (text, warnings) = try readText(source, environment: environment)
        do {
            return (try make(text), warnings)
        } catch {
            throw TokenLoadError(message: "the \(what) from the \(source) \(error.message)")
        }
    }

    static func readText(_ source: TokenSource, environment: [String: String]) throws(TokenLoadError) -> (String, [String]) {
        var warnings: [String] = []
        let text: String
        switch source {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw TokenLoadError(message: "no token: \(name) is not set.\n" + TokenSource.howTo)
            }
            text = value
        case .file(let path):
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw TokenLoadError(message: "cannot read the token file \(path): \(String(cString: strerror(errno)))")
            }
            if info.st_mode & 0o077 != 0 {
                warnings.append("the token file \(path) can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8))); run: chmod 600 \(path)")
            }
            guard let data = FileManager.default.contents(atPath: path), let contents = String(data: data, encoding: .utf8) else {
                throw TokenLoadError(message: "cannot read the token file \(path) as UTF-8 text")
            }
            text = firstLine(contents)
        case .command(let command):
            text = try run(command)
        }
        return (text, warnings)
    }

    static func firstLine(_ s: String) -> String {
        var t = s
        if t.hasPrefix("\u{FEFF}") { t.removeFirst() }
        return String(t.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).first ?? "")
    }

    private static func run(_ command: String) throws(TokenLoadError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        // stderr stays the user's: a password manager may prompt or explain there.
        do {
            try process.run()
        } catch {
            throw TokenLoadError(message: "cannot run the token command: \(error.localizedDescription)")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TokenLoadError(message: "the token command exited with status \(process.terminationStatus)")
        }
        guard let s = String(data: data, encoding: .utf8) else {
            throw TokenLoadError(message: "the token command printed something that is not UTF-8 text")
        }
        return firstLine(s)
    }
}
