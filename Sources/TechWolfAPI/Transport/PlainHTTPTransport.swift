import Foundation

/// HTTP/1.1 over a plain TCP socket, for `http` origins — which validation allows on loopback addresses
/// only (the demo server, tests, a local proxy). It refuses any other host itself as well, so the token
/// can never travel in clear text even if a caller skipped validation.
///
/// Why not URLSession: on Linux it is libcurl underneath, and linking it loads libcurl and ~27 libraries
/// (TLS, Kerberos, LDAP…) into every process at exec, before anything is drawn; the demo and the tests
/// need none of them. `https` goes through `CurlTransport`, which loads libcurl only when first used.
///
/// The same rules as every transport here: no redirect is followed (a 3xx is reported, never fetched),
/// the body is capped as it arrives, and the whole request — connect included — ends by its deadline.
/// Connections are kept alive per host and port, so `check` over thousands of pairs reuses them.
public final class PlainHTTPTransport: HTTPTransport, @unchecked Sendable {
    public let maxBodyBytes: Int
    private let lock = NSLock()
    private var idle: [String: [SocketConnection]] = [:]
    private static let maxIdlePerHost = 16

    public init(maxBodyBytes: Int = 1 << 20) {
        self.maxBodyBytes = max(0, maxBodyBytes)
    }

    deinit {
        for connection in idle.values.joined() { connection.release() }
    }

