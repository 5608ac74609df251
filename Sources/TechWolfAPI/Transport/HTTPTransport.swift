#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte),
                  !Self.transportHeaders.contains(name.lowercased()),
                  !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw .permanent("the request header \(TerminalText.excerpt(name, limit: 40)) is not valid")
            }
            checked.append((name, value))
        }
        return checked
    }

    /// RFC 9110 `tchar`: what a header name may be made of.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}

/// A complete response: status, headers (names lower-cased) and the whole body (already size-capped).
public struct HTTPResponseData: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: Data
    /// Connections this request had to open (0 when it reused one): the round trips it cost beyond its own.
    public let newConnections: Int
    /// 11 for HTTP/1.1, 20 for HTTP/2, 0 when not known.
    public let httpVersion: Int
    public init(status: Int, headers: [String: String], body: Data, newConnections: Int = 0, httpVersion: Int = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.newConnections = newConnections
        self.httpVersion = httpVersion
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
    /// The server's certificate was not accepted: never retried, since trying again cannot fix it.
    case certificate(CertificateProblem)
    /// The proxy refused to open a tunnel (407: it wants credentials): never retried.
    case proxy(String)
    /// What trying again cannot change: the server broke HTTP (not HTTP at all, headers over the limit, a
    /// malformed body), libcurl cannot be loaded, or the request itself cannot be sent. Never retried.
    case permanent(String)
    /// Could not connect, the connection dropped, DNS failed, the TLS handshake failed…
    case network(String)
}

/// Sends one request. The client above it owns retries, deadlines across retries, and error mapping.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequestSpec, timeout: TimeInterval) async throws(TransportFailure) -> HTTPResponseData
}
