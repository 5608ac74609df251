import BrowserCore
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

/// The UI thread's loop: sleep in poll() on the terminal and the wake pipe, turn what woke it into events,
/// let the app handle them, draw once per batch.
struct EventLoop {
    enum Outcome: Equatable {
        case quit
        /// A terminating signal (or the terminal hanging up, reported as SIGHUP).
        case signal(Int32)
    }

    private let app: any TerminalApplication
    private let inbox: EventInbox
    private let session: CursesSession
    private let drawer: FrameDrawer
    private var reader = KeyReader()
    private var ticks = TickSchedule()
    private var lastInput = ContinuousClock.now
    /// Polls in a row that said "readable" but gave nothing.
    private var emptyReads = 0
    /// Running but not in the foreground (`bg`, or `kill -CONT` after a stop): nothing is drawn, and the
    /// loop checks now and then whether `fg` gave the terminal back, since `fg` on a running job sends
    /// no SIGCONT.
    private var inBackground = false
    /// The size the app last heard of.
    private var appSize: (width: Int, height: Int) = (0, 0)
    /// Clipboard writes asked for since the last frame: sent after it.
    private var clipboardWrites: [String] = []
    private let inTmux = ProcessInfo.processInfo.environment["TMUX"].map { !$0.isEmpty } ?? false
    private let inScreen = ProcessInfo.processInfo.environment["STY"].map { !$0.isEmpty } ?? false

    init(app: any TerminalApplication, inbox: EventInbox, session: CursesSession, mode: GlyphMode) {
        self.app = app
        self.inbox = inbox
        self.session = session
        drawer = FrameDrawer(mode: mode, colors: session.colors, defaultColors: session.defaultColors)
    }

