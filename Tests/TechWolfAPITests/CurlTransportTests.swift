import Foundation
import Testing
import TestSupport
@testable import TechWolfAPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `CurlTransport` (the system's libcurl, loaded with dlopen) against the scripted raw-socket server, over
/// plain http and over https through a TLS front presenting leaves of the test CA. Everything talks to
/// 127.0.0.1 only.
@Suite(.serialized, .enabled(if: LocalTools.libcurlInstalled, "libcurl is not installed"))
struct CurlTransportTests {
    static let token = "curl-SECRET-token-51d2c7"

    static func spec(_ origin: ScriptedOrigin, method: String = "GET", body: Data? = nil) -> HTTPRequestSpec {
        HTTPRequestSpec(url: origin.baseURL.appendingPathComponent("version"),
                        headers: ["Authorization": "Bearer " + token, "Accept": "application/json"], method: method, body: body)
    }

    /// Trusting the test CA on https.
    static func transport(_ origin: ScriptedOrigin, maxBody: Int = 1 << 20) throws -> CurlTransport {
        CurlTransport(maxBodyBytes: maxBody, caFile: origin.scheme == .https ? try TestCA.shared().certificate : nil)
    }

    static func outcome(_ body: () async throws(TransportFailure) -> HTTPResponseData) async -> Result<HTTPResponseData, TransportFailure> {
        do throws(TransportFailure) {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    static func get(_ origin: ScriptedOrigin, maxBody: Int = 1 << 20, timeout: TimeInterval = 10) async throws -> Result<HTTPResponseData, TransportFailure> {
        let spec = Self.spec(origin)
        let transport = try transport(origin, maxBody: maxBody)
        return await outcome { () async throws(TransportFailure) in try await transport.send(spec, timeout: timeout) }
    }

    static func failure(_ result: Result<HTTPResponseData, TransportFailure>) -> TransportFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    // MARK: http and https on loopback

    @Test(arguments: [Scheme.http, .https])
    func okResponseKeepsStatusHeadersAndBodyAndTheTokenArrives(_ scheme: Scheme) async throws {
        let json = Data(#"{"version": "1.2.3"}"#.utf8)
        let headers: [RawHTTPServer.Header] = [.init("Content-Type", "application/json"), .init("X-Trace", "a"), .init("X-Trace", "b")]
        try await ScriptedOrigin.with(scheme, { _ in .respond(status: 200, headers: headers, body: json) }) { origin in
            let response = try await Self.get(origin).get()
            #expect(response.status == 200)
            #expect(response.body == json)
            #expect(response.headers["content-type"] == "application/json")
            #expect(response.headers["x-trace"] == "a, b", "a repeated header keeps every value")
            #expect(response.headers["content-length"] == "\(json.count)")
            let request = try #require(origin.server.requests.first)
            #expect(request.requestLine == "GET /version HTTP/1.1")
            #expect(request.headers["authorization"] == "Bearer " + Self.token)
            #expect(request.headers["accept-encoding"] == nil, "no compression: the cap must count the bytes kept")
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func postSendsItsBodyWithoutWaitingForContinue(_ scheme: Scheme) async throws {
        let form = Data("grant_type=client_credentials&audience=x".utf8)
        try await ScriptedOrigin.with(scheme, { _ in .respond(status: 200, headers: [.init("Content-Type", "application/json")], body: Data("{}".utf8)) }) { origin in
            let transport = try Self.transport(origin)
            var spec = Self.spec(origin, method: "POST", body: form)
            spec.headers["Content-Type"] = "application/x-www-form-urlencoded"
            let started = Date()
            let response = try await Self.outcome { () async throws(TransportFailure) in try await transport.send(spec, timeout: 10) }.get()
            #expect(response.status == 200)
            #expect(Date().timeIntervalSince(started) < 5)
            let request = try #require(origin.server.requests.first)
            #expect(request.requestLine == "POST /version HTTP/1.1")
            #expect(request.headers["content-length"] == "\(form.count)")
            #expect(request.headers["expect"] == nil)
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func redirectsAreRefusedWithTheirLocationAndNeverFollowed(_ scheme: Scheme) async throws {
        try await ScriptedOrigin.with(scheme, { _ in .respond(status: 200, headers: [], body: Data("{}".utf8)) }) { other in
            let target = other.baseURL.appendingPathComponent("version").absoluteString
            for status in [301, 302, 303, 307, 308] {
                try await ScriptedOrigin.with(scheme, { _ in .respond(status: status, headers: [.init("Location", target)], body: Data()) }) { origin in
                    let result = try await Self.get(origin)
                    #expect(Self.failure(result) == .redirectRefused(status: status, location: target))
                    #expect(origin.server.requests.count == 1)
                }
            }
            try await Task.sleep(nanoseconds: 200_000_000)
            #expect(await other.settledConnections() == 0, "the redirect target was contacted")
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func notModifiedIsNotARedirect(_ scheme: Scheme) async throws {
        try await ScriptedOrigin.with(scheme, { _ in .respond(status: 304, headers: [], body: Data()) }) { origin in
            let response = try await Self.get(origin).get()
            #expect(response.status == 304)
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func chunkedBodyOverTheCapIsRefusedQuickly(_ scheme: Scheme) async throws {
        try await ScriptedOrigin.with(scheme, { _ in .chunked(totalBytes: 64 << 20, chunkSize: 16 << 10) }) { origin in
            let started = Date()
            let result = try await Self.get(origin, maxBody: 1 << 20)
            #expect(Self.failure(result) == .tooLarge(limit: 1 << 20))
            // Generous: the client's clock includes waiting for the concurrency pool.
            #expect(Date().timeIntervalSince(started) < 10)
            #expect(origin.server.requests.count == 1)
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func declaredLengthOverTheCapIsRefusedBeforeTheBody(_ scheme: Scheme) async throws {
        try await ScriptedOrigin.with(scheme, { _ in .trickleBody(contentLength: 50 << 20, interval: 0.2) }) { origin in
            let result = try await Self.get(origin, maxBody: 1 << 20)
            #expect(Self.failure(result) == .tooLarge(limit: 1 << 20))
            let held = await origin.server.secondsUntilClientLeft(request: 0)
            #expect(held.map { $0 < 1 } == true, "the transfer was kept for \(String(describing: held)) s after the head")
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func theDeadlineEndsTheTransferAsTimedOut(_ scheme: Scheme) async throws {
        let scripts: [RawHTTPServer.Action] = [.silence, .trickleHeaders(interval: 0.2), .trickleBody(contentLength: 100_000, interval: 0.2)]
        for script in scripts {
            try await ScriptedOrigin.with(scheme, { _ in script }) { origin in
                let started = Date()
                let result = try await Self.get(origin, timeout: 1)
                let elapsed = Date().timeIntervalSince(started)
                #expect(Self.failure(result) == .timedOut, "\(script)")
                #expect(elapsed >= 0.95 && elapsed < 10, "\(script): the call took \(elapsed) s")
                // Timed at the server, independent of the concurrency pool.
                let held = await origin.server.secondsUntilClientLeft(request: 0)
                // Under the backstop (the deadline + 1 s), so libcurl's own timer ended it.
                #expect(held.map { $0 < 1.5 } == true, "\(script): the client left after \(String(describing: held)) s")
            }
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func cancellationAnswersAtOnceAndClosesTheConnectionAtOnce(_ scheme: Scheme) async throws {
        try await ScriptedOrigin.with(scheme, { _ in .silence }) { origin in
            let transport = try Self.transport(origin)
            let spec = Self.spec(origin)
            let task = Task { await Self.outcome { () async throws(TransportFailure) in try await transport.send(spec, timeout: 30) } }
            let waitUntil = Date().addingTimeInterval(5)
            while origin.server.requests.isEmpty && Date() < waitUntil { try await Task.sleep(nanoseconds: 20_000_000) }
            let request = try #require(origin.server.requests.first)
            let cancelledAt = Date()
            task.cancel()
            let result = await task.value
            #expect(Self.failure(result) == .cancelled)
            #expect(Date().timeIntervalSince(cancelledAt) < 10, "hang detector only: the pool may hold the task back")
            // The transfer thread is woken and removes the transfer, which closes its connection: no waiting
            // for a progress tick or the deadline. The bound leaves room for a busy machine only.
            let held = await origin.server.secondsUntilClientLeft(request: 0)
            let waited = cancelledAt.timeIntervalSince(request.receivedAt)
            #expect(held.map { $0 - waited < 0.75 } == true, "the connection closed \(String(describing: held)) s after the head, cancelled at \(waited) s")
        }
    }

    @Test func connectionRefusedIsANetworkError() async throws {
        // A port that was just free: bind, read the port, close.
        let server = try RawHTTPServer { _ in .silence }
        let url = server.baseURL
        await server.stop()
        let spec = HTTPRequestSpec(url: url, headers: ["Authorization": "Bearer " + Self.token])
        let result = await Self.outcome { () async throws(TransportFailure) in try await CurlTransport().send(spec, timeout: 5) }
        #expect(Self.failure(result) == .network("connection refused"))
    }

    @Test func plainHTTPToAnyOtherHostIsRefusedBeforeAConnection() async throws {
        // Addresses that are not loopback, including ones that only look like it; nothing is sent.
        for url in ["http://10.255.255.1:9/version", "http://127.0.0.1.example.invalid/version", "http://[::ffff:10.0.0.1]/version"] {
            let spec = HTTPRequestSpec(url: URL(string: url)!, headers: ["Authorization": "Bearer " + Self.token])
            let started = Date()
            let result = await Self.outcome { () async throws(TransportFailure) in try await CurlTransport().send(spec, timeout: 5) }
            #expect(Self.failure(result) == .permanent("plain http is only allowed to a loopback address"), "\(url)")
            #expect(Date().timeIntervalSince(started) < 1, "\(url) was tried")
        }
    }

    @Test func localhostIsPinnedToLoopbackWithoutTheResolver() {
        #expect(CurlTransport.loopbackResolution(host: "LocalHost", port: 8080, scheme: "http") == "localhost:8080:127.0.0.1,::1")
        #expect(CurlTransport.loopbackResolution(host: "localhost", port: nil, scheme: "https") == "localhost:443:127.0.0.1,::1")
        #expect(CurlTransport.loopbackResolution(host: "127.0.0.1", port: 80, scheme: "http") == nil)
    }

    // MARK: Pieces

    @Test func aLineBreakInAHeaderIsRefusedWithoutShowingTheValue() {
        do throws(TransportFailure) {
            _ = try CurlTransport.headerLines(Self.request(headers: ["Authorization": "Bearer \(Self.token)\r\nX-Injected: 1"]))
            Issue.record("a header with CR LF was accepted")
        } catch {
            guard case .permanent(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("Authorization"))
            #expect(!message.contains(Self.token))
        }
        #expect((try? CurlTransport.headerLines(Self.request(headers: ["X-Empty": ""]))) == ["X-Empty;"], "libcurl's spelling of an empty header")
    }

    static func request(headers: [String: String]) -> HTTPRequestSpec {
        HTTPRequestSpec(url: URL(string: "https://127.0.0.1/version")!, headers: headers)
    }

    @Test func headerBlockParsing() {
        let block = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nSet-Thing: a\r\nset-thing:  b \r\nFolded: one\r\n two\r\n\r\n"
        let headers = CurlTransport.parseHeaders(block)
        #expect(headers == ["content-type": "application/json", "set-thing": "a, b", "folded": "one two"])
    }

    @Test func libcurlFailuresAreClassified() {
        func classify(_ code: Int32, _ message: String = "", verify: Int = 0, connect: Int = 0) -> TransportFailure {
            CurlFailure.classify(curlCode: code, message: message, verifyResult: verify, connectCode: connect)
        }
        #expect(classify(6, "Could not resolve host: acme.eu3.techwolf.ai") == .network("cannot resolve the host name acme.eu3.techwolf.ai"))
        #expect(classify(7) == .network("connection refused"))
        #expect(classify(999, "Some \u{1B}[2J error") == .network("Some \u{241B}[2J error"))
        // Certificates: OpenSSL's verification result decides; GnuTLS and libcurl's host check say it in words.
        #expect(classify(60, "SSL certificate problem: unable to get local issuer certificate", verify: 20)
            == .certificate(CertificateProblem(kind: .unknownIssuer, detail: "SSL certificate problem: unable to get local issuer certificate")))
        let expired = "SSL certificate problem: certificate has expired"
        #expect(classify(60, expired, verify: 10) == .certificate(CertificateProblem(kind: .expired, detail: expired)))
        let selfSigned = "SSL certificate problem: self-signed certificate"
        #expect(classify(60, selfSigned, verify: 18) == .certificate(CertificateProblem(kind: .selfSigned, detail: selfSigned)))
        // GnuTLS's result is a bit mask (2 = invalid): read its words, not OpenSSL's numbers.
        let gnutls = "server certificate verification failed. CAfile: none CRLfile: none"
        #expect(classify(60, gnutls, verify: 2) == .certificate(CertificateProblem(kind: .unverified, detail: gnutls)))
        let mismatch = "SSL: no alternative certificate subject name matches target host name 'acme.eu3.techwolf.ai'"
        #expect(classify(60, mismatch) == .certificate(CertificateProblem(kind: .nameMismatch, detail: mismatch)))
        #expect(classify(60, "server certificate verification failed. CAfile: none CRLfile: none")
            == .certificate(CertificateProblem(kind: .unverified, detail: "server certificate verification failed. CAfile: none CRLfile: none")))
        #expect(classify(77, "error setting certificate file: /nope") == .certificate(CertificateProblem(kind: .unreadableStore, detail: "error setting certificate file: /nope")))
        // A proxy that wants credentials says so, whatever code libcurl ended with.
        guard case .proxy(let words) = classify(56, "CONNECT tunnel failed, response 407", connect: 407) else {
            Issue.record("a 407 from the proxy is not a proxy failure")
            return
        }
        #expect(words.contains("407") && words.contains("credentials"))
    }

    @Test func certificateMessagesNameTheProblemAndTheFix() {
        let unknown = CertificateProblem(kind: .unknownIssuer, detail: "").message
        #expect(unknown.contains("unknown issuer") && unknown.contains("--ca-file") && unknown.contains("SSL_CERT_FILE"))
        #expect(CertificateProblem(kind: .nameMismatch, detail: "").message.contains("name mismatch"))
        #expect(CertificateProblem(kind: .expired, detail: "").message.contains("expired"))
        #expect(APIError(.certificate(CertificateProblem(kind: .expired, detail: "")), timeout: 1).exitCode == 5)
    }

    // MARK: Trust

    static func get(_ url: URL, trusting caFile: String?) async -> Result<HTTPResponseData, TransportFailure> {
        let spec = HTTPRequestSpec(url: url.appendingPathComponent("version"), headers: ["Authorization": "Bearer " + token])
        return await outcome { () async throws(TransportFailure) in try await CurlTransport(caFile: caFile).send(spec, timeout: 10) }
    }

    static let ok: @Sendable (RawHTTPServer.Context) -> RawHTTPServer.Action = { _ in
        .respond(status: 200, headers: [.init("Content-Type", "application/json")], body: Data(#"{"version": "1"}"#.utf8))
    }

    /// The good leaf is trusted through the CA file, through the system bundle with the CA appended, and by
    /// each name it carries that reaches 127.0.0.1.
    @Test func theTestLeafIsTrustedThroughTheCAFileAndTheCombinedBundle() async throws {
        let ca = try TestCA.shared()
        try await ScriptedOrigin.with(.https, Self.ok) { origin in
            let front = try #require(origin.front)
            for (url, caFile) in [(front.baseURL, ca.certificate), (front.baseURL, ca.systemBundleWithCA), (front.url(host: "localhost"), ca.certificate)] {
                switch await Self.get(url, trusting: caFile) {
                case .success(let response):
                    #expect(response.status == 200)
                    #expect(response.body == Data(#"{"version": "1"}"#.utf8))
                case .failure(let failure):
                    Issue.record("\(url) trusting \(caFile): \(failure)")
                }
            }
            #expect(origin.server.requests.count == 3)
            #expect(origin.server.requests.allSatisfy { $0.headers["authorization"] == "Bearer " + Self.token })
        }
    }

    /// Refused without the CA, and refused even with it when the leaf has expired, names another host or
    /// signs itself; the handshake fails before any request reaches the server.
    @Test(arguments: ["no CA", "expired", "wrong name", "self-signed"])
    func anUntrustedCertificateIsRefusedBeforeAnyRequest(_ problem: String) async throws {
        let ca = try TestCA.shared()
        let leaf = [("expired", ca.expiredLeaf), ("wrong name", ca.wrongNameLeaf), ("self-signed", ca.selfSignedLeaf)]
            .first { $0.0 == problem }?.1 ?? ca.leaf
        let server = try RawHTTPServer(Self.ok)
        let front = try await TLSFront.start(backendPort: server.port, leaf: leaf)
        let result = await Self.get(front.baseURL, trusting: problem == "no CA" ? nil : ca.certificate)
        let expected: CertificateProblem.Kind = ["no CA": .unknownIssuer, "expired": .expired, "wrong name": .nameMismatch,
                                                  "self-signed": .selfSigned][problem] ?? .unverified
        switch result {
        case .failure(.certificate(let found)):
            #expect(found.kind == expected, "\(problem): \(found.message)")
            #expect(!found.message.contains(Self.token))
        default:
            Issue.record("\(problem): expected a certificate failure, got \(result)")
        }
        #expect(await front.settledConnections() == 1, "the client did connect, once")
        #expect(server.requests.isEmpty, "a request went through an untrusted connection")
        await front.stop()
        await server.stop()
    }
}

/// doctor's trust line: the named store with where it was named, then what libcurl keeps of its own.
@Suite struct TrustDescriptionTests {
    @Test func theNamedStoreComesWithItsSourceAndTheKeptDefaultIsNamedAsSuch() {
        let named = TLSTrust(caFile: "/corp/ca.pem", origin: .option)
        #expect(named.describe(defaultStore: (file: "/etc/ssl/certs/ca-certificates.crt", directory: "/no/such/dir"))
                == "the CA bundle /corp/ca.pem (--ca-file) and libcurl's default CA directory /no/such/dir")
        #expect(TLSTrust.system.describe(defaultStore: (file: "/etc/pki/tls/certs/ca-bundle.crt", directory: nil))
                == "the CA bundle /etc/pki/tls/certs/ca-bundle.crt (libcurl's default store)")
        #expect(TLSTrust.system.describe(defaultStore: (file: nil, directory: nil)) == "the TLS library's built-in CAs (libcurl's default store)")
    }
}

/// What "the system's CAs" means on a machine: a hashed directory where libcurl has one, read lazily.
@Suite(.enabled(if: LocalTools.httpsToolsInstalled && LocalTools.libcurlInstalled, "needs openssl, python3 and libcurl"))
struct SystemTrustTests {
    @Test func aHashedDefaultDirectoryIsUsedAloneAndAnythingElseIsLeftAsItIs() throws {
        let ca = try TestCA.shared()
        let lazy = TLSTrust.system.effective(defaultStore: (file: "/etc/ssl/certs/ca-certificates.crt", directory: ca.hashedDirectory))
        #expect(lazy == TLSTrust(caPath: ca.hashedDirectory, origin: .system))
        // No directory, or one without hash links: libcurl's default as it is.
        #expect(TLSTrust.system.effective(defaultStore: (file: "/etc/pki/tls/certs/ca-bundle.crt", directory: nil)) == .system)
        #expect(TLSTrust.system.effective(defaultStore: (file: nil, directory: ca.directory + "/no-such-dir")) == .system)
        // A store the user named is never replaced.
        let named = TLSTrust(caFile: ca.certificate, origin: .option)
        #expect(named.effective(defaultStore: (file: nil, directory: ca.hashedDirectory)) == named)
    }

    @Test func theHashedDirectoryVerifiesAServer() async throws {
        let ca = try TestCA.shared()
        try await ScriptedOrigin.with(.https, { _ in .respond(status: 200, headers: [], body: Data("{}".utf8)) }) { origin in
            let spec = HTTPRequestSpec(url: origin.baseURL.appendingPathComponent("version"), headers: [:])
            let transport = CurlTransport(trust: TLSTrust(caPath: ca.hashedDirectory, origin: .environment("SSL_CERT_DIR")))
            let response = try await CurlTransportTests.outcome { () async throws(TransportFailure) in try await transport.send(spec, timeout: 10) }.get()
            #expect(response.status == 200)
        }
    }
}
