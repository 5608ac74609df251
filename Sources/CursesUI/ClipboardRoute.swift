import CChildProcess
import Glibc
import Synchronization
import TechWolfAPI

/// Whether a copy (OSC 52) can reach the system clipboard from where the program runs. Terminals give no
/// receipt, but a multiplexer in between can be asked: tmux drops an application's OSC 52 unless
/// `set-clipboard` is `on` (its default, `external`, only covers tmux's own copy mode), or unless
/// `allow-passthrough` lets the wrapped copy through to the outer terminal.
public enum ClipboardRoute: Equatable, Sendable {
    /// No multiplexer in between (as far as the environment says).
    case direct
    /// tmux takes it (`set-clipboard on`) or passes it on (`allow-passthrough`).
    case tmuxForwards
    /// tmux drops it; `setting` is its `set-clipboard` value.
    case tmuxBlocks(setting: String)
    /// tmux did not answer; `reason` says why.
    case tmuxUnknown(reason: String)
    /// GNU screen, which keeps no clipboard: the copy is passed through to the outer terminal in pieces.
    case screen

    /// The status bar's and doctor's sentence when the copy will not arrive, with the fix; nil otherwise.
    public var problem: String? {
        guard case .tmuxBlocks(let setting) = self else { return nil }
        return "tmux has set-clipboard \(setting), so copies do not reach the system clipboard: add `set -g set-clipboard on` to ~/.tmux.conf (then `tmux source ~/.tmux.conf`), or copy with tmux's own copy mode (prefix [)"
    }

    /// What doctor says when it is not a problem.
    public var description: String {
        switch self {
        case .direct: return "sent straight to the terminal (OSC 52)"
        case .tmuxForwards: return "tmux passes copies on (set-clipboard on, or allow-passthrough)"
        case .tmuxBlocks: return problem ?? ""
        case .tmuxUnknown(let reason): return "inside tmux, but tmux could not be asked about set-clipboard (\(reason)); copies need `set -g set-clipboard on`"
        case .screen: return "inside GNU screen: copies are passed through to the outer terminal in pieces (screen has no clipboard of its own; if nothing arrives, use screen's copy mode, C-a [)"
        }
    }

    /// The verdict from the environment and tmux's answer, the line
    /// `#{set-clipboard} #{allow-passthrough}` printed (nil when tmux could not be asked).
    static func decide(environment: [String: String], tmuxAnswer: Result<String, TmuxQueryError>) -> ClipboardRoute {
        guard environment["TMUX"].map({ !$0.isEmpty }) ?? false else {
            return environment["STY"].map({ !$0.isEmpty }) ?? false ? .screen : .direct
        }
        let answer: String
        switch tmuxAnswer {
        case .success(let line): answer = line
        case .failure(let error): return .tmuxUnknown(reason: error.reason)
        }
        let words = answer.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let setting = words.first ?? ""
        // tmux before 3.3 has no allow-passthrough (the format gives nothing) and always passes through.
        let passthrough = words.count > 1 ? words[1] : ""
        if setting == "on" { return .tmuxForwards }
        if ["", "1", "on", "all"].contains(passthrough) { return .tmuxForwards }
        if setting.isEmpty { return .tmuxUnknown(reason: "it gave no set-clipboard value") }
        return .tmuxBlocks(setting: setting)
    }

    /// The verdict for this process. tmux (a child process with a deadline) is asked once and its answer
    /// kept: its options rarely change while the program runs, and a copy must not wait for a child.
    public static func current(environment: [String: String], timeoutSeconds: Double = 1) -> ClipboardRoute {
        guard environment["TMUX"].map({ !$0.isEmpty }) ?? false else {
            return decide(environment: environment, tmuxAnswer: .failure(TmuxQueryError(reason: "not inside tmux")))
        }
        let answer = tmuxAnswer.withLock { known in
            if let known { return known }
            let asked = askTmux(timeoutSeconds: timeoutSeconds)
            known = asked
            return asked
        }
        return decide(environment: environment, tmuxAnswer: answer)
    }

    private static let tmuxAnswer = Mutex<Result<String, TmuxQueryError>?>(nil)

    /// `tmux display-message -p '#{set-clipboard} #{allow-passthrough}'`: both options in one child, no shell.
    static func askTmux(timeoutSeconds: Double, program: String = "tmux") -> Result<String, TmuxQueryError> {
        let arguments = [program, "display-message", "-p", "#{set-clipboard} #{allow-passthrough}"]
        var cStrings = arguments.map { strdup($0) }
        defer { for pointer in cStrings { free(pointer) } }
        cStrings.append(nil)
        var buffer = [CChar](repeating: 0, count: 256)
        let result = ChildEnvironment.withCArray(ChildEnvironment.entries()) { environment in
            buffer.withUnsafeMutableBufferPointer { line in
                cStrings.withUnsafeBufferPointer { argv in
                    twb_program_first_line(argv.baseAddress!, environment, timeoutSeconds, line.baseAddress!, line.count)
                }
            }
        }
        switch Int(result.outcome) {
        case Int(TWB_LINE_OK):
            let bytes = buffer[..<result.length].map { UInt8(bitPattern: $0) }
            return .success(String(decoding: bytes, as: UTF8.self))
        case Int(TWB_LINE_TIMED_OUT): return .failure(TmuxQueryError(reason: "no answer within \(timeoutSeconds) s"))
        case Int(TWB_LINE_SPAWN_FAILED): return .failure(TmuxQueryError(reason: "\(program) could not be started: \(String(cString: strerror(result.detail)))"))
        case Int(TWB_LINE_EXIT_STATUS): return .failure(TmuxQueryError(reason: "\(program) exited with status \(result.detail)"))
        default: return .failure(TmuxQueryError(reason: "\(program) gave no usable answer"))
        }
    }
}

public struct TmuxQueryError: Error, Equatable, Sendable {
    public let reason: String
}
