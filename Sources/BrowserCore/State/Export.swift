#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI
#if canImport(Glibc)
import Glibc
#endif

/// What a screen shows that came as one response of the server: the record, employee or vacancy.
public struct ShownDocument: Sendable {
    /// "record int-58ct7uy5", for messages.
    public let name: String
    /// The parsed JSON and the body's bytes as sent; nil while it is not loaded.
    public let content: (json: JSONValue, body: Data?)?

    public init(name: String, content: (json: JSONValue, body: Data?)?) {
        self.name = name
        self.content = content
    }
}

/// A file to write for `:w` (`overwrite` for `:w!`), handed to the effect runner.
public struct FileExport: Equatable, Sendable {
    /// The path as typed.
    public let path: String
    public let bytes: Data
    public let overwrite: Bool
    public let what: String
}

/// `:w FILE`, `:w! FILE` and `|`.
enum Export {
    /// `:w` writes the body exactly as the server sent it; the record, employee or vacancy must be loaded.
    static func write(_ path: String, overwrite: Bool, _ state: inout AppState) -> [Effect] {
        guard let document = state.top.document(state) else {
            state.show("nothing to write here: open a record, an employee or a vacancy", .warning)
            return []
        }
        guard let content = document.content else {
            state.show("nothing to write yet: the \(document.name) is not loaded", .warning)
            return []
        }
        guard let body = content.body else {
            state.show("the \(document.name) has no body of its own to write (r fetches it)", .warning)
            return []
        }
        return [.writeFile(FileExport(path: path, bytes: body, overwrite: overwrite, what: document.name))]
    }

    /// `|`: the JSON as `J` shows it, for the pager. It is terminal input like the screen: the printer
    /// escapes control and bidi characters in strings, secrets are taken out, and every line is sanitised
    /// as the screen's text is. No colours: nothing but text reaches the pager.
    static func page(_ document: ShownDocument?, _ state: inout AppState) -> [Effect] {
        guard let document else {
            state.show("nothing to page here: open a record, an employee or a vacancy", .warning)
            return []
        }
        guard let json = document.content?.json else {
            state.show("nothing to page yet: the \(document.name) is not loaded", .warning)
            return []
        }
        return [.page(pagerText(json), what: document.name)]
    }

    static func pagerText(_ json: JSONValue) -> String {
        let printed = SecretRedaction.shared.redact(JSONPrinter.pretty(json))
        return printed.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TerminalText.sanitize(String($0)) }
            .joined(separator: "\n") + "\n"
    }

    /// The status line for a finished `:w`.
    static func written(_ outcome: Result<ExportFile.Written, ExportFile.Failure>, what: String, _ state: inout AppState) {
        switch outcome {
        case .success(let written):
            let redacted = written.redacted ? "; a secret the server echoed was replaced by \(SecretRedaction.marker)" : ""
            state.show("wrote the \(what) to \(written.path) (\(written.bytes) bytes, mode 0600\(redacted))", .success)
        case .failure(let failure):
            state.show("not written: \(failure.message)", .error)
        }
    }

    /// The status line after the pager: nothing when it ended well.
    static func paged(_ outcome: PagerOutcome, what: String, _ state: inout AppState) {
        switch outcome {
        case .finished, .signalled(SIGINT, _):
            // Ctrl-C is a way to leave a pager.
            break
        case .exited(let status, let command):
            let name = TerminalText.excerpt(command, limit: 40)
            switch status {
            case 127: state.show("the pager `\(name)` was not found (exit 127); set PAGER to a pager you have", .error)
            case 126: state.show("the pager `\(name)` cannot be run (exit 126)", .error)
            default: state.show("the pager `\(name)` exited with status \(status)", .warning)
            }
        case .signalled(let signal, let command):
            state.show("the pager `\(TerminalText.excerpt(command, limit: 40))` was ended by signal \(signal)", .warning)
        case .notStarted(let message):
            state.show("the pager could not start: \(message)", .error)
        }
    }
}

/// How the pager ended.
public enum PagerOutcome: Equatable, Sendable {
    case finished
    case exited(status: Int32, command: String)
    case signalled(Int32, command: String)
    case notStarted(String)
}

/// The pager to run: `$PAGER`, else `less -R`. It runs through `/bin/sh -c`, as git and man run it, so a
/// PAGER with quoted arguments or variables works here as it does there. Only the user's own setting is
/// in the command line; the JSON goes on standard input.
public struct PagerRequest: Equatable, Sendable {
    public let command: String
    public let text: String
    /// `NAME=value` entries (`ChildEnvironment`): no token or secret variable.
    public let environment: [String]

    public static let defaultCommand = "less -R"

    public static func command(pager: String?) -> String {
        guard let pager, pager.contains(where: { $0 != " " && $0 != "\t" }) else { return defaultCommand }
        return pager
    }

    public init(command: String, text: String, environment: [String]) {
        self.command = command
        self.text = text
        self.environment = environment
    }
}
