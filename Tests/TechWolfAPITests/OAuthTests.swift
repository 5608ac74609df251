import DemoAPI
import Foundation
import Testing
@testable import TechWolfAPI

/// The client-credentials token provider, against the demo's `POST /oauth/token` over real loopback HTTP,
/// and against scripted answers for what the demo never sends.
@Suite struct OAuthTests {
    static func withServer(_ body: (DemoServer, URL) async throws -> Void) async throws {
        try await LoopbackTests.withServer(.http, body)
    }

    static func settings(_ base: URL, secret: String = DemoServer.demoClientSecret) throws -> OAuthSettings {
        try OAuthSettings(clientID: DemoServer.demoClientID, secret: try ClientSecret(secret),
                          tokenURL: try #require(URL(string: base.absoluteString + "/oauth/token")),
                          audience: "eu3.techwolf.ai", tenant: "company_xyz")
    }

    static func client(_ base: URL, token: AccessToken) throws -> TechWolfClient {
        let config = ClientConfiguration(origin: try APIOrigin.baseURL(base.absoluteString), token: token,
                                         retry: .none)
        return TechWolfClient(configuration: config)
    }

    /// A text that looks like a JWT (`eyJ` is the base64 of `{"`): no message may contain one.
    static func containsAToken(_ text: String) -> Bool { text.contains("eyJ") }

    // MARK: Fetching, reuse, renewal

    @Test func fetchesOnceAndReuses() async throws {
        try await Self.withServer { server, url in
            let clock = FakeClock()
            let provider = OAuthTokenProvider(settings: try Self.settings(url), clock: { clock.now() })
            #expect(await provider.expiresAt == nil)
            #expect(await server.tokenRequests == 0)
            let first = try await provider.token()
            for _ in 0..<20 {
                #expect(try await provider.token() == first)
                clock.advance(60)
            }
            #expect(await server.tokenRequests == 1)
            #expect(await provider.expiresAt == Date(timeIntervalSince1970: 1_700_000_000 + 10800))
            #expect(first.claims?.subject == DemoServer.demoClientID)
            #expect(first.claims?.scopes == ["read"])
            #expect(provider.identity == "oauth:demo-client@127.0.0.1")
            #expect(!first.occurs(in: "\(first)"))
        }
    }

    @Test func renewsBeforeExpiryWithoutAnErrorToCallers() async throws {
        try await Self.withServer { server, url in
            await server.setTokenLifetime(300)
            let clock = FakeClock()
            let start = clock.now()
            let provider = OAuthTokenProvider(settings: try Self.settings(url), clock: { clock.now() })
            let first = try await provider.token()
            #expect(await provider.expiresAt == start.addingTimeInterval(300))
            // Renewal is due 60 s (max(60 s, 10 % of 300 s)) before expiry, at 240 s.
            clock.advance(239)
            #expect(try await provider.token() == first)
            #expect(await server.tokenRequests == 1)
            clock.advance(2)
            let second = try await provider.token()
            #expect(second != first)
            #expect(await server.tokenRequests == 2)
            #expect(await provider.expiresAt == start.addingTimeInterval(241 + 300))
            #expect(provider.identity == "oauth:demo-client@127.0.0.1")
            // The renewed token is accepted by the API.
            #expect(try await Self.client(url, token: second).version().text.contains("demo-1.0"))
        }
    }

    @Test func failedRenewalKeepsTheStillValidToken() async throws {
        try await Self.withServer { server, url in
            await server.setTokenLifetime(300)
            let clock = FakeClock()
            let provider = OAuthTokenProvider(settings: try Self.settings(url), clock: { clock.now() })
            let first = try await provider.token()
            await server.setFault(.unavailable(retryAfter: nil, times: 1))
            clock.advance(250)
            #expect(try await provider.token() == first)
            #expect(await server.tokenRequests == 2)
            // Not retried on every call while the endpoint is failing…
            #expect(try await provider.token() == first)
            #expect(await server.tokenRequests == 2)
            // …but a few seconds later.
            clock.advance(OAuthTokenProvider.renewalRetryDelay + 1)
            let renewed = try await provider.token()
            #expect(renewed != first)
            #expect(await server.tokenRequests == 3)
        }
    }

