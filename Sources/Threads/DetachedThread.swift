#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread of its own, outside the concurrency pool, for work that blocks for long: the demo server's
/// sockets, the terminal's poll(). Started detached: nobody joins it.
public enum DetachedThread {
    private final class Work {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// False when the system would not create the thread; `body` has not run then. `stackBytes` nil
    /// leaves the system's default (the stack limit, as for the main thread).
    @discardableResult
    public static func start(stackBytes: Int? = nil, _ body: @escaping @Sendable () -> Void) -> Bool {
        let work = Unmanaged.passRetained(Work(body))
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackBytes { pthread_attr_setstacksize(&attributes, stackBytes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let status = pthread_create(&thread, &attributes, { raw in
            let pointer: UnsafeMutableRawPointer? = raw
            Unmanaged<Work>.fromOpaque(pointer!).takeRetainedValue().run()
            return nil
        }, work.toOpaque())
        if status != 0 { work.release() }
        return status == 0
    }
}
