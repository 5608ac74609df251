/// A request as the demo server received it, before it answered.
public struct DemoRequestRecord: Sendable, Equatable {
    public let method: String
    /// The path as sent, still percent-encoded.
    public let path: String
    /// The query as sent, without the `?`, still percent-encoded.
    public let query: String
    /// Header names in lowercase; a repeated header's values joined with ", ".
    public let headers: [String: String]

    public init(method: String, path: String, query: String, headers: [String: String]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
    }
}