    mutating func run() throws -> Outcome {
        let size = session.size
        appSize = (size.width, size.height)
        guard app.handle(.resize(width: size.width, height: size.height)) else { return .quit }
        // The first frame never waits for the network: header, hints and a loading line at once.
        draw()
        while true {
            let terminal = try waitForSomething()
            if let signal = SignalBridge.takeTerminating() { return .signal(signal) }
            if terminal & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .signal(SIGHUP) }
            var mustDraw = handleJobControl()
            let (events, sawInput) = collectEvents()
            if terminalVanished(readable: terminal & Int16(POLLIN) != 0, sawInput: sawInput) { return .signal(SIGHUP) }
            for event in events {
                if case .resize(let width, let height) = event {
                    appSize = (width, height)
                    drawer.invalidate()
                    session.repaintEverythingNextUpdate()
                }
                mustDraw = true
                guard app.handle(event) else { return .quit }
                performTerminalRequests()
            }
            if mustDraw { draw() }
        }
    }

    /// Sleeps in poll() until the terminal or the wake pipe has something (or a deadline passes), empties
    /// the pipe, and returns what poll said about the terminal.
    private mutating func waitForSomething() throws -> Int16 {
        var descriptors = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: inbox.wakeReadFD, events: Int16(POLLIN), revents: 0),
        ]
        if poll(&descriptors, 2, pollTimeout()) < 0 && errno != EINTR {
            throw TerminalError("waiting for input failed: \(String(cString: strerror(errno)))")
        }
        if descriptors[1].revents != 0 { inbox.drainWakeBytes() }
        return descriptors[0].revents
    }

    /// Suspend on SIGTSTP; repaint when continued or back in the foreground. Returns whether to draw.
    private mutating func handleJobControl() -> Bool {
        var mustDraw = false
        if SignalBridge.take(SIGTSTP) {
            suspend()
            mustDraw = true
        }
        if SignalBridge.take(SIGCONT) || inBackground {
            inBackground = !session.repaintAfterStop()
            if !inBackground {
                drawer.invalidate()
                mustDraw = true
            }
        }
        return mustDraw
    }

    /// Keys, a resize, results posted to the inbox and a due tick, in that order; and whether the
    /// terminal gave any input at all.
    private mutating func collectEvents() -> (events: [Event], sawInput: Bool) {
        let resized = SignalBridge.take(SIGWINCH)
        // Always read: a resize comes as KEY_RESIZE even when the terminal sent nothing.
        let (inputs, sawInput) = reader.readAvailable()
        var events = inputs.map(event(for:))
        if sawInput { lastInput = .now }
        if let wait = reader.decoder.flushAfterMilliseconds, ContinuousClock.now - lastInput >= .milliseconds(wait) {
            events += reader.flushPending().map(event(for:))
        }
        if resized && !events.contains(where: Self.isResize), let missed = missedResize() {
            events.append(missed)
        }
        events += inbox.takeAll()
        let now = ContinuousClock.now
        ticks.update(animating: app.isAnimating, now: now)
        if ticks.takeDue(now: now) { events.append(.tick) }
        return (events, sawInput)
    }

    /// A terminal that polls readable again and again yet gives nothing has gone away without a SIGHUP.
    private mutating func terminalVanished(readable: Bool, sawInput: Bool) -> Bool {
        emptyReads = readable && !sawInput ? emptyReads + 1 : 0
        return emptyReads >= 50
    }

    /// What the app asked of the terminal: suspend and repaint now, clipboard writes after the next frame.
    private mutating func performTerminalRequests() {
        for request in app.takeTerminalRequests() {
            switch request {
            case .suspend: suspend()
            case .repaint: session.repaintEverythingNextUpdate()
            case .copy(let text): clipboardWrites.append(Clipboard.osc52(text, inTmux: inTmux, inScreen: inScreen))
            case .page(let request, let what):
                let outcome = session.handOver { Pager.run(request) }
                drawer.invalidate()
                inbox.post(.result(.paged(outcome, what: what)))
            }
        }
    }

    private mutating func draw() {
        guard session.isForeground else {
            inBackground = true
            return
        }
        let size = session.size
        if size != appSize {
            // A size the app has not heard of (changed while stopped): it hears of it before drawing.
            appSize = size
            _ = app.handle(.resize(width: size.width, height: size.height))
        }
        drawer.draw(app.render(), theme: app.theme)
        // After doupdate, so curses' idea of the screen is unaffected: these sequences draw nothing.
        for sequence in clipboardWrites { CursesSession.writeToTerminal(sequence) }
        clipboardWrites = []
    }

    private func event(for input: DecodedInput) -> Event {
        switch input {
        case .key(let key):
            return .key(key)
        case .mouse(let mouse):
            return .mouse(mouse)
        case .resize:
            let size = session.size
            return .resize(width: size.width, height: size.height)
        }
    }

    private static func isResize(_ event: Event) -> Bool {
        if case .resize = event { return true }
        return false
    }

    /// SIGWINCH came but ncurses reported no KEY_RESIZE (its handler was not installed): check ourselves.
    private func missedResize() -> Event? {
        guard let actual = session.kernelSize(), actual != session.size else { return nil }
        session.resize(to: actual)
        return .resize(width: actual.width, height: actual.height)
    }

    private mutating func suspend() {
        session.suspend()
        drawer.invalidate()
    }

    /// Block for good unless something is due: a tick while animating, or the rest of an escape sequence
    /// or paste that stopped half way.
    private mutating func pollTimeout() -> Int32 {
        let now = ContinuousClock.now
        ticks.update(animating: app.isAnimating, now: now)
        var timeout = ticks.millisecondsUntilDue(now: now)
        if inBackground { timeout = min(timeout ?? 250, 250) }
        if let wait = reader.decoder.flushAfterMilliseconds {
            let remaining = TickSchedule.milliseconds(lastInput + .milliseconds(wait) - now)
            timeout = min(timeout ?? remaining, remaining)
        }
        return timeout.map { Int32(clamping: $0) } ?? -1
    }
}
