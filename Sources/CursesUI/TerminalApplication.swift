import BrowserCore

/// What the curses backend drives. Every call happens on the thread that called `CursesTerminal.run`.
public protocol TerminalApplication: AnyObject {
    /// Applies one event; false means quit. A new size arrives here as `.resize`, before the next frame.
    func handle(_ event: Event) -> Bool
    /// The screen, at the size of the last `.resize`, drawn after each batch of events.
    func render() -> Frame
    /// Read before every frame, so a live theme switch takes effect on the next draw.
    var theme: Theme { get }
    /// While true the loop delivers `.tick` about every 100 ms; while false it sleeps until something happens.
    var isAnimating: Bool { get }
    /// What the last events asked of the terminal (clipboard writes, suspending, a full repaint).
    func takeTerminalRequests() -> [TerminalRequest]
}
