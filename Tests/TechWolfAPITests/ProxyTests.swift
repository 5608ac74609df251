import Foundation
import Testing
import TestSupport
@testable import TechWolfAPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The proxy environment through `CurlTransport`: a request to a name that never resolves
/// (`acme.eu3.techwolf.test`) can only succeed through the CONNECT proxy, which tunnels it to a TLS front on
/// 127.0.0.1 whatever host was asked for.
///
/// libcurl reads `https_proxy`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` from the environment at each
/// transfer, so these tests set them in this process, one test at a time (the suite is serialized), and
/// put back what was there afterwards. In-process rather than through a child `twbrowse`: the transport is
/// proven with exactly the trust the test gives it (`caFile`), whatever the command line does to choose a
/// trust store. Suites running meanwhile are unaffected: loopback requests never go through a proxy, and
/// no test asks for another host.
@Suite(.serialized, .enabled(if: LocalTools.libcurlInstalled, "libcurl is not installed"))
struct ProxyTests {
    static let token = "proxy-SECRET-token-c41e07"
    static let host = "acme.\(TestCA.wildcardDomain)"
    static let variables = ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY", "http_proxy", "HTTP_PROXY"]

    /// Runs `body` with exactly `settings` among the proxy variables, then restores all of them.
    static func withProxyEnvironment<T>(_ settings: [String: String], _ body: () async throws -> T) async throws -> T {
        let saved = variables.map { ($0, getenv($0).map { String(cString: $0) }) }
        for name in variables {
            if let value = settings[name] { setenv(name, value, 1) } else { unsetenv(name) }
        }
        defer {
            for (name, value) in saved {
                if let value { setenv(name, value, 1) } else { unsetenv(name) }
            }
        }
        return try await body()
    }

    static func client(_ base: URL, timeout: TimeInterval = 10) throws -> TechWolfClient {
        let config = ClientConfiguration(origin: try APIOrigin.baseURL(base.absoluteString), token: try AccessToken(token),
                                         timeout: timeout, retry: RetryPolicy(baseDelay: 0.05, random: { 0.5 }))
        return TechWolfClient(configuration: config, transport: CurlTransport(caFile: try TestCA.shared().certificate))
    }

    static let version: @Sendable (RawHTTPServer.Context) -> RawHTTPServer.Action = { _ in
        .respond(status: 200, headers: [.init("Content-Type", "application/json")], body: Data(#"{"version": "proxied"}"#.utf8))
    }

    @Test(arguments: ["https_proxy", "HTTPS_PROXY", "ALL_PROXY"])
    func aNonLoopbackNameGoesThroughTheProxy(_ variable: String) async throws {
        try await ScriptedOrigin.with(.https, Self.version) { origin in
            let front = try #require(origin.front)
            let proxy = try await ConnectProxy.start(.tunnel(toPort: front.port))
            let base = front.url(host: Self.host)
            let result = try await Self.withProxyEnvironment([variable: proxy.url]) {
                try await Self.client(base).getJSON(["version"])
            }
            #expect(result.json["version"]?.stringValue == "proxied")
            let requests = await proxy.requests(atLeast: 1)
            #expect(requests.map(\.target) == ["\(Self.host):\(front.port)"], "\(requests.map(\.requestLine))")
            #expect(requests.allSatisfy { !$0.head.contains(Self.token) && !$0.head.lowercased().contains("\nauthorization:") },
                    "the token went to the proxy")
            let request = try #require(origin.server.requests.first)
            #expect(request.headers["host"] == "\(Self.host):\(front.port)")
            #expect(request.headers["authorization"] == "Bearer " + Self.token)
            await proxy.stop()
        }
    }

    /// The error a proxy answering 407 ends the request with; the origin is never reached.
    static func credentialsFailure() async throws -> APIError? {
        try await ScriptedOrigin.with(.https, Self.version) { origin in
            let front = try #require(origin.front)
            let proxy = try await ConnectProxy.start(.demandCredentials)
            let client = try Self.client(front.url(host: Self.host))
            let started = Date()
            let error = try await Self.withProxyEnvironment(["https_proxy": proxy.url]) {
                await HostileServerTests.failure { () async throws(APIError) in try await client.getJSON(["version"]) }
            }
            #expect(Date().timeIntervalSince(started) < 10, "hang detector only")
            let requests = await proxy.requests(atLeast: 1)
            #expect(!requests.isEmpty && requests.allSatisfy { $0.target == "\(Self.host):\(front.port)" }, "\(requests.map(\.requestLine))")
            // Trying again cannot give the proxy credentials: one CONNECT, no retries.
            try await Task.sleep(nanoseconds: 300_000_000)
            #expect(proxy.requests.count == 1, "\(proxy.requests.map(\.requestLine))")
            #expect(await origin.settledConnections() == 0, "the origin was reached without the proxy")
            await proxy.stop()
            return error
        }
    }

    @Test func aProxyThatWantsCredentialsIsACleanNetworkError() async throws {
        let error = try await Self.credentialsFailure()
        guard case .network? = error else { Issue.record("expected .network, got \(String(describing: error))"); return }
    }

    @Test func aProxyThatWantsCredentialsSaysSo() async throws {
        let error = try await Self.credentialsFailure()
        guard case .network(let message)? = error else { Issue.record("expected .network, got \(String(describing: error))"); return }
        #expect(message.localizedCaseInsensitiveContains("proxy"), "\(message)")
        #expect(["credentials", "407", "authentication"].contains { message.localizedCaseInsensitiveContains($0) }, "\(message)")
    }

    @Test func loopbackNeverGoesThroughTheProxy() async throws {
        try await ScriptedOrigin.with(.https, Self.version) { origin in
            let front = try #require(origin.front)
            let proxy = try await ConnectProxy.start(.tunnel(toPort: front.port))
            let result = try await Self.withProxyEnvironment(["https_proxy": proxy.url, "ALL_PROXY": proxy.url]) {
                try await Self.client(origin.baseURL).getJSON(["version"])
            }
            #expect(result.json["version"]?.stringValue == "proxied")
            try await Task.sleep(nanoseconds: 200_000_000)
            #expect(proxy.requests.isEmpty, "\(proxy.requests.map(\.requestLine))")
            #expect(origin.server.requests.count == 1)
            await proxy.stop()
        }
    }
}
