/// A way for the demo server to misbehave, so a client's error handling can be shown and tested against
/// real HTTP. A fault sits in front of everything, authentication included, like a broken proxy would.
public enum DemoFault: Sendable, Equatable {
    case none
    /// Sleep this long before answering every request, then answer normally.
    case slow(seconds: Double)
    /// 500 with an HTML page, as a reverse proxy sends it.
    case html500
    /// The next `times` requests get 429 with `Retry-After` and a JSON error body; later ones are normal.
    case rateLimited(retryAfter: String, times: Int)
    /// The next `times` requests get 503 (with `Retry-After` when given); later ones are normal.
    case unavailable(retryAfter: String?, times: Int)
    /// 200 `application/json` whose body is a real record cut in half.
    case truncatedJSON
    /// 200 with a JSON-looking body of exactly this many bytes.
    case oversized(bytes: Int)
    /// 302 to the same path and query on another origin, e.g. `http://127.0.0.1:PORT`.
    case redirect(to: String)

    /// How many requests the fault applies to; `nil` means every request until it is changed.
    var limit: Int? {
        switch self {
        case .rateLimited(_, let times), .unavailable(_, let times): times
        default: nil
        }
    }
}
