import BrowserCore
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

/// Where work running on other threads hands events to the UI loop. Posting appends under a lock and
/// writes a byte to a pipe the loop polls, so a result wakes the loop without any timer.
public final class EventInbox: @unchecked Sendable {
    private let queue = Mutex<[Event]>([])
    let wakeReadFD: Int32
    let wakeWriteFD: Int32

    public init() throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw TerminalError("cannot create the UI wake-up pipe: \(String(cString: strerror(errno)))")
        }
        // Non-blocking on both ends: a poster (or a signal handler) must never block on a full pipe, and
        // draining stops at "empty" instead of waiting. Close-on-exec keeps it out of spawned helpers.
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        wakeReadFD = fds[0]
        wakeWriteFD = fds[1]
    }

    deinit {
        close(wakeReadFD)
        close(wakeWriteFD)
    }

    /// Safe from any thread. A full pipe drops the byte, which is fine: the loop is already due to wake.
    public func post(_ event: Event) {
        queue.withLock { $0.append(event) }
        var byte: UInt8 = 1
        _ = write(wakeWriteFD, &byte, 1)
    }

    /// Empties the pipe. Call before `takeAll`, so an event posted in between still leaves a byte behind.
    func drainWakeBytes() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(wakeReadFD, &buffer, buffer.count) > 0 {}
    }

    func takeAll() -> [Event] {
        queue.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
    }
}