    @Test func failureWithoutAValidTokenIsAnError() async throws {
        try await Self.withServer { server, url in
            await server.setTokenLifetime(300)
            let clock = FakeClock()
            let provider = OAuthTokenProvider(settings: try Self.settings(url), clock: { clock.now() })
            _ = try await provider.token()
            await server.setFault(.unavailable(retryAfter: nil, times: 1))
            clock.advance(301)
            await #expect(throws: APIError.self) { try await provider.token() }
            #expect(await provider.expiresAt == nil)
        }
    }

    @Test func concurrentCallersShareOneRequest() async throws {
        try await Self.withServer { server, url in
            await server.setFault(.slow(seconds: 0.3))
            let provider = OAuthTokenProvider(settings: try Self.settings(url))
            let tokens = try await withThrowingTaskGroup(of: AccessToken.self) { group in
                for _ in 0..<25 { group.addTask { try await provider.token() } }
                var all: [AccessToken] = []
                for try await token in group { all.append(token) }
                return all
            }
            #expect(tokens.count == 25)
            #expect(Set(tokens.map(\.authorizationHeader)).count == 1)
            #expect(await server.tokenRequests == 1)
        }
    }

    @Test func invalidateFetchesAnew() async throws {
        try await Self.withServer { server, url in
            let provider = OAuthTokenProvider(settings: try Self.settings(url))
            let first = try await provider.token()
            await provider.invalidate()
            #expect(await provider.expiresAt == nil)
            let second = try await provider.token()
            #expect(second != first)
            #expect(await server.tokenRequests == 2)
            #expect(provider.identity == "oauth:demo-client@127.0.0.1")
        }
    }

    // MARK: The token against the API

    @Test func issuedTokenWorksAgainstVersion() async throws {
        try await Self.withServer { server, url in
            let provider = OAuthTokenProvider(settings: try Self.settings(url))
            let token = try await provider.token()
            let client = try Self.client(url, token: token)
            #expect(try await client.version().text.contains("demo-1.0"))
            let request = try #require(await server.requests.last)
            #expect(request.path == "/version")
            #expect(request.headers["authorization"] == token.authorizationHeader)
            #expect(token.authorizationHeader != "Bearer " + DemoServer.demoToken)
        }
    }

    @Test func expiredIssuedTokenIsUnauthorizedThenRecovers() async throws {
        try await Self.withServer { server, url in
            await server.setTokenLifetime(1)
            let provider = OAuthTokenProvider(settings: try Self.settings(url))
            let token = try await provider.token()
            try await Task.sleep(nanoseconds: 1_500_000_000)
            let expired = try Self.client(url, token: token)
            do {
                _ = try await expired.getJSON(["version"])
                Issue.record("an expired token was accepted")
            } catch let error as APIError {
                guard case .unauthorized(let message) = error else { Issue.record("got \(error)"); return }
                #expect(message.contains("OAuth access token is missing, invalid or expired."))
            }
            // What the client will do after a 401: forget the token and fetch a new one.
            await server.setTokenLifetime(10800)
            await provider.invalidate()
            let fresh = try await provider.token()
            #expect(fresh != token)
            #expect(try await Self.client(url, token: fresh).version().text.contains("demo-1.0"))
        }
    }

    // MARK: Refusals and bad answers

    @Test func wrongSecretIsUnauthorizedWithoutTheSecret() async throws {
        try await Self.withServer { server, url in
            let secret = "wrong-secret-6f1d2c"
            let provider = OAuthTokenProvider(settings: try Self.settings(url, secret: secret))
            do {
                _ = try await provider.token()
                Issue.record("expected unauthorized")
            } catch let error as APIError {
                #expect(error == .unauthorized("the token endpoint refused client demo-client: Unauthorized"))
                #expect(error.exitCode == 3)
                for text in [error.message, error.description, String(describing: error), String(reflecting: error)] {
                    #expect(!text.contains(secret))
                    #expect(!text.contains(DemoServer.demoClientSecret))
                    #expect(!Self.containsAToken(text))
                }
            }
            #expect(await server.tokenRequests == 1)
        }
    }

