#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `POST /oauth/token`, the client-credentials grant as Auth0 answers it, for one known demo client.
/// The tokens it issues are remembered until they expire, so the router accepts them (as well as the fixed
/// demo token) and refuses them afterwards with the documented 401.
struct DemoTokenIssuer: Sendable {
    static let path = "/oauth/token"
    static let defaultLifetime = 10800
    /// What the demo client may be granted; a request without `scopes` gets all of them, as the API's own
    /// token endpoint does.
    static let clientScopes = ["read", "write", "read_reports"]

    let clientID: String
    let clientSecret: String
    /// `expires_in` of the next token, in seconds.
    var lifetime = DemoTokenIssuer.defaultLifetime
    /// Every issued token that has not expired yet, with its exact expiry.
    private var issued: [String: Date] = [:]

    init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    func accepts(_ token: String, now: Date) -> Bool {
        issued[token].map { now < $0 } ?? false
    }

    /// The answer to a request for the token path, whatever its method and body.
    mutating func respond(to request: DemoRequestRecord, body: Data?, now: Date) -> DemoResponse {
        guard request.method == "POST" else {
            var response = Self.oauthError(405, "Method Not Allowed", "invalid_request",
                                           "The token endpoint only accepts POST.")
            response.headers["Allow"] = "POST"
            return response
        }
        guard let body, let fields = Self.fields(of: body, contentType: request.headers["content-type"]) else {
            return Self.oauthError(400, "Bad Request", "invalid_request",
                                   "The body must be a JSON object of strings or application/x-www-form-urlencoded.")
        }
        guard let grantType = fields["grant_type"], !grantType.isEmpty else {
            return Self.oauthError(400, "Bad Request", "invalid_request", "Missing required parameter: grant_type")
        }
        guard fields["client_id"] == clientID, fields["client_secret"] == clientSecret else {
            return Self.oauthError(401, "Unauthorized", "access_denied", "Unauthorized")
        }
        guard grantType == "client_credentials" else {
            return Self.oauthError(403, "Forbidden", "unauthorized_client", "Grant type not allowed for the client.")
        }
        guard let audience = fields["audience"], !audience.isEmpty else {
            return Self.oauthError(403, "Forbidden", "access_denied",
                                   "No audience parameter was provided, and no default audience has been configured")
        }
        let requested = fields["scopes"].map { $0.split(separator: " ").map(String.init) } ?? Self.clientScopes
        if let refused = requested.first(where: { !Self.clientScopes.contains($0) }) {
            return Self.oauthError(403, "Forbidden", "access_denied", "Client has not been granted scopes: \(refused)")
        }
        return issue(scopes: requested.isEmpty ? Self.clientScopes : requested, now: now)
    }

    private mutating func issue(scopes: [String], now: Date) -> DemoResponse {
        issued = issued.filter { now < $0.value }
        let expiry = now.addingTimeInterval(TimeInterval(lifetime))
        let scope = scopes.joined(separator: " ")
        let token = Self.makeToken(subject: clientID, scope: scope, expiry: Int(expiry.timeIntervalSince1970.rounded(.down)))
        issued[token] = expiry
        let body = JSONText.object([
            JSONMember("access_token", .string(token)),
            JSONMember("token_type", .string("Bearer")),
            JSONMember("expires_in", .int(lifetime)),
            JSONMember("scope", .string(scope)),
        ])
        var response = DemoResponse.json(body.rendered)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
        return response
    }

    /// JWT-shaped like `DemoToken`, with a random signature part so every token is fresh.
    static func makeToken(subject: String, scope: String, expiry: Int) -> String {
        let header = #"{"alg":"HS256","typ":"JWT"}"#
        var payload = #"{"sub":"#
        JSONText.appendQuoted(subject, to: &payload)
        payload += #","scope":"#
        JSONText.appendQuoted(scope, to: &payload)
        payload += #","exp":\#(expiry)}"#
        var generator = SystemRandomNumberGenerator()
        let signature = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: "-")
        return [DemoToken.base64URL(header), DemoToken.base64URL(payload), signature].joined(separator: ".")
    }

    /// The request's parameters: form-encoded when it says so, JSON otherwise. nil when unreadable, or when
    /// a JSON value is neither a string nor null (nor, for `scopes`, a list of strings: given space-separated).
    static func fields(of body: Data, contentType: String?) -> [String: String]? {
        let type = (contentType ?? "").lowercased()
        if type.hasPrefix("application/x-www-form-urlencoded") {
            guard let text = String(data: body, encoding: .utf8) else { return nil }
            var fields: [String: String] = [:]
            for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = DemoQuery.decode(parts[0]), let value = parts.count > 1 ? DemoQuery.decode(parts[1]) : "" else {
                    return nil
                }
                if fields[name] == nil { fields[name] = value }
            }
            return fields
        }
        guard let object = try? JSONDecoder().decode([String: FormValue].self, from: body) else { return nil }
        var fields: [String: String] = [:]
        for (name, value) in object {
            switch value {
            case .null: continue
            case .text(let text): fields[name] = text
            case .list(let scopes) where name == "scopes":
                guard let scopes, !scopes.contains(where: { $0.isEmpty || $0.contains(" ") }) else { return nil }
                fields[name] = scopes.joined(separator: " ")
            case .list, .other: return nil
            }
        }
        return fields
    }

    /// Auth0's error shape, `{"error", "error_description"}`, which differs from the API's documented one.
    static func oauthError(_ status: Int, _ reason: String, _ code: String, _ description: String) -> DemoResponse {
        let body = JSONText.object([
            JSONMember("error", .string(code)),
            JSONMember("error_description", .string(description)),
        ])
        var response = DemoResponse.json(body.rendered, status: status, reason: reason)
        response.headers["Cache-Control"] = "no-store"
        return response
    }
}

/// One value of a JSON token request, as far as the issuer cares: a string, null, a list (of strings only,
/// else nil), or anything else.
private enum FormValue: Decodable {
    case null
    case text(String)
    case list([String]?)
    case other

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .null
        } else if let text = try? value.decode(String.self) {
            self = .text(text)
        } else if let list = try? value.decode([FormValue].self) {
            let strings = list.compactMap { if case .text(let text) = $0 { text } else { nil } }
            self = .list(strings.count == list.count ? strings : nil)
        } else {
            self = .other
        }
    }
}
