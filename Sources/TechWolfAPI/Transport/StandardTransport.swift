import Foundation

/// The transport the client and the token provider use unless given another: `PlainHTTPTransport` for
/// `http` (loopback only) and `CurlTransport` for `https`, so libcurl is loaded only by a process that
/// actually talks TLS. Neither sends a loopback request through a proxy (libcurl would apply `https_proxy`
/// even to 127.0.0.1); any other host follows the proxy environment, as curl does.
public final class StandardTransport: HTTPTransport {
    public let maxBodyBytes: Int
    private let plain: PlainHTTPTransport
    private let tls: CurlTransport

    public init(maxBodyBytes: Int = 1 << 20) {
        self.maxBodyBytes = maxBodyBytes
        plain = PlainHTTPTransport(maxBodyBytes: maxBodyBytes)
        tls = CurlTransport(maxBodyBytes: maxBodyBytes)
    }

    public func send(_ request: HTTPRequestSpec, timeout: TimeInterval) async throws(TransportFailure) -> HTTPResponseData {
        if request.url.scheme?.lowercased() == "http" {
            return try await plain.send(request, timeout: timeout)
        }
        return try await tls.send(request, timeout: timeout)
    }
}
