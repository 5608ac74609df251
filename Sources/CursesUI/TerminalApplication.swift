import BrowserCore

/// What the curses backend drives. Every call happens on the thread that called `CursesTerminal.run`.
public protocol TerminalApplication: AnyObject {
    /// Applies one event; false means quit.
    func handle(_ event: Event) -> Bool
    /// The screen for the given size, drawn after each batch of events.
    func render(width: Int, height: Int) -> Frame
    /// Read before every frame, so a live theme switch takes effect on the next draw.
    var theme: Theme { get }
    /// While true the loop delivers `.tick` about every 100 ms; while false it sleeps until something happens.
    var isAnimating: Bool { get }
    /// Before the first frame: while true, the loop waits (a short while at most, see `EventLoop`) for the
    /// answer that replaces the screen, so it is not drawn only to be overwritten at once.
    var isLoadingFirstScreen: Bool { get }
    /// Escape sequences to send to the terminal as they are, after the next frame (OSC 52 clipboard writes).
    func takeTerminalWrites() -> [String]
}
