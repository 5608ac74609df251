#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An answer, independent of the HTTP server library that sends it.
struct DemoResponse: Sendable, Equatable {
    var status: Int
    var reason: String
    var headers: [String: String]
    var body: Data

    static let jsonType = "application/json"

    static func json(_ text: String, status: Int = 200, reason: String = "OK") -> DemoResponse {
        DemoResponse(status: status, reason: reason, headers: ["Content-Type": jsonType], body: Data(text.utf8))
    }

    static func text(_ text: String) -> DemoResponse {
        DemoResponse(status: 200, reason: "OK", headers: ["Content-Type": "text/plain; charset=utf-8"],
                     body: Data(text.utf8))
    }

    /// The documented error shape: a JSON array of `{"title", "description"}`.
    static func error(_ status: Int, _ reason: String, _ description: String) -> DemoResponse {
        let body = JSONText.array([.object([
            JSONMember("title", .string("\(status) \(reason)")),
            JSONMember("description", .string(description)),
        ])])
        return json(body.rendered, status: status, reason: reason)
    }
}
