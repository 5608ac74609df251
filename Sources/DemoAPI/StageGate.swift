import Foundation

/// Holds a background stage back until someone needs it or a patience runs out: the demo's interactions
/// are 4 ms of CPU that, made at once, compete with the browser's first frame on a 2-core machine, while
/// nothing looks at them until a user opens an employee.
final class StageGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var isOpen = false

    func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }

    /// Returns when opened, or after `seconds`.
    func wait(upTo seconds: Double) {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while !isOpen, condition.wait(until: deadline) {}
    }
}
