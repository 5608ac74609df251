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
        Exit codes: 0 ok · 1 unexpected, or doctor found a problem · 2 usage or invalid input (no request \
        sent) · 3 unauthorized/forbidden · 4 not found · 5 network, timeout, redirect refused or server error \
        · 6 undecodable or oversized response · 130 interrupted (Ctrl-C)
        """
}

/// A failure the command already explained: a message for stderr and an exit code.
struct CLIFailure: Error {
    let message: String
    let code: Int32
}

/// Every byte the command line writes leaves through here: sanitised for the terminal (the server, the
/// token's claims, the config file and argv may all be quoted), with every known secret redacted, and
/// written with `write(2)` so that a full or closed stream is an error to handle, not a trap.
enum Console {
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1

    /// One line on stderr, prefixed with the program name. Messages are sanitised: they may quote the server.
    static func error(_ message: String) {
        errorRaw("twbrowse: " + message)
    }

    static func warning(_ message: String) {
        errorRaw("twbrowse: warning: " + TerminalText.sanitize(message))
    }

    /// Lines on stderr, each sanitised. A stderr that cannot be written (full, closed) loses the message:
    /// there is nowhere left to say so.
    static func errorRaw(_ text: String) {
        _ = write(STDERR_FILENO, clean(text) + "\n")
    }

    /// Bytes for stderr exactly as given (the progress line's own erase sequence), redacted only.
    static func errorControl(_ text: String) {
        _ = write(STDERR_FILENO, SecretRedaction.shared.redact(text))
    }

    /// Lines on stdout, each sanitised unless `verbatim` (text the program itself made, such as a
    /// completion script). A failed write ends the process with exit code 1 and says why on stderr.
    static func out(_ text: String, verbatim: Bool = false) {
        let line = (verbatim ? SecretRedaction.shared.redact(text) : clean(text)) + "\n"
        if let failure = write(STDOUT_FILENO, line) {
            error("cannot write to standard output: \(String(cString: strerror(failure)))")
            exit(ExitCode.unexpected)
        }
    }

    static func clean(_ text: String) -> String {
        TerminalText.sanitizeLines(SecretRedaction.shared.redact(text))
    }

    /// Writes all of `text`; the errno of a failure, or nil.
    static func write(_ fd: Int32, _ text: String) -> Int32? {
        var text = text
        return text.withUTF8 { bytes -> Int32? in
            var offset = 0
            while offset < bytes.count {
                guard let base = bytes.baseAddress else { return nil }
                let n = Glibc.write(fd, base + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
    }
}
