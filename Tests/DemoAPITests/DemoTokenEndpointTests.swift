import DemoAPI
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `POST /oauth/token` (client credentials, Auth0 style) and the tokens it issues.
@Suite struct DemoTokenEndpointTests {
    static let path = "/oauth/token"
    static let grant: [String: String] = [
        "client_id": DemoServer.demoClientID,
        "client_secret": DemoServer.demoClientSecret,
        "audience": "eu3.techwolf.ai",
        "grant_type": "client_credentials",
        "tenant": "company_xyz",
    ]

    static func jsonBody(_ fields: [String: String]) throws -> Data {
        try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
    }

    static func formBody(_ fields: [String: String]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let pairs = fields.sorted { $0.key < $1.key }.map { name, value in
            name + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }
        return Data(pairs.joined(separator: "&").utf8)
    }

    static func accessToken(_ reply: Reply) throws -> String {
        try #require(try reply.object()["access_token"] as? String)
    }

    @Test func jsonGrantIssuesAJWTShapedTokenThatTheAPIAccepts() async throws {
        try await withServer { server, client in
            let before = Int(Date().timeIntervalSince1970)
            let reply = try await client.post(Self.path, body: try Self.jsonBody(Self.grant))
            let after = Int(Date().timeIntervalSince1970)
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/json")
            #expect(reply.headers["cache-control"] == "no-store")
            let object = try reply.object()
            #expect(Set(object.keys) == ["access_token", "token_type", "expires_in", "scope"])
            #expect(object["token_type"] as? String == "Bearer")
            #expect(object["expires_in"] as? Int == 10800)
            // Without `scopes` the token gets every scope the client has, as the real endpoint does.
            #expect(object["scope"] as? String == "read write read_reports")

            let token = try Self.accessToken(reply)
            let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            #expect(parts.count == 3)
            #expect(token.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) })
            let payload = try jsonObject(try base64URLDecoded(parts[1]))
            #expect(Set(payload.keys) == ["sub", "scope", "exp"])
            #expect(payload["sub"] as? String == "demo-client")
            #expect(payload["scope"] as? String == "read write read_reports")
            let exp = try #require(payload["exp"] as? Int)
            #expect((before + 10800 - 1...after + 10800).contains(exp))

            for path in ["/version", "/employees/E-1001", "/employees?limit=2"] {
                #expect(try await client.get(path, token: token).status == 200, "\(path)")
            }
            #expect(try await client.get("/version").status == 200, "the fixed demo token still works")
            #expect(await server.tokenRequests == 1)
            #expect(await server.requests.first?.method == "POST")
            #expect(await server.requests.first?.path == "/oauth/token")
        }
    }

    @Test func theScopesAskedForAreTheScopesGranted() async throws {
        try await withServer { _, client in
            var body = try JSONSerialization.jsonObject(with: try Self.jsonBody(Self.grant)) as! [String: Any]
            body["scopes"] = ["read"]
            let reply = try await client.post(Self.path, body: try JSONSerialization.data(withJSONObject: body))
            #expect(reply.status == 200)
            #expect(try reply.object()["scope"] as? String == "read")
            let parts = try Self.accessToken(reply).split(separator: ".").map(String.init)
            #expect(try jsonObject(try base64URLDecoded(parts[1]))["scope"] as? String == "read")

            var form = Self.grant
            form["scopes"] = "read read_reports"
            let formReply = try await client.post(Self.path, body: Self.formBody(form), contentType: "application/x-www-form-urlencoded")
            #expect(try formReply.object()["scope"] as? String == "read read_reports")

            body["scopes"] = ["read", "admin"]
            let refused = try await client.post(Self.path, body: try JSONSerialization.data(withJSONObject: body))
            #expect(refused.status == 403)
            #expect(try refused.object() as? [String: String] == ["error": "access_denied", "error_description": "Client has not been granted scopes: admin"])

            body["scopes"] = ["read", 7]
            #expect(try await client.post(Self.path, body: try JSONSerialization.data(withJSONObject: body)).status == 400)
        }
    }

    @Test func formEncodedGrantIsAccepted() async throws {
        try await withServer { _, client in
            let reply = try await client.post(Self.path, body: Self.formBody(Self.grant),
                                              contentType: "application/x-www-form-urlencoded")
            #expect(reply.status == 200)
            #expect(try await client.get("/version", token: try Self.accessToken(reply)).status == 200)
        }
    }

