import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny scripted HTTP/1.1 server on raw POSIX sockets, for behaviour no well-behaved server library will
/// produce: bodies trickled a byte at a time, connections reset mid-body, lying `Content-Length`s, chunked
/// floods, redirects. It listens on 127.0.0.1 only (an ephemeral port), accepts on a plain `Thread`, serves
/// each connection on its own plain `Thread` (never the Swift concurrency pool, which the client under test
/// needs), reads one request head, records it, and acts out what the script says for that request.
public final class RawHTTPServer: @unchecked Sendable {
    /// What to do with one request.
    public enum Action: Sendable {
        /// A status line, the given headers and body. `Content-Length` and `Connection: close` are added
        /// unless the headers already name them (or `Transfer-Encoding`).
        case respond(status: Int, headers: [Header], body: Data)
        /// These bytes exactly, then close.
        case raw(Data)
        /// The status line and headers, one byte every `interval`, never finishing (until the peer leaves).
        case trickleHeaders(interval: TimeInterval)
        /// Complete headers announcing `contentLength` bytes, then the body one byte every `interval`.
        case trickleBody(contentLength: Int, interval: TimeInterval)
        /// Headers announcing `contentLength`, `partial` of the body, then a TCP reset (SO_LINGER {1, 0}).
        case resetMidBody(contentLength: Int, partial: Data)
        /// Headers announcing `contentLength`, only `partial` of the body, then an orderly close.
        case truncated(contentLength: Int, partial: Data)
        /// `Transfer-Encoding: chunked`, no `Content-Length`, `totalBytes` of body in `chunkSize` chunks.
        case chunked(totalBytes: Int, chunkSize: Int)
        /// Read the request and say nothing until the peer leaves or the server stops.
        case silence
    }

    public struct Header: Sendable {
        public let name: String
        public let value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One request head as received.
    public struct Request: Sendable {
        public let connection: Int
        public let requestLine: String
        /// Names lower-cased; a repeated header keeps its last value.
        public let headers: [String: String]
        public let rawHead: String
        /// When the head was complete.
        public let receivedAt: Date
    }

    /// Which request this is (counting from 0 across connections) and the server's own port.
    public struct Context: Sendable {
        public let index: Int
        public let port: Int
        public let request: Request
    }

    public let port: Int
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private let script: @Sendable (Context) -> Action
    private let listener: Int32
    private let lock = NSLock()
    private var stopping = false
    private var recorded: [Request] = []
    private var accepted = 0
    /// Open sockets by connection number, and when each peer was seen to leave while we were still talking.
    private var connectionOf: [Int32: Int] = [:]
    private var departures: [Int: Date] = [:]
    private let threads = DispatchGroup()

