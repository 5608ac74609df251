#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a faulty server or proxy sends instead of the real answer.
enum DemoFaultResponder {
    static let proxyErrorPage = """
        <html>
        <head><title>500 Internal Server Error</title></head>
        <body>
        <center><h1>500 Internal Server Error</h1></center>
        <hr><center>nginx</center>
        </body>
        </html>

        """

    /// The response for a fault that answers on its own; `nil` when the request should be answered normally.
    static func response(for fault: DemoFault, request: DemoRequestRecord, router: DemoRouter) -> DemoResponse? {
        switch fault {
        case .none, .slow:
            return nil
        case .html500:
            return DemoResponse(status: 500, reason: "Internal Server Error",
                                headers: ["Content-Type": "text/html"], body: Data(proxyErrorPage.utf8))
        case .rateLimited(let retryAfter, _):
            var response = DemoResponse.error(429, "Too Many Requests", "Rate limit exceeded. Try again later.")
            response.headers["Retry-After"] = retryAfter
            return response
        case .unavailable(let retryAfter, _):
            var response = DemoResponse.error(503, "Service Unavailable",
                                              "The service is temporarily unavailable.")
            response.headers["Retry-After"] = retryAfter
            return response
        case .truncatedJSON:
            return .json(halfOf(recordBody(for: request, router: router)))
        case .oversized(let bytes):
            return DemoResponse(status: 200, reason: "OK", headers: ["Content-Type": DemoResponse.jsonType],
                                body: oversizedBody(bytes: bytes))
        case .redirect(let origin):
            var location = origin.hasSuffix("/") ? String(origin.dropLast()) : origin
            location += request.path
            if !request.query.isEmpty { location += "?" + request.query }
            return DemoResponse(status: 302, reason: "Found",
                                headers: ["Location": location, "Content-Type": "text/plain; charset=utf-8"],
                                body: Data("Redirecting to \(location)\n".utf8))
        }
    }

    /// The record the request asked for when there is one, so the truncation looks like a dropped
    /// connection mid-answer; otherwise the first interaction.
    private static func recordBody(for request: DemoRequestRecord, router: DemoRouter) -> String {
        let answer = router.route(request)
        if answer.status == 200, answer.headers["Content-Type"] == DemoResponse.jsonType,
           let text = String(data: answer.body, encoding: .utf8) {
            return text
        }
        return router.dataSet.interactions.first?.json ?? #"{"external_id": "int-00000000"}"#
    }

    /// The first half, cut on a character boundary so the body stays valid UTF-8 and only the JSON is broken.
    private static func halfOf(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var half = String.UnicodeScalarView()
        half.append(contentsOf: scalars.prefix(scalars.count / 2))
        return String(half)
    }

    /// Valid-looking JSON of exactly `bytes` bytes (a bare prefix of it when `bytes` is tiny).
    private static func oversizedBody(bytes: Int) -> Data {
        let head = Data(#"{"external_id": "int-oversized", "padding": ""#.utf8)
        let tail = Data(#""}"#.utf8)
        let count = max(0, bytes)
        guard count >= head.count + tail.count else { return head.prefix(count) }
        var body = head
        body.append(Data(repeating: UInt8(ascii: "x"), count: count - head.count - tail.count))
        body.append(tail)
        return body
    }
}
