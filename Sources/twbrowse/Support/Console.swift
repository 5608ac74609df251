import Foundation
import TechWolfAPI

/// Exit codes, as README and `--help` document them.
enum ExitCode {
    static let ok: Int32 = 0
    static let unexpected: Int32 = 1
    static let usage: Int32 = 2
    static let unauthorized: Int32 = 3
    static let notFound: Int32 = 4
    static let network: Int32 = 5
    static let undecodable: Int32 = 6

    static let help = """
        Exit codes: 0 ok · 1 unexpected · 2 usage or invalid input (no request sent) · \
        3 unauthorized/forbidden · 4 not found · 5 network, timeout, redirect refused or server error · \
        6 undecodable or oversized response
        """
}

/// A failure the command already explained: a message for stderr and an exit code.
struct CLIFailure: Error {
    let message: String
    let code: Int32
}

enum Console {
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1

    /// One line on stderr, prefixed with the program name. Messages are sanitised: they may quote the server.
    static func error(_ message: String) {
        errorRaw("twbrowse: " + message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TerminalText.sanitize(String($0)) }.joined(separator: "\n"))
    }

    static func warning(_ message: String) {
        errorRaw("twbrowse: warning: " + TerminalText.sanitize(message))
    }

    static func errorRaw(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func out(_ text: String) {
        print(text)
    }
}
