#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Threads
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1: one plain thread accepts, one plain thread serves each
/// connection (kept alive between requests), and the handler runs as a Swift task.
///
/// Why not a server library: the one this project used (FlyingFox) links Foundation's URLSession for its
/// proxy handler, and with it libcurl and ~27 libraries that every `twbrowse` process then loaded at exec.
/// The demo needs one route and well-formed answers, not a general server; the odd behaviour tests need
/// comes from the separate scripted test server. Threads, not the concurrency pool, wait on sockets, so a
/// slow answer or an idle kept-alive connection never holds a pool thread the client needs.
final class LoopbackHTTPServer: @unchecked Sendable {
    typealias Handler = @Sendable (ReceivedRequest) async -> DemoResponse

    let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private struct State {
        var stopping = false
        var listenerOpen = true
        var connections: Set<Int32> = []
        var accepted = 0
        var answering: [Int: Task<Void, Never>] = [:]
        var nextAnswer = 0
    }
    private let state = Mutex(State())
    private let threads = DispatchGroup()

    /// Request heads and bodies larger than these are refused: the demo's clients send a few hundred bytes.
    static let maxHeadBytes = 64 * 1024
    static let maxBodyBytes = 1 << 20
    /// A kept-alive connection that stays silent this long is closed, so forgotten clients free their thread.
    static let idleSeconds = 60

    /// Binds and listens before it returns, so the server is reachable as soon as this succeeds.
    init(port: UInt16, handler: @escaping Handler) throws(DemoServerError) {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .cannotListen(String(cString: strerror(errno))) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 128) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .cannotListen(reason)
        }
        listener = fd
        self.port = UInt16(bigEndian: address.sin_port)
        threads.enter()
        let started = DetachedThread.start { [self] in
            acceptLoop()
            threads.leave()
        }
        precondition(started, "no thread for the demo server's listener")
    }

    /// Connections accepted so far: lets a test see whether a client kept its connection alive.
    var connectionsAccepted: Int { state.withLock { $0.accepted } }

    /// Stops accepting, ends every connection and cancels the answers still running; returns once every
    /// server thread has finished.
    func stop() async {
        beginStopping()
        await withCheckedContinuation { continuation in
            threads.notify(queue: .global()) { continuation.resume() }
        }
    }

    /// The part of `stop()` that does not wait, for a server dropped without being stopped.
    func beginStopping() {
        // Shutting a socket down wakes the thread blocked on it; each thread closes its own descriptor, and
        // only after leaving `connections` under this lock, so no shutdown here can hit a reused number.
        let running: [Task<Void, Never>] = state.withLock { state in
            guard !state.stopping else { return [] }
            state.stopping = true
            if state.listenerOpen { _ = shutdown(listener, Int32(SHUT_RDWR)) }
            for fd in state.connections { _ = shutdown(fd, Int32(SHUT_RDWR)) }
            return Array(state.answering.values)
        }
        for task in running { task.cancel() }
    }

    private func acceptLoop() {
        defer {
            state.withLock { state in
                state.listenerOpen = false
                close(listener)
            }
        }
        while true {
            // accept4 is not visible from Swift; the window before FD_CLOEXEC is set is harmless here.
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if state.withLock({ $0.stopping }) { return }
                // Out of descriptors or memory for a moment: wait and accept again rather than stop serving.
                if errno != EINTR && errno != ECONNABORTED { usleep(50_000) }
                continue
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            let admitted = state.withLock { state in
                guard !state.stopping else { return false }
                state.connections.insert(fd)
                state.accepted += 1
                threads.enter()
                return true
            }
            guard admitted else {
                close(fd)
                return
            }
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            var idle = timeval(tv_sec: Self.idleSeconds, tv_usec: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &idle, socklen_t(MemoryLayout<timeval>.size))
            let finish: @Sendable () -> Void = { [self] in
                state.withLock { _ = $0.connections.remove(fd) }
                close(fd)
                threads.leave()
            }
            let started = DetachedThread.start { [self] in
                serve(fd)
                finish()
            }
            // No thread to spare: this connection is closed unanswered, and the client sees a reset.
            if !started { finish() }
        }
    }

    private func serve(_ fd: Int32) {
        var reader = RequestReader(fd: fd)
        while true {
            let request: ReceivedRequest
            switch reader.next() {
            case .request(let received): request = received
            case .closed: return
            case .refused(let response):
                if write(response, method: "GET", keepAlive: false, to: fd) { closeGracefully(fd) }
                return
            }
            guard let response = answer(request) else { return }
            let keepAlive = request.keepAlive && !state.withLock({ $0.stopping })
            guard write(response, method: request.method, keepAlive: keepAlive, to: fd) else { return }
            if !keepAlive {
                closeGracefully(fd)
                return
            }
        }
    }

    /// Closing with unread request bytes makes the kernel send a reset, which can destroy the answer just
    /// written before the client reads it; so say "no more" first and read what is left, briefly.
    private func closeGracefully(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
        var drain = timeval(tv_sec: 0, tv_usec: 200_000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &drain, socklen_t(MemoryLayout<timeval>.size))
        var scratch = [UInt8](repeating: 0, count: 4096)
        var total = 0
        while total < 1 << 20 {
            let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            total += count
        }
    }

    /// Runs the handler as a task and waits for it on this (non-pool) thread; nil once the server stops.
    private func answer(_ request: ReceivedRequest) -> DemoResponse? {
        let result = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        let handler = self.handler
        let id: Int? = state.withLock { state in
            guard !state.stopping else { return nil }
            state.nextAnswer += 1
            state.answering[state.nextAnswer] = Task {
                result.response = await handler(request)
                done.signal()
            }
            return state.nextAnswer
        }
        guard let id else { return nil }
        done.wait()
        state.withLock { _ = $0.answering.removeValue(forKey: id) }
        return result.response
    }

    private func write(_ response: DemoResponse, method: String, keepAlive: Bool, to fd: Int32) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(response.reason)\r\n"
        for (name, value) in response.headers.sorted(by: { $0.key < $1.key }) where name.lowercased() != "content-length" {
            head += "\(name): \(value)\r\n"
        }
        // A HEAD answer announces the length of the body it leaves out.
        head += "Content-Length: \(response.body.count)\r\n"
        head += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        if method != "HEAD" { bytes.append(contentsOf: response.body) }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent > 0 {
                offset += sent
            } else if !(sent < 0 && errno == EINTR) {
                return false
            }
        }
        return true
    }
}

/// Carries a handler's answer from its task to the thread waiting on the semaphore.
private final class ResponseBox: @unchecked Sendable {
    var response: DemoResponse?
}

/// A request as the demo's handler sees it.
struct ReceivedRequest: Sendable {
    let method: String
    /// The request target up to `?`, still percent-encoded.
    let path: String
    /// After `?`, still percent-encoded; empty when there is none.
    let query: String
    /// Names in lowercase; a repeated header's values joined with ", ".
    let headers: [String: String]
    let body: Data
    let keepAlive: Bool
}