    /// Binds 127.0.0.1 on an ephemeral port and starts accepting.
    public init(_ script: @escaping @Sendable (Context) -> Action) throws {
        self.script = script
        let fd = socket(AF_INET, Self.streamType, 0)
        guard fd >= 0 else { throw ServerError.socket("socket", errno) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let code = errno
            close(fd)
            throw ServerError.socket("bind/listen", code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            close(fd)
            throw ServerError.socket("getsockname", code)
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop()
            close(listener)
            threads.leave()
        }
        thread.name = "RawHTTPServer.accept.\(port)"
        thread.start()
    }

    /// Every request head received so far.
    public var requests: [Request] { lock.withLock { recorded } }
    /// Connections accepted so far (a connection may end before sending a complete head).
    public var connections: Int { lock.withLock { accepted } }
    private var isStopping: Bool { lock.withLock { stopping } }

    /// How long after its request head arrived the client dropped the connection of request `index`,
    /// measured on the server's side (so independent of how soon the client's task gets to run again).
    /// Waits up to 3 s for the departure to be noticed; nil when the client never left.
    public func secondsUntilClientLeft(request index: Int) async -> TimeInterval? {
        for _ in 0..<60 {
            let found: TimeInterval? = lock.withLock {
                guard index < recorded.count, let left = departures[recorded[index].connection] else { return nil }
                return left.timeIntervalSince(recorded[index].receivedAt)
            }
            if let found { return found }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return nil
    }

    private func clientLeft(_ fd: Int32) {
        lock.withLock {
            if let connection = connectionOf[fd], departures[connection] == nil { departures[connection] = Date() }
        }
    }

    /// Stops accepting, ends every connection, closes every socket, and waits (on a plain thread) until
    /// the server's threads have finished.
    public func stop() async {
        lock.withLock { stopping = true }
        let group = threads
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waiter = Thread {
                _ = group.wait(timeout: .now() + 10)
                continuation.resume()
            }
            waiter.start()
        }
    }

    /// Runs `body` with a server, stopping it however `body` ends.
    public static func with<T>(_ script: @escaping @Sendable (Context) -> Action,
                        _ body: (RawHTTPServer) async throws -> T) async throws -> T {
        let server = try RawHTTPServer(script)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    public enum ServerError: Error, CustomStringConvertible {
        case socket(String, Int32)
        public var description: String {
            switch self {
            case .socket(let call, let code): return "\(call) failed: \(String(cString: strerror(code)))"
            }
        }
    }

    // MARK: Accepting

    private func acceptLoop() {
        while !isStopping {
            guard Self.waitReadable(listener, milliseconds: 50) else { continue }
            let client = accept(listener, nil, nil)
            if client < 0 { continue }
            let number: Int = lock.withLock {
                accepted += 1
                connectionOf[client] = accepted - 1
                return accepted - 1
            }
            Self.configure(client)
            threads.enter()
            let thread = Thread { [self] in
                serve(client, connection: number)
                lock.withLock { connectionOf[client] = nil }
                close(client)
                threads.leave()
            }
            thread.name = "RawHTTPServer.conn.\(number)"
            thread.start()
        }
    }

    private static func configure(_ fd: Int32) {
        #if canImport(Darwin)
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    // MARK: Serving one connection

    private func serve(_ fd: Int32, connection: Int) {
        guard let head = readHead(fd) else { return }
        let request = Self.parseHead(head, connection: connection)
        let index: Int = lock.withLock {
            recorded.append(request)
            return recorded.count - 1
        }
        let action = script(Context(index: index, port: port, request: request))
        perform(action, on: fd)
    }

    private func perform(_ action: Action, on fd: Int32) {
        switch action {
        case .respond(let status, let headers, let body):
            _ = write(fd, Self.head(status: status, headers: headers, bodyLength: body.count) + body)
            lingerForPeer(fd)
        case .raw(let bytes):
            _ = write(fd, bytes)
            lingerForPeer(fd)
        case .trickleHeaders(let interval):
            let head = Self.head(status: 200, headers: [Header("Content-Type", "application/json")], bodyLength: 2)
            // Never finish: leave the final CRLF out so the head is never complete.
            for byte in head.dropLast(2) {
                guard write(fd, Data([byte])), pause(interval, watching: fd) else { return }
            }
            while pause(interval, watching: fd) {}
        case .trickleBody(let contentLength, let interval):
            guard write(fd, Self.head(status: 200, headers: [Header("Content-Type", "application/json")], bodyLength: contentLength)) else { return }
            var sent = 0
            let filler = Array(#"{"external_id":"int-1","title":""#.utf8)
            while sent < contentLength {
                let byte = sent < filler.count ? filler[sent] : UInt8(ascii: "x")
                guard pause(interval, watching: fd), write(fd, Data([byte])) else { return }
                sent += 1
            }
        case .resetMidBody(let contentLength, let partial):
            _ = write(fd, Self.head(status: 200, headers: [Header("Content-Type", "application/json")], bodyLength: contentLength) + partial)
            // Give the client time to read what was sent, then reset instead of an orderly close.
            _ = pause(0.05, watching: fd)
            var hard = linger(l_onoff: 1, l_linger: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, socklen_t(MemoryLayout<linger>.size))
        case .truncated(let contentLength, let partial):
            _ = write(fd, Self.head(status: 200, headers: [Header("Content-Type", "application/json")], bodyLength: contentLength) + partial)
            _ = pause(0.05, watching: fd)
        case .chunked(let totalBytes, let chunkSize):
            let headers = [Header("Content-Type", "application/json"), Header("Transfer-Encoding", "chunked")]
            guard write(fd, Self.head(status: 200, headers: headers, bodyLength: nil)) else { return }
            let size = max(1, chunkSize)
            var chunk = Data(String(size, radix: 16).utf8) + Data("\r\n".utf8)
            chunk.append(Data([UInt8("[".utf8.first!)]) + Data(repeating: UInt8(ascii: "1"), count: size - 1))
            chunk.append(Data("\r\n".utf8))
            var sent = 0
            while sent < totalBytes, !isStopping {
                guard write(fd, chunk) else { return }
                sent += size
            }
            _ = write(fd, Data("0\r\n\r\n".utf8))
            lingerForPeer(fd)
        case .silence:
            while pause(0.2, watching: fd) {}
        }
    }

    /// After a complete response: wait briefly for the client to close first, so the client never sees a
    /// reset caused by unread data in our receive buffer.
    private func lingerForPeer(_ fd: Int32) {
        shutdown(fd, Int32(SHUT_WR))
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline, !isStopping {
            if Self.waitReadable(fd, milliseconds: 50) {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { return }
            }
        }
    }

    /// Sleeps `interval` in slices; false when the server is stopping or the peer has gone.
    private func pause(_ interval: TimeInterval, watching fd: Int32) -> Bool {
        let deadline = Date().addingTimeInterval(interval)
        while Date() < deadline {
            if isStopping { return false }
            let slice = max(1, min(50, Int(deadline.timeIntervalSinceNow * 1000)))
            if Self.waitReadable(fd, milliseconds: slice) {
                var byte: UInt8 = 0
                let n = recv(fd, &byte, 1, Int32(MSG_PEEK))
                if n <= 0 {
                    clientLeft(fd)
                    return false
                }
                // The client sent more (another request on this connection); drain and keep going.
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = recv(fd, &buffer, buffer.count, 0)
            }
        }
        return !isStopping
    }

    private func readHead(_ fd: Int32) -> String? {
        var data = [UInt8]()
        let terminator: [UInt8] = [13, 10, 13, 10]
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !isStopping {
            guard Self.waitReadable(fd, milliseconds: 50) else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            data.append(contentsOf: buffer[0..<n])
            if let end = Self.find(terminator, in: data) {
                return String(decoding: data[0..<end], as: UTF8.self)
            }
            if data.count > 64 * 1024 { return nil }
        }
        return nil
    }

    private func write(_ fd: Int32, _ data: Data) -> Bool {
        var offset = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            if isStopping { return false }
            let n = bytes.withUnsafeBufferPointer { buffer in
                send(fd, buffer.baseAddress! + offset, buffer.count - offset, Self.sendFlags)
            }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                clientLeft(fd)
                return false
            }
            offset += n
        }
        return true
    }

    // MARK: Helpers

    private static var streamType: Int32 {
        #if canImport(Darwin)
        return SOCK_STREAM
        #else
        return Int32(SOCK_STREAM.rawValue)
        #endif
    }

    private static var sendFlags: Int32 {
        #if canImport(Darwin)
        return 0
        #else
        return Int32(MSG_NOSIGNAL)
        #endif
    }

    private static func waitReadable(_ fd: Int32, milliseconds: Int) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, Int32(milliseconds)) > 0
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    private static func parseHead(_ head: String, connection: Int) -> Request {
        let lines = head.components(separatedBy: "\r\n")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Request(connection: connection, requestLine: lines.first ?? "", headers: headers, rawHead: head, receivedAt: Date())
    }

    public static func head(status: Int, headers: [Header], bodyLength: Int?) -> Data {
        var text = "HTTP/1.1 \(status) \(reason(status))\r\n"
        let names = Set(headers.map { $0.name.lowercased() })
        for header in headers { text += "\(header.name): \(header.value)\r\n" }
        if let bodyLength, !names.contains("content-length"), !names.contains("transfer-encoding") {
            text += "Content-Length: \(bodyLength)\r\n"
        }
        if !names.contains("connection") { text += "Connection: close\r\n" }
        return Data((text + "\r\n").utf8)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 307: return "Temporary Redirect"
        case 404: return "Not Found"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}
