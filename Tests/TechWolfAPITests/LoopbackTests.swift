import DemoAPI
import Foundation
import Testing
import TestSupport
@testable import TechWolfAPI

/// The transport users run (libcurl) against the embedded demo API on loopback, over plain http and over
/// https through a TLS front that presents a leaf of the test CA.
@Suite(.serialized, .enabled(if: LocalTools.libcurlInstalled, "libcurl is not installed"))
struct LoopbackTests {
    /// Runs `body` with a demo server and the URL to reach it by over `scheme`.
    static func withServer(_ scheme: Scheme = .http, token: String = DemoServer.demoToken,
                           _ body: (DemoServer, URL) async throws -> Void) async throws {
        let server = DemoServer(token: token)
        let url = try await server.start()
        #expect(url.host == "127.0.0.1")
        var front: TLSFront?
        do {
            if scheme == .https { front = try await TLSFront.start(backendPort: try #require(url.port)) }
            try await body(server, front?.baseURL ?? url)
        } catch {
            await front?.stop()
            await server.stop()
            throw error
        }
        await front?.stop()
        await server.stop()
    }

    static func client(_ url: URL, token: String = DemoServer.demoToken, timeout: TimeInterval = 15,
                       apiVersion: String? = nil, maxBody: Int = 1 << 20) throws -> TechWolfClient {
        let config = ClientConfiguration(origin: try APIOrigin.baseURL(url.absoluteString), token: try AccessToken(token),
                                         apiVersion: apiVersion, timeout: timeout, retry: RetryPolicy(baseDelay: 0.05, random: { 0.5 }))
        let caFile = url.scheme == "https" ? try TestCA.shared().certificate : nil
        return TechWolfClient(configuration: config, transport: CurlTransport(maxBodyBytes: maxBody, caFile: caFile))
    }

    static var firstPair: (employee: String, interaction: String) { DemoDataSet.standard.worklist[0] }

    @Test func sendsTheDocumentedHeaders() async throws {
        try await Self.withServer { server, url in
            let service = TechWolfService(client: try Self.client(url, apiVersion: "2024-01-01"))
            let pair = Self.firstPair
            let fetched = try await service.interaction(employee: pair.employee, interaction: pair.interaction)
            #expect(fetched.value.externalID == pair.interaction)
            let request = try #require(await server.requests.last)
            #expect(request.path == "/employees/\(pair.employee)/interactions/\(pair.interaction)")
            #expect(request.headers["authorization"] == "Bearer " + DemoServer.demoToken)
            #expect(request.headers["accept"] == "application/json")
            #expect(request.headers["user-agent"] == "twbrowse/\(TWBrowseVersion.string)")
            #expect(request.headers["x-api-version"] == "2024-01-01")
        }
    }

    @Test func everyEndpointDecodes() async throws {
        try await Self.withServer { _, url in
            let service = TechWolfService(client: try Self.client(url))
            let page = try await service.employees(limit: 5, offset: 0, active: nil).value
            #expect(page.items.count == 5)
            #expect((page.count ?? 0) >= 200)
            let employee = try await service.employee(page.items[0].externalID).value
            #expect(employee.externalID == page.items[0].externalID)
            let withVacancy = DemoDataSet.standard.interactions.first { $0.json.contains("\"vacancy_id\": \"vac-0") || $0.json.contains("\"vacancy_id\":\"vac-0") }
            let interaction = try #require(withVacancy)
            let record = try await service.interaction(employee: interaction.employeeID, interaction: interaction.externalID).value
            let vacancy = try await service.vacancy(try #require(record.vacancyID)).value
            #expect(vacancy.jobTitle?.isEmpty == false)
            let version = try await service.version()
            #expect(!version.text.isEmpty)
        }
    }

    @Test func olderAPIVersionListsPlainIDs() async throws {
        try await Self.withServer { _, url in
            let service = TechWolfService(client: try Self.client(url, apiVersion: "2022-01-01"))
            let page = try await service.employees(limit: 3).value
            #expect(page.count == nil)
            #expect(page.items.allSatisfy { if case .idOnly = $0 { return true } else { return false } })
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func wrongTokenIsUnauthorizedWithTheDocumentedMessage(_ scheme: Scheme) async throws {
        try await Self.withServer(scheme) { _, url in
            let client = try Self.client(url, token: "not-the-demo-token")
            await #expect(throws: APIError.unauthorized("OAuth access token is missing, invalid or expired.")) {
                try await client.getJSON(["version"])
            }
        }
    }

    @Test func notFoundMapsTo404() async throws {
        try await Self.withServer { _, url in
            let service = TechWolfService(client: try Self.client(url))
            do {
                _ = try await service.interaction(employee: "E-1001", interaction: "int-does-not-exist")
                Issue.record("expected not found")
            } catch let error as APIError {
                guard case .notFound = error else { Issue.record("got \(error)"); return }
                #expect(error.exitCode == 4)
            }
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func redirectIsRefusedAndTheOtherOriginNeverSeesTheToken(_ scheme: Scheme) async throws {
        try await Self.withServer(scheme, token: "other-servers-token") { other, otherURL in
            try await Self.withServer(scheme) { server, url in
                await server.setFault(.redirect(to: otherURL.absoluteString))
                let client = try Self.client(url)
                do {
                    _ = try await client.getJSON(["version"])
                    Issue.record("redirect was followed")
                } catch let error as APIError {
                    guard case .redirectRefused(let status, let target) = error else { Issue.record("got \(error)"); return }
                    #expect(status == 302)
                    #expect(target.contains("127.0.0.1:\(otherURL.port!)"))
                    #expect(error.exitCode == 5)
                }
            }
            try await Task.sleep(nanoseconds: 200_000_000)
            let seen = await other.requests
            #expect(seen.isEmpty, "the redirect target received \(seen.count) request(s)")
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func rateLimitWithRetryAfterIsRetriedAndSucceeds(_ scheme: Scheme) async throws {
        try await Self.withServer(scheme) { server, url in
            await server.setFault(.rateLimited(retryAfter: "1", times: 1))
            let started = Date()
            let result = try await Self.client(url).getJSON(["version"])
            #expect(result.attempts == 2)
            #expect(Date().timeIntervalSince(started) >= 0.9)
            #expect(await server.count(pathPrefix: "/version") == 2)
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func unavailableStormEndsWithAMessage(_ scheme: Scheme) async throws {
        try await Self.withServer(scheme) { server, url in
            await server.setFault(.unavailable(retryAfter: nil, times: 100))
            await #expect(throws: APIError.self) { try await Self.client(url).getJSON(["version"]) }
            #expect(await server.count(pathPrefix: "/version") == 3)
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func stalledRequestEndsAtTheDeadline(_ scheme: Scheme) async throws {
        try await Self.withServer(scheme) { server, url in
            await server.setFault(.slow(seconds: 30))
            let started = Date()
            await #expect(throws: APIError.timeout(seconds: 2)) { try await Self.client(url, timeout: 2).getJSON(["version"]) }
            let elapsed = Date().timeIntervalSince(started)
            #expect(elapsed >= 1.9 && elapsed < 5, "took \(elapsed) s")
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func fractionalDeadline(_ scheme: Scheme) async throws {
        try await Self.withServer(scheme) { server, url in
            await server.setFault(.slow(seconds: 5))
            let started = Date()
            await #expect(throws: APIError.self) { try await Self.client(url, timeout: 0.5).getJSON(["version"]) }
            #expect(Date().timeIntervalSince(started) < 1.5)
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func oversizedBodyIsRefusedQuickly(_ scheme: Scheme) async throws {
        try await Self.withServer(scheme) { server, url in
            await server.setFault(.oversized(bytes: 12 << 20))
            let started = Date()
            await #expect(throws: APIError.tooLarge(limit: 1 << 20)) { try await Self.client(url).getJSON(["version"]) }
            #expect(Date().timeIntervalSince(started) < 3)
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func htmlErrorPageBecomesOneLine(_ scheme: Scheme) async throws {
        try await Self.withServer(scheme) { server, url in
            await server.setFault(.html500)
            do {
                _ = try await Self.client(url).getJSON(["version"])
                Issue.record("expected a server error")
            } catch let error as APIError {
                guard case .serverError(500, let message) = error else { Issue.record("got \(error)"); return }
                #expect(message.contains("HTML page"))
                #expect(!message.contains("<"))
            }
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func truncatedJSONIsUndecodable(_ scheme: Scheme) async throws {
        try await Self.withServer(scheme) { server, url in
            await server.setFault(.truncatedJSON)
            let pair = Self.firstPair
            do {
                _ = try await Self.client(url).getJSON(["employees", pair.employee, "interactions", pair.interaction])
                Issue.record("expected undecodable")
            } catch let error as APIError {
                guard case .undecodable = error else { Issue.record("got \(error)"); return }
                #expect(error.exitCode == 6)
            }
        }
    }

    @Test func concurrentGetsOfOneRecordAreOneRequestAtTheServer() async throws {
        try await Self.withServer { server, url in
            await server.setFault(.slow(seconds: 0.3))
            let service = TechWolfService(client: try Self.client(url))
            let pair = Self.firstPair
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<25 {
                    group.addTask { _ = try await service.interaction(employee: pair.employee, interaction: pair.interaction) }
                }
                try await group.waitForAll()
            }
            #expect(await server.count(pathPrefix: "/employees/\(pair.employee)/interactions/") == 1)
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func connectionRefusedIsANetworkError(_ scheme: Scheme) async throws {
        // A port that was just free: bind, learn it, stop.
        let server = DemoServer()
        let url = try await server.start()
        await server.stop()
        var refused = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false))
        refused.scheme = scheme.rawValue
        let client = try Self.client(try #require(refused.url), timeout: 3)
        do {
            _ = try await client.getJSON(["version"])
            Issue.record("expected a network error")
        } catch {
            guard case .network = error else { Issue.record("got \(error)"); return }
            #expect(error.exitCode == 5)
        }
    }
}