    public func send(_ spec: HTTPRequestSpec, timeout: TimeInterval) async throws(TransportFailure) -> HTTPResponseData {
        let deadline = Deadline(after: timeout)
        let control = RequestControl()
        let outcome: Result<HTTPResponseData, TransportFailure> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // A thread of its own: the socket waits block, and neither the Swift concurrency pool nor
                // libdispatch's global queues (one thread per core) may be held by them.
                let thread = Thread {
                    continuation.resume(returning: Result { () throws(TransportFailure) in
                        try self.perform(spec, deadline: deadline, control: control)
                    })
                }
                thread.name = "twbrowse-http"
                thread.start()
            }
        } onCancel: {
            control.cancel()
        }
        return try outcome.get()
    }

    private func perform(_ spec: HTTPRequestSpec, deadline: Deadline,
                         control: RequestControl) throws(TransportFailure) -> HTTPResponseData {
        guard spec.url.scheme?.lowercased() == "http", let host = spec.url.host, !host.isEmpty else {
            throw .network("plain HTTP is used only for http:// URLs")
        }
        let port = spec.url.port ?? 80
        let addresses = LoopbackAddress.addresses(host: host, port: port)
        guard !addresses.isEmpty else {
            throw .network("plain http is used only for loopback addresses")
        }
        let key = "\(host.lowercased()):\(port)"
        let request = try Self.encode(spec, host: host, port: spec.url.port)
        // A kept-alive connection may have been closed by the server just as it was picked; an idempotent
        // request that got no byte of an answer on one is sent once more, on a fresh connection.
        var mayReuse = spec.method == "GET" || spec.method == "HEAD"
        while true {
            if control.isCancelled { throw .cancelled }
            let connection: SocketConnection
            if mayReuse, let pooled = takeIdle(key) {
                guard control.attach(pooled) else {
                    putIdle(pooled, key)
                    throw .cancelled
                }
                connection = pooled
            } else {
                connection = try connect(addresses, deadline: deadline, control: control)
            }
            let response: HTTPResponseData
            let reusable: Bool
            do {
                (response, reusable) = try exchange(request, spec.method, on: connection, deadline: deadline)
            } catch {
                control.detach()
                connection.release()
                switch error {
                case .closedBeforeAnswer where connection.reused:
                    mayReuse = false
                    continue
                case .closedBeforeAnswer: throw .network("the server closed the connection without answering")
                case .transport(let failure): throw failure
                }
            }
            // Detached before it is pooled, so a late cancel of this request can never reach the
            // connection once another request is using it.
            control.detach()
            if reusable { putIdle(connection, key) } else { connection.release() }
            if (300...399).contains(response.status) && response.status != 304 {
                throw .redirectRefused(status: response.status, location: response.headers["location"])
            }
            return response
        }
    }

    /// A new connection to the first address that accepts; registered for cancellation before it connects.
    private func connect(_ addresses: [LoopbackAddress], deadline: Deadline,
                         control: RequestControl) throws(TransportFailure) -> SocketConnection {
        var lastFailure = TransportFailure.network("connection refused")
        for address in addresses {
            let connection = try SocketConnection.make(for: address)
            guard control.attach(connection) else {
                connection.release()
                throw .cancelled
            }
            do {
                try connection.connect(to: address, deadline: deadline)
                return connection
            } catch {
                control.detach()
                connection.release()
                if error == .timedOut || error == .cancelled { throw error }
                lastFailure = error
            }
        }
        throw lastFailure
    }

    /// Sends the request and reads its response; says whether the connection can carry another one.
    private func exchange(_ request: [UInt8], _ method: String, on connection: SocketConnection,
                          deadline: Deadline) throws(ResponseReader.Failure) -> (HTTPResponseData, Bool) {
        do {
            try connection.sendAll(request, deadline: deadline)
        } catch .network where connection.reused {
            throw .closedBeforeAnswer
        } catch {
            throw .transport(error)
        }
        var reader = ResponseReader(connection: connection, method: method, limit: maxBodyBytes, deadline: deadline)
        return try reader.read()
    }

    /// The request head and body as bytes, or why the request is not sent (`checkedHeaders`).
    static func encode(_ spec: HTTPRequestSpec, host: String, port: Int?) throws(TransportFailure) -> [UInt8] {
        guard let components = URLComponents(url: spec.url, resolvingAgainstBaseURL: false) else {
            throw .network("the request URL is not valid")
        }
        guard !spec.method.isEmpty, spec.method.utf8.allSatisfy(HTTPResponseHead.isTokenByte) else {
            throw .network("the request method is not valid")
        }
        var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?" + query }
        guard !target.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value > 0x7E }) else {
            throw .network("the request URL is not valid")
        }
        let hostField = (host.contains(":") ? "[\(host)]" : host) + (port.map { ":\($0)" } ?? "")
        var head = "\(spec.method) \(target) HTTP/1.1\r\nHost: \(hostField)\r\n"
        var names: Set<String> = []
        for (name, value) in try spec.checkedHeaders() {
            names.insert(name.lowercased())
            head += "\(name): \(value)\r\n"
        }
        if let body = spec.body {
            head += "Content-Length: \(body.count)\r\n"
        } else if spec.method == "POST" {
            head += "Content-Length: 0\r\n"
        }
        if !names.contains("accept") { head += "Accept: */*\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if let body = spec.body { bytes.append(contentsOf: body) }
        return bytes
    }

    private func takeIdle(_ key: String) -> SocketConnection? {
        while let connection = lock.withLock({ idle[key]?.popLast() }) {
            if connection.isIdleAndOpen { return connection }
            connection.release()
        }
        return nil
    }

    private func putIdle(_ connection: SocketConnection, _ key: String) {
        connection.reused = true
        let kept = lock.withLock {
            guard idle[key, default: []].count < Self.maxIdlePerHost else { return false }
            idle[key, default: []].append(connection)
            return true
        }
        if !kept { connection.release() }
    }
}

/// Lets a cancelled task reach the connection its request is using from another thread.
private final class RequestControl: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var current: SocketConnection?

    var isCancelled: Bool { lock.withLock { cancelled } }

    /// False when the request was cancelled before it got this far.
    func attach(_ connection: SocketConnection) -> Bool {
        lock.withLock {
            guard !cancelled else { return false }
            current = connection
            return true
        }
    }

    func detach() {
        lock.withLock { current = nil }
    }

    /// Under the lock, so that once `detach()` has returned no cancel of this request can reach the
    /// connection (which may by then serve another request from the pool).
    func cancel() {
        lock.withLock {
            cancelled = true
            current?.cancel()
        }
    }
}
