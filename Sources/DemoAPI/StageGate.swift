import Dispatch
import Synchronization

/// Holds a background stage back until someone needs it or a patience runs out: the demo's interactions
/// are 4 ms of CPU that, made at once, compete with the browser's first frame on a 2-core machine, while
/// nothing looks at them until a user opens an employee.
final class StageGate: Sendable {
    /// Entered once at the start and left once when opened, so every waiter is let through together.
    private let closed = DispatchGroup()
    private let isOpen = Mutex(false)

    init() {
        closed.enter()
    }

    func open() {
        let first = isOpen.withLock { isOpen in
            defer { isOpen = true }
            return !isOpen
        }
        if first { closed.leave() }
    }

    /// Returns when opened, or after `seconds`.
    func wait(upTo seconds: Double) {
        _ = closed.wait(timeout: .now() + max(0, seconds))
    }

    deinit {
        // A group must not be released while entered.
        open()
    }
}
