import CNcursesw
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a full-screen UI can run here, asked before starting one so the user gets a clear sentence
/// instead of a garbled screen or curses' own exit.
public enum TerminalCheck {
    /// nil when a full-screen UI can run; else a one-line reason naming the problem (not a terminal;
    /// TERM unset/dumb/unknown; no cursor addressing). The caller prints it with a pointer to the
    /// command-line commands and exits 2.
    public static func problem(environment: [String: String]) -> String? {
        problem(term: environment["TERM"], inputIsTerminal: isatty(STDIN_FILENO) == 1,
                outputIsTerminal: isatty(STDOUT_FILENO) == 1)
    }

    static func problem(term: String?, inputIsTerminal: Bool, outputIsTerminal: Bool) -> String? {
        switch (inputIsTerminal, outputIsTerminal) {
        case (false, false): return "standard input and output are not a terminal"
        case (false, true): return "standard input is not a terminal"
        case (true, false): return "standard output is not a terminal"
        case (true, true): break
        }
        guard let term, !term.isEmpty else { return "TERM is not set, so the terminal type is unknown" }
        if term == "dumb" { return "TERM=dumb: this terminal cannot position the cursor" }
        return terminfoProblem(term)
    }

    /// What the terminfo entry says: unknown, or without cursor addressing (generic or hardcopy types).
    static func terminfoProblem(_ term: String) -> String? {
        let (status, canAddressCursor, isGeneric) = probe(term)
        switch status {
        case 1: break
        case 0: return "unknown terminal type TERM=\(term) (no terminfo entry)"
        default: return "no terminfo database found to look up TERM=\(term)"
        }
        if isGeneric || !canAddressCursor { return "TERM=\(term): this terminal cannot position the cursor" }
        return nil
    }

    /// Answers by TERM: the launcher and the terminal session both ask, and each lookup reads and parses
    /// the entry from disk, on the way to the first frame.
    private static let answers = Mutex<[String: (status: Int32, canAddressCursor: Bool, isGeneric: Bool)]>([:])

    private static func probe(_ term: String) -> (status: Int32, canAddressCursor: Bool, isGeneric: Bool) {
        // Looked up under the lock: terminfo lookups go through the process-wide `cur_term`, one at a time.
        answers.withLock { answers in
            if let known = answers[term] { return known }
            let answer = lookUp(term)
            answers[term] = answer
            return answer
        }
    }

    private static func lookUp(_ term: String) -> (status: Int32, canAddressCursor: Bool, isGeneric: Bool) {
        var canAddressCursor: Int32 = 0
        var isGeneric: Int32 = 0
        let status = twb_probe_terminfo(term, STDOUT_FILENO, &canAddressCursor, &isGeneric)
        return (status, canAddressCursor != 0, isGeneric != 0)
    }
}
