import Foundation
import Testing
@testable import TechWolfAPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `CurlTransport` (the system's libcurl, loaded with dlopen) over plain http against the scripted raw-socket
/// server, and once over real TLS against `openssl s_server` with a certificate made for the test.
/// Everything talks to 127.0.0.1 only.
@Suite(.serialized, .enabled(if: LocalTools.libcurlInstalled, "libcurl is not installed"))
struct CurlTransportTests {
    static let token = "curl-SECRET-token-51d2c7"

    static func spec(_ server: RawHTTPServer, method: String = "GET", body: Data? = nil) -> HTTPRequestSpec {
        HTTPRequestSpec(url: server.baseURL.appendingPathComponent("version"),
                        headers: ["Authorization": "Bearer " + token, "Accept": "application/json"], method: method, body: body)
    }

    static func outcome(_ body: () async throws(TransportFailure) -> HTTPResponseData) async -> Result<HTTPResponseData, TransportFailure> {
        do throws(TransportFailure) {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    static func get(_ server: RawHTTPServer, transport: CurlTransport = CurlTransport(), timeout: TimeInterval = 10) async -> Result<HTTPResponseData, TransportFailure> {
        let spec = Self.spec(server)
        return await outcome { () async throws(TransportFailure) in try await transport.send(spec, timeout: timeout) }
    }

    static func failure(_ result: Result<HTTPResponseData, TransportFailure>) -> TransportFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    // MARK: Plain http on loopback

    @Test func okResponseKeepsStatusHeadersAndBodyAndTheTokenArrives() async throws {
        let json = Data(#"{"version": "1.2.3"}"#.utf8)
        let headers: [RawHTTPServer.Header] = [.init("Content-Type", "application/json"), .init("X-Trace", "a"), .init("X-Trace", "b")]
        try await RawHTTPServer.with({ _ in .respond(status: 200, headers: headers, body: json) }) { server in
            let response = try await Self.get(server).get()
            #expect(response.status == 200)
            #expect(response.body == json)
            #expect(response.headers["content-type"] == "application/json")
            #expect(response.headers["x-trace"] == "a, b", "a repeated header keeps every value")
            #expect(response.headers["content-length"] == "\(json.count)")
            let request = try #require(server.requests.first)
            #expect(request.requestLine == "GET /version HTTP/1.1")
            #expect(request.headers["authorization"] == "Bearer " + Self.token)
            #expect(request.headers["accept-encoding"] == nil, "no compression: the cap must count the bytes kept")
        }
    }

    @Test func postSendsItsBodyWithoutWaitingForContinue() async throws {
        let form = Data("grant_type=client_credentials&audience=x".utf8)
        try await RawHTTPServer.with({ _ in .respond(status: 200, headers: [.init("Content-Type", "application/json")], body: Data("{}".utf8)) }) { server in
            let transport = CurlTransport()
            var spec = Self.spec(server, method: "POST", body: form)
            spec.headers["Content-Type"] = "application/x-www-form-urlencoded"
            let started = Date()
            let response = try await Self.outcome { () async throws(TransportFailure) in try await transport.send(spec, timeout: 10) }.get()
            #expect(response.status == 200)
            #expect(Date().timeIntervalSince(started) < 5)
            let request = try #require(server.requests.first)
            #expect(request.requestLine == "POST /version HTTP/1.1")
            #expect(request.headers["content-length"] == "\(form.count)")
            #expect(request.headers["expect"] == nil)
        }
    }

    @Test func redirectsAreRefusedWithTheirLocationAndNeverFollowed() async throws {
        try await RawHTTPServer.with({ _ in .respond(status: 200, headers: [], body: Data("{}".utf8)) }) { other in
            let target = "http://127.0.0.1:\(other.port)/version"
            for status in [301, 302, 303, 307, 308] {
                try await RawHTTPServer.with({ _ in .respond(status: status, headers: [.init("Location", target)], body: Data()) }) { server in
                    let result = await Self.get(server)
                    #expect(Self.failure(result) == .redirectRefused(status: status, location: target))
                    #expect(server.requests.count == 1)
                }
            }
            try await Task.sleep(nanoseconds: 200_000_000)
            #expect(other.connections == 0, "the redirect target was contacted")
        }
    }

    @Test func notModifiedIsNotARedirect() async throws {
        try await RawHTTPServer.with({ _ in .respond(status: 304, headers: [], body: Data()) }) { server in
            let response = try await Self.get(server).get()
            #expect(response.status == 304)
        }
    }

    @Test func chunkedBodyOverTheCapIsRefusedQuickly() async throws {
        try await RawHTTPServer.with({ _ in .chunked(totalBytes: 64 << 20, chunkSize: 16 << 10) }) { server in
            let started = Date()
            let result = await Self.get(server, transport: CurlTransport(maxBodyBytes: 1 << 20))
            #expect(Self.failure(result) == .tooLarge(limit: 1 << 20))
            // Generous: the client's clock includes waiting for the concurrency pool.
            #expect(Date().timeIntervalSince(started) < 10)
            #expect(server.requests.count == 1)
        }
    }

    @Test func declaredLengthOverTheCapIsRefusedBeforeTheBody() async throws {
        try await RawHTTPServer.with({ _ in .trickleBody(contentLength: 50 << 20, interval: 0.2) }) { server in
            let result = await Self.get(server, transport: CurlTransport(maxBodyBytes: 1 << 20))
            #expect(Self.failure(result) == .tooLarge(limit: 1 << 20))
            let held = await server.secondsUntilClientLeft(request: 0)
            #expect(held.map { $0 < 1 } == true, "the transfer was kept for \(String(describing: held)) s after the head")
        }
    }

    @Test func theDeadlineEndsTheTransferAsTimedOut() async throws {
        let scripts: [RawHTTPServer.Action] = [.silence, .trickleHeaders(interval: 0.2), .trickleBody(contentLength: 100_000, interval: 0.2)]
        for script in scripts {
            try await RawHTTPServer.with({ _ in script }) { server in
                let started = Date()
                let result = await Self.get(server, timeout: 1)
                let elapsed = Date().timeIntervalSince(started)
                #expect(Self.failure(result) == .timedOut, "\(script)")
                #expect(elapsed >= 0.95 && elapsed < 10, "\(script): the call took \(elapsed) s")
                // Timed at the server, independent of the concurrency pool.
                let held = await server.secondsUntilClientLeft(request: 0)
                #expect(held.map { $0 < 2 } == true, "\(script): the client left after \(String(describing: held)) s")
            }
        }
    }

    @Test func cancellationAnswersAtOnceAndClosesTheConnectionAtOnce() async throws {
        try await RawHTTPServer.with({ _ in .silence }) { server in
            let transport = CurlTransport()
            let spec = Self.spec(server)
            let task = Task { await Self.outcome { () async throws(TransportFailure) in try await transport.send(spec, timeout: 30) } }
            let waitUntil = Date().addingTimeInterval(5)
            while server.requests.isEmpty && Date() < waitUntil { try await Task.sleep(nanoseconds: 20_000_000) }
            let request = try #require(server.requests.first)
            let cancelledAt = Date()
            task.cancel()
            let result = await task.value
            #expect(Self.failure(result) == .cancelled)
            #expect(Date().timeIntervalSince(cancelledAt) < 10, "hang detector only: the pool may hold the task back")
            // The transfer thread is woken and removes the transfer, which closes its connection: no waiting
            // for a progress tick or the deadline. The bound leaves room for a busy machine only.
            let held = await server.secondsUntilClientLeft(request: 0)
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
            #expect(Self.failure(result) == .network("plain http is only allowed to a loopback address"), "\(url)")
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
            guard case .network(let message) = error else { Issue.record("\(error)"); return }
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
        #expect(classify(60, "x", verify: 10) == .certificate(CertificateProblem(kind: .expired, detail: "x")))
        #expect(classify(60, "x", verify: 18) == .certificate(CertificateProblem(kind: .selfSigned, detail: "x")))
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

    // MARK: Real TLS

    @Test(.enabled(if: LocalTools.opensslInstalled, "openssl is not installed"))
    func httpsIsVerifiedAgainstTheGivenCAAndRefusedWithoutIt() async throws {
        let server = try await Self.onPlainThread { Result { try TLSServer() } }.get()
        let spec = HTTPRequestSpec(url: URL(string: "https://127.0.0.1:\(server.port)/")!, headers: ["Authorization": "Bearer " + Self.token])

        let trusted = await Self.outcome { () async throws(TransportFailure) in
            try await CurlTransport(caFile: server.certificate).send(spec, timeout: 10)
        }
        switch trusted {
        case .success(let response):
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/html")
            #expect(!response.body.isEmpty)
        case .failure(let failure):
            Issue.record("with the certificate as CA the request failed: \(failure)")
        }
        // Second, so a TLS session cached by the first request cannot stand in for verification.
        let untrusted = await Self.outcome { () async throws(TransportFailure) in
            try await CurlTransport().send(spec, timeout: 10)
        }
        guard case .certificate(let problem) = Self.failure(untrusted) else {
            Issue.record("without the CA the request did not fail on the certificate: \(untrusted)")
            return
        }
        #expect(problem.kind == .selfSigned)

        await Self.onPlainThread { server.stop() }
    }

    /// Blocking work (processes, pipes) on a plain thread, never on the concurrency pool.
    static func onPlainThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }
}

/// What the suite needs from the machine. Outside the suite's type: a trait naming the type it is attached
/// to is a circular reference for the macro.
enum LocalTools {
    static let openssl = "/usr/bin/openssl"

    static var opensslInstalled: Bool { FileManager.default.isExecutableFile(atPath: openssl) }

    static var libcurlInstalled: Bool {
        #if canImport(Darwin)
        let names = ["libcurl.4.dylib"]
        #else
        let names = ["libcurl.so.4", "libcurl-gnutls.so.4"]
        #endif
        for name in names {
            if let handle = dlopen(name, RTLD_LAZY) {
                dlclose(handle)
                return true
            }
        }
        return false
    }
}

/// `openssl s_server -www` on 127.0.0.1 (an ephemeral port) with a self-signed certificate for 127.0.0.1
/// made in a temporary directory. Its methods block; call them on a plain thread.
///
/// Processes are waited for with a termination handler, not `waitUntilExit` (which spins a thread that has
/// no run loop), and stopped with SIGKILL: a child spawned from a thread that blocks SIGTERM, as the
/// concurrency pool's and dispatch's threads do, inherits the block and would ignore `terminate()`.
final class TLSServer: @unchecked Sendable {
    let certificate: String
    private(set) var port = 0
    private let directory: URL
    private let process = Process()
    private let exited = DispatchSemaphore(value: 0)
    private var started = false
    /// Kept open so the server never writes into a closed pipe.
    private let output = Pipe()

    enum Failure: Error {
        case openssl(String)
    }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("twb-tls-\(UUID().uuidString)")
        certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            try Self.run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                          "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1", "-keyout", key, "-out", certificate])
            process.executableURL = URL(fileURLWithPath: LocalTools.openssl)
            process.arguments = ["s_server", "-accept", "127.0.0.1:0", "-cert", certificate, "-key", key, "-www"]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            let exited = exited
            process.terminationHandler = { _ in exited.signal() }
            try process.run()
            started = true
            port = try readPort()
        } catch {
            stop()
            throw error
        }
    }

    func stop() {
        if started {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            _ = exited.wait(timeout: .now() + 10)
            started = false
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LocalTools.openssl)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        guard exited.wait(timeout: .now() + 60) == .success else {
            kill(process.processIdentifier, SIGKILL)
            throw Failure.openssl("openssl \(arguments[0]) did not finish")
        }
        guard process.terminationStatus == 0 else { throw Failure.openssl("openssl \(arguments[0]) exited with \(process.terminationStatus)") }
    }

    /// s_server prints "ACCEPT 127.0.0.1:<port>" once it listens.
    private func readPort() throws -> Int {
        let fd = output.fileHandleForReading.fileDescriptor
        var text = ""
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { break }
            text += String(decoding: buffer[0..<count], as: UTF8.self)
            // Only complete lines: the last piece may be half a port number.
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() where line.hasPrefix("ACCEPT ") {
                if let colon = line.lastIndex(of: ":"), let port = Int(line[line.index(after: colon)...]) { return port }
            }
        }
        throw Failure.openssl("s_server did not report a port: \(text.debugDescription)")
    }
}