    @Test func redirectFromTheTokenEndpointIsRefused() async throws {
        let other = DemoServer()
        let otherURL = try await other.start()
        try await Self.withServer { server, url in
            await server.setFault(.redirect(to: otherURL.absoluteString))
            let provider = OAuthTokenProvider(settings: try Self.settings(url))
            do {
                _ = try await provider.token()
                Issue.record("redirect was followed")
            } catch let error as APIError {
                guard case .redirectRefused(302, let target) = error else { Issue.record("got \(error)"); return }
                #expect(target.contains("127.0.0.1:\(otherURL.port ?? 0)"))
            }
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(await other.requests.isEmpty)
        #expect(await other.tokenRequests == 0)
        await other.stop()
    }

    @Test func sendsTheDocumentedJSONBody() async throws {
        let transport = ScriptedTransport([ScriptedTransport.json(200, Self.grantBody(token: "abc.def.ghi"))])
        let settings = try OAuthSettings(clientID: "client-1", secret: try ClientSecret("s3cr\"et"),
                                         tokenURL: OAuthSettings.euTokenURL, audience: "eu3.techwolf.ai",
                                         tenant: "company_xyz")
        let provider = OAuthTokenProvider(settings: settings, transport: transport)
        #expect(try await provider.token() == (try AccessToken("abc.def.ghi")))
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == OAuthSettings.euTokenURL)
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["Authorization"] == nil)
        let body = try JSONParser.parse(try #require(request.body))
        #expect(body["client_id"]?.stringValue == "client-1")
        #expect(body["client_secret"]?.stringValue == "s3cr\"et")
        #expect(body["audience"]?.stringValue == "eu3.techwolf.ai")
        #expect(body["grant_type"]?.stringValue == "client_credentials")
        #expect(body["tenant"]?.stringValue == "company_xyz")
        #expect(body["scopes"] == .array([.string("read")]), "read only unless the profile asks for more")
        #expect(provider.identity == "oauth:client-1@techwolf.eu.auth0.com")
    }

    @Test func theScopesAskedForAreSentAndGranted() async throws {
        try await Self.withServer { _, url in
            let readOnly = OAuthTokenProvider(settings: try Self.settings(url))
            #expect(try await readOnly.token().claims?.scopes == ["read"])
            var settings = try Self.settings(url)
            settings.scopes = ["read", "read_reports"]
            let more = OAuthTokenProvider(settings: settings)
            #expect(try await more.token().claims?.scopes == ["read", "read_reports"])
            settings.scopes = ["admin"]
            do throws(APIError) {
                _ = try await OAuthTokenProvider(settings: settings).token()
                Issue.record("a scope the client does not have was granted")
            } catch {
                #expect(error.message.contains("admin"), "\(error.message)")
            }
        }
    }

