import Synchronization

/// A lock around state that lives in several stored properties (or in objects the locked code reaches),
/// which `Mutex<Value>` cannot hold itself.
public final class Lock: Sendable {
    private let mutex = Mutex(())

    public init() {}

    public func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        try mutex.withLock { _ in try body() }
    }
}
