import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on the monotonic clock by which a whole request must be done.
struct Deadline: Sendable {
    let uptimeNanoseconds: UInt64

    init(after seconds: TimeInterval) {
        let now = DispatchTime.now().uptimeNanoseconds
        let span = seconds.isFinite ? UInt64(min(max(0, seconds), 1e9) * 1e9) : UInt64.max / 2
        uptimeNanoseconds = now &+ span
    }

    /// What is left, in the milliseconds `poll` takes (rounded up, so a wait never ends just short of it).
    var remainingMilliseconds: Int32 {
        let now = DispatchTime.now().uptimeNanoseconds
        guard uptimeNanoseconds > now else { return 0 }
        return Int32(clamping: (uptimeNanoseconds - now + 999_999) / 1_000_000)
    }
}

/// One non-blocking TCP connection, used from one thread at a time; `cancel()` may come from any thread.
///
/// Every wait is a `poll` bounded by the request's deadline. Cancelling shuts the socket down, which wakes
/// a blocked `poll` at once; the descriptor itself is closed only under the same lock, so a late cancel can
/// never shut down a descriptor number the process has meanwhile reused.
final class SocketConnection: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var cancelled = false
    private var closed = false
    /// Whether a request has already been sent on it: a kept-alive connection the server may have closed.
    var reused = false

    private init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        release()
    }

    /// A socket for `address`, not yet connected: the caller registers it for cancellation first, so even
    /// a connect that hangs can be cancelled.
    static func make(for address: LoopbackAddress) throws(TransportFailure) -> SocketConnection {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw failure(errno) }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return SocketConnection(fd: fd)
    }

    func connect(to address: LoopbackAddress, deadline: Deadline) throws(TransportFailure) {
        let started = address.withSockaddr { Glibc.connect(fd, $0, $1) }
        if started == 0 { return }
        guard errno == EINPROGRESS else { throw failureAfterCancelCheck(errno) }
        try wait(for: Int16(POLLOUT), deadline: deadline)
        var error: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 else { throw Self.failure(errno) }
        if error != 0 { throw failureAfterCancelCheck(error) }
    }

    /// Sends every byte, or fails.
    func sendAll(_ bytes: [UInt8], deadline: Deadline) throws(TransportFailure) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                try wait(for: Int16(POLLOUT), deadline: deadline)
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                throw failureAfterCancelCheck(errno)
            }
        }
    }

    /// Reads what is available into `buffer` (appending), waiting for at least one byte; 0 means the
    /// server closed the connection.
    func receive(into buffer: inout [UInt8], deadline: Deadline) throws(TransportFailure) -> Int {
        // Checked before every read, not only before waiting: a server that never pauses would otherwise
        // keep this loop busy past the deadline.
        if isCancelled { throw .cancelled }
        if deadline.remainingMilliseconds == 0 { throw .timedOut }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return count
            }
            if count == 0 {
                if isCancelled { throw .cancelled }
                return 0
            }
            switch errno {
            case EAGAIN, EWOULDBLOCK: try wait(for: Int16(POLLIN), deadline: deadline)
            case EINTR: continue
            default: throw failureAfterCancelCheck(errno)
            }
        }
    }

    /// A kept-alive connection is worth reusing only while the server has neither closed it nor sent
    /// anything unasked.
    var isIdleAndOpen: Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) == 0
    }

    func cancel() {
        lock.withLock {
            cancelled = true
            if !closed { _ = shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    func release() {
        lock.withLock {
            guard !closed else { return }
            closed = true
            _ = close(fd)
        }
    }

    private var isCancelled: Bool { lock.withLock { cancelled } }

    private func wait(for events: Int16, deadline: Deadline) throws(TransportFailure) {
        while true {
            if isCancelled { throw .cancelled }
            let milliseconds = deadline.remainingMilliseconds
            if milliseconds == 0 { throw .timedOut }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw Self.failure(errno) }
        }
    }

    private func failureAfterCancelCheck(_ code: Int32) -> TransportFailure {
        isCancelled ? .cancelled : Self.failure(code)
    }

    static func failure(_ code: Int32) -> TransportFailure {
        switch code {
        case ECONNREFUSED: return .network("connection refused")
        case ECONNRESET, EPIPE: return .network("the connection was lost")
        case ETIMEDOUT: return .timedOut
        case ENETUNREACH, EHOSTUNREACH: return .network("the host cannot be reached")
        default: return .network(String(cString: strerror(code)))
        }
    }
}