    @Test func scopesMustBeScopeTokens() throws {
        for bad in [[], [""], ["read write"], ["re\"ad"], ["r\u{202E}ead"], [String(repeating: "r", count: 101)]] {
            #expect(throws: ValidationError.self, "\(bad)") {
                try OAuthSettings(clientID: "c", secret: try ClientSecret("s"), tokenURL: OAuthSettings.euTokenURL, audience: "a", scopes: bad)
            }
        }
        #expect(OAuthSettings.scopes(parsing: " read\tread_reports  ") == ["read", "read_reports"])
        #expect(try OAuthSettings.techWolf(clientID: "c", secret: try ClientSecret("s"), region: "eu3").scopes == ["read"])
    }

    static func grantBody(token: String, expiresIn: String = "10800") -> String {
        #"{"access_token": "\#(token)", "token_type": "Bearer", "expires_in": \#(expiresIn), "scope": "read"}"#
    }

    static func scripted(_ status: Int, _ body: String) throws -> (OAuthTokenProvider, ScriptedTransport) {
        let transport = ScriptedTransport([ScriptedTransport.json(status, body)])
        let settings = try OAuthSettings(clientID: "client-1", secret: try ClientSecret("the-secret-value"),
                                         tokenURL: OAuthSettings.usTokenURL, audience: "us3.techwolf.ai")
        return (OAuthTokenProvider(settings: settings, transport: transport), transport)
    }

    @Test(arguments: [
        #"<html><body>gateway</body></html>"#,
        #"{"access_token": "eyJhbGciOi.eyJzdWIiOi"#,
        #"{"token_type": "Bearer", "expires_in": 10800}"#,
        #"["eyJhbGciOi.eyJzdWIiOi.sig"]"#,
        #"{"access_token": "eyJhbGciOi.eyJ\nzdWIiOi.sig", "expires_in": 10800}"#,
        #"{"access_token": "eyJhbGciOi.eyJzdWIiOi.sig", "token_type": "mac", "expires_in": 10800}"#,
        #"{"access_token": "eyJhbGciOi.eyJzdWIiOi.sig", "expires_in": -5}"#,
    ])
    func badGrantIsUndecodableAndQuotesNoToken(body: String) async throws {
        let (provider, _) = try Self.scripted(200, body)
        do {
            _ = try await provider.token()
            Issue.record("expected undecodable")
        } catch {
            guard case .undecodable(let message) = error else { Issue.record("got \(error)"); return }
            #expect(!Self.containsAToken(message))
            #expect(error.exitCode == 6)
        }
    }

    @Test func refusalDescriptionIsSanitisedAndRedacted() async throws {
        let body = #"{"error": "access_denied", "error_description": "\u001b]52;c;evil\u0007 bad the-secret-value"}"#
        let (provider, _) = try Self.scripted(403, body)
        do {
            _ = try await provider.token()
            Issue.record("expected unauthorized")
        } catch {
            guard case .unauthorized(let message) = error else { Issue.record("got \(error)"); return }
            #expect(message.hasPrefix("the token endpoint refused client client-1: "))
            #expect(!message.unicodeScalars.contains(where: TerminalText.isUnsafe))
            #expect(!message.contains("the-secret-value"))
            #expect(message.contains("[redacted]"))
        }
    }

    @Test func otherStatusesMapToTheirErrors() async throws {
        let (badRequest, _) = try Self.scripted(400, #"{"error": "invalid_request", "error_description": "Missing audience"}"#)
        await #expect(throws: APIError.rejected(status: 400, message: "the token endpoint refused the request: Missing audience")) {
            try await badRequest.token()
        }
        let (down, _) = try Self.scripted(503, #"{"error": "temporarily_unavailable"}"#)
        await #expect(throws: APIError.serverError(status: 503, message: "token endpoint: temporarily_unavailable")) {
            try await down.token()
        }
    }

    @Test func grantWithoutExpiresInUsesTheJWTExpiry() async throws {
        let exp = Int(Date().timeIntervalSince1970) + 3600
        let payload = Data(#"{"sub":"x","exp":\#(exp)}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let (provider, transport) = try Self.scripted(200, #"{"access_token": "eyJhbGciOiJIUzI1NiJ9.\#(payload).sig"}"#)
        _ = try await provider.token()
        let expiresAt = try #require(await provider.expiresAt)
        #expect(abs(expiresAt.timeIntervalSince1970 - Double(exp)) < 5)
        _ = try await provider.token()
        #expect(transport.count == 1)
    }

    @Test func renewalMarginFollowsTheLifetime() {
        #expect(OAuthTokenProvider.renewalMargin(lifetime: 10800) == 1080)
        #expect(OAuthTokenProvider.renewalMargin(lifetime: 300) == 60)
        // A token shorter-lived than two minutes is renewed halfway, not on every call.
        #expect(OAuthTokenProvider.renewalMargin(lifetime: 30) == 15)
    }

    // MARK: Settings

    @Test func tokenURLMustBeHTTPSExceptOnLoopback() throws {
        let secret = try ClientSecret("s")
        func make(_ url: String) throws(ValidationError) -> OAuthSettings {
            try OAuthSettings(clientID: "c", secret: secret, tokenURL: URL(string: url)!, audience: "eu3.techwolf.ai")
        }
        for good in ["https://techwolf.eu.auth0.com/oauth/token", "http://127.0.0.1:8080/oauth/token",
                     "http://localhost/oauth/token", "http://[::1]:9/oauth/token"] {
            #expect(throws: Never.self) { try make(good) }
        }
        for bad in ["http://techwolf.eu.auth0.com/oauth/token", "http://127.0.0.1.evil.example/oauth/token",
                    "ftp://127.0.0.1/oauth/token", "https://user:pw@techwolf.eu.auth0.com/oauth/token",
                    "https://techwolf.eu.auth0.com/oauth/token?x=1", "/oauth/token"] {
            #expect(throws: ValidationError.self, "\(bad)") { try make(bad) }
        }
        #expect(throws: ValidationError.self) {
            try OAuthSettings(clientID: "bad id", secret: secret, tokenURL: OAuthSettings.euTokenURL, audience: "a")
        }
        #expect(throws: ValidationError.self) {
            try OAuthSettings(clientID: "c", secret: secret, tokenURL: OAuthSettings.euTokenURL, audience: "a", tenant: "a.b")
        }
        #expect(throws: ValidationError.self) { try ClientSecret("  \n") }
    }

    @Test func changedSettingsAreCheckedBeforeTheSecretIsSent() async throws {
        var settings = try OAuthSettings(clientID: "c", secret: try ClientSecret("s"),
                                         tokenURL: OAuthSettings.euTokenURL, audience: "eu3.techwolf.ai")
        settings.tokenURL = try #require(URL(string: "http://auth.example.com/oauth/token"))
        let transport = ScriptedTransport([ScriptedTransport.json(200, Self.grantBody(token: "a.b.c"))])
        let provider = OAuthTokenProvider(settings: settings, transport: transport)
        do {
            _ = try await provider.token()
            Issue.record("expected invalid input")
        } catch {
            guard case .invalidInput(let problem) = error else { Issue.record("got \(error)"); return }
            #expect(problem.field == "token-url")
        }
        #expect(transport.count == 0)
    }

    @Test func defaultsForRegions() throws {
        #expect(OAuthSettings.defaultTokenURL(region: "eu3")?.absoluteString == "https://techwolf.eu.auth0.com/oauth/token")
        #expect(OAuthSettings.defaultTokenURL(region: "us3")?.absoluteString == "https://techwolf-us.us.auth0.com/oauth/token")
        #expect(OAuthSettings.defaultTokenURL(region: "ap1") == nil)
        #expect(OAuthSettings.defaultAudience(region: "eu3") == "eu3.techwolf.ai")
        let settings = try OAuthSettings.techWolf(clientID: "c", secret: try ClientSecret("s"), region: "us3")
        #expect(settings.tokenURL == OAuthSettings.usTokenURL)
        #expect(settings.audience == "us3.techwolf.ai")
        #expect(throws: ValidationError.self) { try OAuthSettings.techWolf(clientID: "c", secret: try ClientSecret("s"), region: "ap1") }
    }

    @Test func secretIsNeverPrinted() throws {
        let value = "super-secret-value-42"
        let secret = try ClientSecret(value)
        let settings = try OAuthSettings(clientID: "c", secret: secret, tokenURL: OAuthSettings.euTokenURL,
                                         audience: "eu3.techwolf.ai")
        var dumped = ""
        dump(settings, to: &dumped)
        for text in ["\(secret)", String(reflecting: secret), "\(settings)", String(reflecting: settings), dumped] {
            #expect(!text.contains(value), "\(text)")
        }
        #expect(secret.occurs(in: "x \(value) y"))
    }
}
