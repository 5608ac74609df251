import CNcursesw
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

/// One full-screen curses session on the process's terminal: start, suspend/resume, and teardown on
/// every way out.
final class CursesSession {
    /// COLORS when colour is in use, 0 for attributes only.
    let colors: Int
    /// Whether the terminal's own colours (-1) can be used in pairs.
    let defaultColors: Bool
    /// False when SIGTSTP was ignored on entry: Ctrl-Z must not stop a process no shell will resume.
    let jobControl: Bool
    private var screen: OpaquePointer?

    private static let bracketedPasteOn = "\u{1B}[?2004h"
    /// Bracketed paste off, and mouse reporting off whether or not it was on (harmless when it was not).
    private static let bracketedPasteOff = "\u{1B}[?2004l\u{1B}[?1006l\u{1B}[?1000l"
    /// Button presses and the wheel (1000) in SGR form (1006): no motion tracking, so a mouse moving over
    /// the window sends nothing, which matters over SSH.
    private static let mouseOn = "\u{1B}[?1000h\u{1B}[?1006h"
    /// What turns the session's terminal modes on: bracketed paste, and the mouse unless turned off.
    private let modesOn: String

    /// Starts curses; on failure nothing is left changed.
    init(wakeFD: Int32, noColor: Bool, mouse: Bool = true) throws {
        modesOn = Self.bracketedPasteOn + (mouse ? Self.mouseOn : "")
        jobControl = SignalBridge.catchBeforeCurses(wakeFD: wakeFD)
        // newterm rather than initscr: initscr exits the process on an unknown terminal.
        guard let screen = newterm(nil, twb_stdout(), twb_stdin()) else {
            SignalBridge.restoreAll()
            let term = getenv("TERM").map { String(cString: $0) } ?? ""
            throw TerminalError("cannot start the full-screen UI on terminal type '\(term)'")
        }
        self.screen = screen
        _ = set_term(screen)
        let window = twb_stdscr()
        _ = raw()
        _ = noecho()
        _ = nonl()
        _ = keypad(window, true)
        _ = nodelay(window, true)
        _ = meta(window, true)
        _ = scrollok(window, false)
        _ = idlok(window, false)
        // Esc alone otherwise takes a full second to arrive; a user's own ESCDELAY wins.
        if getenv("ESCDELAY") == nil { _ = set_escdelay(25) }
        if has_colors() && !noColor && start_color() == twb_ok() && twb_colors() >= 8 {
            colors = Int(twb_colors())
            defaultColors = use_default_colors() == twb_ok()
        } else {
            colors = 0
            defaultColors = true
        }
        SignalBridge.catchResizeAfterCurses()
        SignalBridge.markSessionActive(true)
        // ncurses 6 flushes its output at every cursor movement until a session has been through endwin
        // once (`_nc_mvcur` flushes while the screen is still `ewInitial`; only a doupdate after endwin
        // makes it `ewRunning`), so a full frame left as about 60 writes: 60 packets over ssh, and the
        // reader woken 60 times. One endwin before the first update (which paints the whole screen anyway)
        // makes every frame after it a single write. It costs about 70 bytes, once. `strace -e write`
        // shows the difference; nothing breaks if a later ncurses stops needing this.
        _ = endwin()
        _ = werase(window)
        _ = wnoutrefresh(window)
        _ = doupdate()
        Self.writeToTerminal(modesOn)
    }

    deinit {
        close()
    }

    /// Restores the terminal. Safe to call more than once.
    func close() {
        guard let screen else { return }
        self.screen = nil
        if SignalBridge.takeSessionActive() { Self.restoreTerminalModes() }
        SignalBridge.restoreAll()
        delscreen(screen)
    }

    /// Ctrl-Z or SIGTSTP: give the terminal back, stop, and on `fg` take it again with a full repaint.
    func suspend() {
        guard jobControl else { return }
        Self.writeToTerminal(Self.bracketedPasteOff)
        _ = curs_set(1)
        _ = endwin()
        SignalBridge.stopSelf()
        _ = SignalBridge.take(SIGCONT)
        _ = SignalBridge.take(SIGTSTP)
        repaintAfterStop()
    }

    /// Runs `body` with the terminal handed back as the shell had it (a pager runs meanwhile), then takes
    /// it again with a full repaint, as after Ctrl-Z.
    func handOver<T>(_ body: () -> T) -> T {
        Self.writeToTerminal(Self.bracketedPasteOff)
        _ = def_prog_mode()
        _ = curs_set(1)
        _ = endwin()
        let result = body()
        // The child's Ctrl-Z (or Ctrl-C) reached this process too; it was handled with the child.
        _ = SignalBridge.take(SIGTSTP)
        _ = SignalBridge.take(SIGCONT)
        repaintAfterStop()
        return result
    }

    /// Continued after a stop this process did not ask for (SIGSTOP), or back in the foreground: the
    /// shell may have changed the terminal's modes and turned bracketed paste off meanwhile. Returns
    /// false, touching nothing, while in the background: setting modes there would stop us with SIGTTOU.
    @discardableResult
    func repaintAfterStop() -> Bool {
        guard isForeground else { return false }
        _ = reset_prog_mode()
        _ = clearok(twb_curscr(), true)
        _ = wnoutrefresh(twb_stdscr())
        _ = doupdate()
        Self.writeToTerminal(modesOn)
        return true
    }

    /// False after `bg`: the shell owns the terminal, and drawing would scribble over it.
    var isForeground: Bool {
        tcgetpgrp(STDIN_FILENO) == getpgrp()
    }

    /// Ctrl-L: the next update repaints the whole screen, for a terminal garbled by something else.
    func repaintEverythingNextUpdate() {
        _ = clearok(twb_curscr(), true)
    }

    /// The terminal's size as the kernel has it, or nil when it cannot say.
    func kernelSize() -> (width: Int, height: Int)? {
        var rows: Int32 = 0
        var columns: Int32 = 0
        guard twb_window_size(STDOUT_FILENO, &rows, &columns) == 0 else { return nil }
        return (Int(columns), Int(rows))
    }

    var size: (width: Int, height: Int) {
        (Int(twb_cols()), Int(twb_lines()))
    }

    /// Adopts a size ncurses missed (its own SIGWINCH handler was not installed).
    func resize(to size: (width: Int, height: Int)) {
        _ = resize_term(Int32(size.height), Int32(size.width))
        _ = clearok(twb_curscr(), true)
    }

    /// Also run from the atexit handler, so it must work with whatever state the session is in.
    static func restoreTerminalModes() {
        writeToTerminal(bracketedPasteOff)
        _ = curs_set(1)
        _ = endwin()
    }

    /// Only between updates, when ncurses' own output buffer is empty, so the bytes cannot interleave.
    /// A short write (a large clipboard copy on a slow link) is continued, not cut.
    static func writeToTerminal(_ sequence: String) {
        let bytes = Array(sequence.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }
}
