#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Everything that can go wrong with a call, each with a one-line message fit for a terminal (sanitised,
/// never containing the token) and the command line's exit code.
public enum APIError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidInput(ValidationError)
    case unauthorized(String)
    case forbidden(String)
    case notFound(String)
    case rateLimited(String, retryAfter: TimeInterval?)
    case serverError(status: Int, message: String)
    /// Any other 4xx.
    case rejected(status: Int, message: String)
    case timeout(seconds: TimeInterval)
    case network(String)
    /// The server's TLS certificate was refused (unknown issuer, name mismatch, expired…).
    case certificate(String)
    case redirectRefused(status: Int, target: String)
    case tooLarge(limit: Int)
    case undecodable(String)
    case cancelled

    public var description: String { message }

    public var message: String {
        switch self {
        case .invalidInput(let e): return "invalid \(e.field): \(e.message)"
        case .unauthorized(let m): return "unauthorized (401): \(m)"
        case .forbidden(let m): return "forbidden (403): \(m)"
        case .notFound(let m): return "not found (404): \(m)"
        case .rateLimited(let m, let after):
            return "rate limited (429): \(m)" + (after.map { "; retry after \(RelativeTime.duration($0))" } ?? "")
        case .serverError(let status, let m): return "server error (\(status)): \(m)"
        case .rejected(let status, let m): return "request rejected (\(status)): \(m)"
        case .timeout(let s): return "timed out after \(Self.seconds(s)) (no complete response)"
        case .network(let m): return "network error: \(m)"
        case .certificate(let m): return m
        case .redirectRefused(let status, let target):
            return "refused to follow a redirect (\(status)) to \(target): the token is only ever sent to the configured origin"
        case .tooLarge(let limit): return "response larger than \(limit / 1024) KiB; refused"
        case .undecodable(let m): return "undecodable response: \(m)"
        case .cancelled: return "cancelled"
        }
    }

    /// 0 ok · 1 unexpected · 2 usage/invalid input · 3 unauthorized/forbidden · 4 not found ·
    /// 5 network, certificate, timeout, redirect refused, server error · 6 undecodable or oversized.
    public var exitCode: Int32 {
        switch self {
        case .invalidInput: return 2
        case .unauthorized, .forbidden: return 3
        case .notFound: return 4
        case .rateLimited, .serverError, .rejected, .timeout, .network, .certificate, .redirectRefused, .cancelled: return 5
        case .tooLarge, .undecodable: return 6
        }
    }

    /// A short machine-readable name, for `check`'s JSON lines.
    public var kind: String {
        switch self {
        case .invalidInput: return "invalid_input"
        case .unauthorized: return "unauthorized"
        case .forbidden: return "forbidden"
        case .notFound: return "not_found"
        case .rateLimited: return "rate_limited"
        case .serverError: return "server_error"
        case .rejected: return "rejected"
        case .timeout: return "timeout"
        case .network: return "network"
        case .certificate: return "certificate"
        case .redirectRefused: return "redirect_refused"
        case .tooLarge: return "too_large"
        case .undecodable: return "undecodable"
        case .cancelled: return "cancelled"
        }
    }

    /// The status column of the request log: the HTTP status where there was one, else the kind.
    public var logStatus: String {
        switch self {
        case .unauthorized: return "401"
        case .forbidden: return "403"
        case .notFound: return "404"
        case .rateLimited: return "429"
        case .serverError(let status, _), .rejected(let status, _), .redirectRefused(let status, _): return String(status)
        default: return kind
        }
    }

    /// Whether the cache may remember this outcome (only "not found", briefly).
    var isCacheableNegative: Bool {
        if case .notFound = self { return true }
        return false
    }

    /// Whole seconds as such, tenths above a second, two significant digits below (0.001 s, not 0.0 s).
    static func seconds(_ s: TimeInterval) -> String {
        guard s.isFinite else { return "\(s) s" }
        if s == s.rounded(), let whole = Int(exactly: s) { return "\(whole) s" }
        return CFormat.string(s >= 1 ? "%.1f s" : "%.2g s", s)
    }
}

/// Turns an error body into one clean line. The API documents `[{"title", "description"}]`; anything else
/// (an HTML page from a proxy, plain text, nothing) is summarised, never dumped.
enum ErrorBody {
    static func message(status: Int, body: Data, contentType: String?) -> String {
        if let json = try? JSONParser.parse(body) {
            var parts: [String] = []
            let items: [JSONValue] = json.arrayValue ?? [json]
            for item in items.prefix(3) {
                let rawTitle = item["title"]?.stringValue
                let description = item["description"]?.stringValue ?? item["detail"]?.stringValue ?? item["message"]?.stringValue
                // "404 Not Found" repeats what the message's prefix already says.
                let title = rawTitle.flatMap { t in t.first?.isNumber == true && t.count > 4 && t.dropFirst(3).hasPrefix(" ") ? nil : t }
                switch (title, description) {
                case let (t?, d?): parts.append("\(t) — \(d)")
                case let (t?, nil): parts.append(t)
                case let (nil, d?): parts.append(d)
                default: break
                }
            }
            if !parts.isEmpty { return TerminalText.excerpt(parts.joined(separator: "; "), limit: 240) }
        }
        let reason = HTTPURLResponseReason.phrase(status)
        if body.isEmpty { return "\(reason) (empty body)" }
        let type = (contentType ?? "").lowercased()
        if type.contains("html") || body.prefix(64).contains(UInt8(ascii: "<")) {
            return "\(reason) (the server sent an HTML page, \(body.count) bytes — likely a proxy or gateway error)"
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return "\(reason): " + TerminalText.excerpt(text.replacingEvery("\n", with: " "), limit: 100)
    }
}

enum HTTPURLResponseReason {
    static func phrase(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "HTTP \(status)"
        }
    }
}

extension APIError {
    /// What a transport failure means to the caller: a timeout (also when the transfer was cancelled by
    /// the deadline rather than by the caller), an oversized body, a refused redirect (its target with
    /// `redact` applied), or a network failure.
    init(_ failure: TransportFailure, timeout: TimeInterval, redact: (String) -> String = { $0 }) {
        switch failure {
        case .timedOut: self = .timeout(seconds: timeout)
        case .cancelled: self = Task.isCancelled ? .cancelled : .timeout(seconds: timeout)
        case .tooLarge(let limit): self = .tooLarge(limit: limit)
        case .redirectRefused(let status, let location):
            self = .redirectRefused(status: status, target: TechWolfClient.describeTarget(location.map(redact)))
        case .network(let message): self = .network(message)
        case .proxy(let message), .permanent(let message): self = .network(message)
        case .certificate(let problem): self = .certificate(problem.message)
        }
    }
}
