import Foundation

/// One request as the client wants it sent: a GET for the API, a POST with a body for the token endpoint.
public struct HTTPRequestSpec: Sendable {
    public var url: URL
    public var headers: [String: String]
    public var method: String
    public var body: Data?
    public init(url: URL, headers: [String: String], method: String = "GET", body: Data? = nil) {
        self.url = url
        self.headers = headers
        self.method = method
        self.body = body
    }
}

extension HTTPRequestSpec {
    /// Headers a transport writes itself: one from a caller could desynchronise a kept-alive connection.
    static let transportHeaders: Set<String> = ["host", "content-length", "transfer-encoding", "connection", "expect", "upgrade"]

    /// The headers sorted by name, once each name is an HTTP token that no transport writes itself and no
    /// value holds CR, LF or NUL (which would let it start a header of its own). Our own code sets them, but
    /// such a request is refused rather than sent; the error names the header, never its value (it may be
    /// the token).
    func checkedHeaders() throws(TransportFailure) -> [(name: String, value: String)] {
        var checked: [(name: String, value: String)] = []
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty, name.utf8.allSatisfy(HTTPResponseHead.isTokenByte),
                  !Self.transportHeaders.contains(name.lowercased()),
                  !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw .network("the request header \(TerminalText.excerpt(name, limit: 40)) is not valid")
            }
            checked.append((name, value))
        }
        return checked
    }
}

/// A complete response: status, headers (names lower-cased) and the whole body (already size-capped).
public struct HTTPResponseData: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: Data
    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Why no response came back.
public enum TransportFailure: Error, Sendable, Equatable {
    /// The deadline passed; the transfer was cancelled.
    case timedOut
    /// The caller cancelled (Esc in the UI).
    case cancelled
    /// The server answered with a redirect, which is never followed: the credentials must stay on one origin.
    case redirectRefused(status: Int, location: String?)
    /// The body was larger than the cap; the transfer was stopped.
    case tooLarge(limit: Int)
    /// Could not connect, the connection dropped, DNS failed, TLS failed…
    case network(String)
}

/// Sends one request. The client above it owns retries, deadlines across retries, and error mapping.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequestSpec, timeout: TimeInterval) async throws(TransportFailure) -> HTTPResponseData
}