    @Test func everyGrantIsAFreshToken() async throws {
        try await withServer { server, client in
            var tokens: Set<String> = []
            for _ in 0..<5 {
                tokens.insert(try Self.accessToken(try await client.post(Self.path, body: try Self.jsonBody(Self.grant))))
            }
            #expect(tokens.count == 5)
            #expect(await server.tokenRequests == 5)
        }
    }

    @Test func wrongClientOrSecretIsAccessDenied() async throws {
        try await withServer { server, client in
            var wrongSecret = Self.grant
            wrongSecret["client_secret"] = "not-the-secret"
            var wrongClient = Self.grant
            wrongClient["client_id"] = "someone-else"
            var noSecret = Self.grant
            noSecret["client_secret"] = nil
            for fields in [wrongSecret, wrongClient, noSecret] {
                let reply = try await client.post(Self.path, body: try Self.jsonBody(fields))
                #expect(reply.status == 401)
                #expect(reply.contentType == "application/json")
                #expect(try reply.object() as? [String: String] == ["error": "access_denied", "error_description": "Unauthorized"])
                #expect(!reply.text.contains("not-the-secret"))
            }
            #expect(await server.tokenRequests == 3)
        }
    }

    @Test func wrongOrMissingGrantTypeIsRefused() async throws {
        try await withServer { _, client in
            var password = Self.grant
            password["grant_type"] = "password"
            let refused = try await client.post(Self.path, body: try Self.jsonBody(password))
            #expect(refused.status == 403)
            #expect(try refused.object()["error"] as? String == "unauthorized_client")
            #expect(try refused.object()["error_description"] is String)

            var missing = Self.grant
            missing["grant_type"] = nil
            let invalid = try await client.post(Self.path, body: try Self.jsonBody(missing))
            #expect(invalid.status == 400)
            #expect(try invalid.object()["error"] as? String == "invalid_request")

            var noAudience = Self.grant
            noAudience["audience"] = nil
            let denied = try await client.post(Self.path, body: try Self.jsonBody(noAudience))
            #expect(denied.status == 403)
            #expect(try denied.object()["error"] as? String == "access_denied")
        }
    }

    @Test func malformedBodiesAndOtherMethodsAreRefused() async throws {
        try await withServer { _, client in
            for body in ["", "not json", "[1, 2]", #"{"client_id": 5}"#] {
                let reply = try await client.post(Self.path, body: Data(body.utf8))
                #expect(reply.status == 400, "\(body)")
                #expect(try reply.object()["error"] as? String == "invalid_request")
            }
            let get = try await client.get(Self.path, token: nil)
            #expect(get.status == 405)
            #expect(get.headers["allow"] == "POST")
        }
    }

    @Test func issuedTokensExpire() async throws {
        try await withServer { server, client in
            await server.setTokenLifetime(1)
            let reply = try await client.post(Self.path, body: try Self.jsonBody(Self.grant))
            #expect(try reply.object()["expires_in"] as? Int == 1)
            let token = try Self.accessToken(reply)
            try await Task.sleep(nanoseconds: 1_500_000_000)
            let expired = try await client.get("/version", token: token)
            try expectDocumentedError(expired, status: 401, title: "401 Unauthorized")
            #expect(try expired.errorDescription() == "OAuth access token is missing, invalid or expired.")
        }
    }

    @Test func forgedTokensAreRefused() async throws {
        try await withServer { _, client in
            let issued = try Self.accessToken(try await client.post(Self.path, body: try Self.jsonBody(Self.grant)))
            let parts = issued.split(separator: ".").map(String.init)
            // Same header and payload, another signature: not a token the server issued.
            let forged = parts[0] + "." + parts[1] + ".forged"
            #expect(try await client.get("/version", token: forged).status == 401)
            #expect(try await client.get("/version", token: issued).status == 200)
        }
    }

    @Test func tokenEndpointNeedsNoBearerAndIgnoresOne() async throws {
        try await withServer { _, client in
            let reply = try await client.post(Self.path, body: try Self.jsonBody(Self.grant),
                                              bearer: "whatever")
            #expect(reply.status == 200)
        }
    }
}

extension LoopbackClient {
    /// A POST with a body to the demo server, on a session of its own (no proxy, no redirects followed).
    func post(_ path: String, body: Data, contentType: String = "application/json",
              bearer: String? = nil) async throws -> Reply {
        let url = try #require(URL(string: baseURL.absoluteString + path))
        #expect(url.host == "127.0.0.1")
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        configuration.timeoutIntervalForRequest = 30
        let session = URLSession(configuration: configuration, delegate: RedirectRefuser(), delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return Reply(status: http.statusCode, headers: headers, body: data)
    }
}
