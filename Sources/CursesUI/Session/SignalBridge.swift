import CNcursesw
import CTerminalSignals
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

/// The Swift side of CTerminalSignals: which signals the session catches, and what the loop asks of them.
enum SignalBridge {
    /// Signals that end the program: restore the terminal and exit with 128 + the signal.
    static let terminating: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Catches the signals the loop handles before ncurses starts, so ncurses installs none of its own
    /// for them. A signal ignored on entry (nohup, no job control) stays ignored.
    /// Returns whether job control is available (SIGTSTP not ignored), i.e. whether Ctrl-Z may suspend.
    static func catchBeforeCurses(wakeFD: Int32) -> Bool {
        twb_signal_set_wake_fd(wakeFD)
        for signal in terminating + [SIGCONT] where twb_signal_is_ignored(signal) == 0 {
            _ = twb_signal_catch(signal, 0)
        }
        guard twb_signal_is_ignored(SIGTSTP) == 0 else { return false }
        _ = twb_signal_catch(SIGTSTP, 0)
        return true
    }

    /// After ncurses has installed its SIGWINCH handler: wrap it, so a resize also wakes the poll while
    /// ncurses still learns of it and reports KEY_RESIZE.
    static func catchResizeAfterCurses() {
        _ = twb_signal_catch(SIGWINCH, 1)
    }

    static func restoreAll() {
        for signal in terminating + [SIGCONT, SIGTSTP, SIGWINCH] { twb_signal_restore(signal) }
        twb_signal_set_wake_fd(-1)
    }

    /// The first terminating signal that arrived, if any.
    static func takeTerminating() -> Int32? {
        terminating.first { twb_signal_take($0) != 0 }
    }

    static func take(_ signal: Int32) -> Bool {
        twb_signal_take(signal) != 0
    }

    /// Stops with SIGTSTP's default action; returns once continued.
    static func stopSelf() {
        twb_signal_stop_self()
    }

    /// Lets the atexit handler restore the terminal if the process exits with a session live.
    static func markSessionActive(_ active: Bool) {
        twb_session_set_active(active ? 1 : 0)
        if active { _ = registerExitHandlerOnce }
    }

    /// True once: whoever gets it restores the terminal.
    static func takeSessionActive() -> Bool {
        twb_session_take_active() != 0
    }

    private static let registerExitHandlerOnce: Void = {
        _ = atexit {
            guard SignalBridge.takeSessionActive() else { return }
            CursesSession.restoreTerminalModes()
        }
    }()
}
