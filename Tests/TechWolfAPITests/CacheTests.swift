import Foundation
import Testing
@testable import TechWolfAPI

@Suite struct CacheTests {
    func service(_ transport: ScriptedTransport, clock: FakeClock, capacity: Int = 100, token: String = "token-aaaa",
                 cache: ResponseCache? = nil) -> TechWolfService {
        TechWolfService(client: Fixtures.client(transport, token: token),
                        cache: cache ?? ResponseCache(ttl: 300, capacity: capacity, notFoundTTL: 30, clock: { clock.now() }))
    }

    @Test func hitWithinTTLThenExpires() async throws {
        let clock = FakeClock()
        let transport = ScriptedTransport([ScriptedTransport.json(200, Fixtures.record)])
        let s = service(transport, clock: clock)
        let first = try await s.interaction(employee: "E-1", interaction: "int-1")
        guard case .network = first.source else { Issue.record("first fetch not from network"); return }
        clock.advance(40)
        let second = try await s.interaction(employee: "E-1", interaction: "int-1")
        #expect(second.source == .cache(age: 40))
        #expect(transport.count == 1)
        clock.advance(261)
        _ = try await s.interaction(employee: "E-1", interaction: "int-1")
        #expect(transport.count == 2)
        let stats = await s.cache.stats
        #expect(stats.hits == 1 && stats.misses == 2 && stats.size == 1)
    }

    @Test func bypassRefetchesAndStores() async throws {
        let clock = FakeClock()
        let transport = ScriptedTransport([ScriptedTransport.json(200, Fixtures.record)])
        let s = service(transport, clock: clock)
        _ = try await s.interaction(employee: "E-1", interaction: "int-1")
        _ = try await s.interaction(employee: "E-1", interaction: "int-1", refresh: true)
        #expect(transport.count == 2)
        _ = try await s.interaction(employee: "E-1", interaction: "int-1")
        #expect(transport.count == 2)
    }

    @Test func leastRecentlyUsedIsEvicted() async throws {
        let clock = FakeClock()
        let transport = ScriptedTransport([ScriptedTransport.json(200, Fixtures.record)])
        let s = service(transport, clock: clock, capacity: 2)
        _ = try await s.interaction(employee: "E-1", interaction: "a")
        _ = try await s.interaction(employee: "E-1", interaction: "b")
        _ = try await s.interaction(employee: "E-1", interaction: "a")   // a is now the most recent
        _ = try await s.interaction(employee: "E-1", interaction: "c")   // evicts b
        #expect(transport.count == 3)
        _ = try await s.interaction(employee: "E-1", interaction: "a")
        #expect(transport.count == 3)
        _ = try await s.interaction(employee: "E-1", interaction: "b")
        #expect(transport.count == 4)
        let stats = await s.cache.stats
        #expect(stats.evictions == 2 && stats.size == 2)
    }

    @Test func notFoundIsRememberedFor30Seconds() async throws {
        let clock = FakeClock()
        let transport = ScriptedTransport([ScriptedTransport.json(404, #"[{"title": "404 Not Found", "description": "nope"}]"#)])
        let s = service(transport, clock: clock)
        for _ in 0..<3 {
            await #expect(throws: APIError.notFound("nope")) { try await s.interaction(employee: "E-1", interaction: "x") }
        }
        #expect(transport.count == 1)
        clock.advance(31)
        await #expect(throws: APIError.self) { try await s.interaction(employee: "E-1", interaction: "x") }
        #expect(transport.count == 2)
    }

    @Test(arguments: [401, 403, 500, 502])
    func failuresAreNeverCached(_ status: Int) async throws {
        let clock = FakeClock()
        let transport = ScriptedTransport([ScriptedTransport.json(status, "[]")])
        let s = TechWolfService(client: Fixtures.client(transport, retry: .none),
                                cache: ResponseCache(clock: { clock.now() }))
        for _ in 0..<2 {
            await #expect(throws: APIError.self) { try await s.interaction(employee: "E-1", interaction: "x") }
        }
        #expect(transport.count == 2)
        #expect(await s.cache.stats.size == 0)
    }

    @Test func timeoutsAreNeverCached() async throws {
        let clock = FakeClock()
        let transport = ScriptedTransport([.failure(.timedOut)])
        let s = TechWolfService(client: Fixtures.client(transport, retry: .none), cache: ResponseCache(clock: { clock.now() }))
        for _ in 0..<2 {
            await #expect(throws: APIError.timeout(seconds: 15)) { try await s.interaction(employee: "E-1", interaction: "x") }
        }
        #expect(transport.count == 2)
    }

    @Test func concurrentCallersShareOneRequest() async throws {
        let clock = FakeClock()
        let transport = ScriptedTransport([ScriptedTransport.json(200, Fixtures.record)], delay: 0.2)
        let s = service(transport, clock: clock)
        try await withThrowingTaskGroup(of: DataSource.self) { group in
            for _ in 0..<20 {
                group.addTask { try await s.interaction(employee: "E-1", interaction: "int-1").source }
            }
            var shared = 0
            for try await source in group { if case .shared = source { shared += 1 } }
            #expect(shared == 19)
        }
        #expect(transport.count == 1)
        #expect(await s.cache.stats.shared == 19)
    }

    @Test func entriesAreScopedToTheToken() async throws {
        let clock = FakeClock()
        let cache = ResponseCache(clock: { clock.now() })
        let transport = ScriptedTransport([ScriptedTransport.json(200, Fixtures.record)])
        let a = service(transport, clock: clock, token: "token-aaaa", cache: cache)
        let b = service(transport, clock: clock, token: "token-bbbb", cache: cache)
        _ = try await a.interaction(employee: "E-1", interaction: "int-1")
        let fromB = try await b.interaction(employee: "E-1", interaction: "int-1")
        guard case .network = fromB.source else { Issue.record("token B was served token A's entry"); return }
        #expect(transport.count == 2)
    }

    @Test func clearEmptiesAndResetsStats() async throws {
        let clock = FakeClock()
        let transport = ScriptedTransport([ScriptedTransport.json(200, Fixtures.record)])
        let s = service(transport, clock: clock)
        _ = try await s.interaction(employee: "E-1", interaction: "int-1")
        await s.cache.clear()
        #expect(await s.cache.stats == CacheStats())
        _ = try await s.interaction(employee: "E-1", interaction: "int-1")
        #expect(transport.count == 2)
    }

    @Test func cancellingTheOnlyWaiterCancelsTheRequest() async throws {
        let clock = FakeClock()
        let transport = ScriptedTransport([ScriptedTransport.json(200, Fixtures.record)], delay: 5)
        let s = service(transport, clock: clock)
        let task = Task { try await s.interaction(employee: "E-1", interaction: "int-1") }
        try await Task.sleep(nanoseconds: 50_000_000)
        let started = Date()
        task.cancel()
        await #expect(throws: APIError.cancelled) { try await task.value }
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(await s.cache.stats.size == 0)
    }
}

@Suite struct LRUStoreTests {
    @Test func manyOperationsKeepTheBound() {
        var store = LRUStore<Int, Int>(capacity: 100)
        var evicted = 0
        for i in 0..<10_000 { evicted += store.set(i % 350, i) }
        #expect(store.count == 100)
        #expect(evicted > 0)
        for i in 9_900..<10_000 { #expect(store.peek(i % 350) == i) }
    }
}

@Suite struct TimeoutWordingTests {
    @Test(arguments: [(15.0, "15 s"), (1.5, "1.5 s"), (2.25, "2.2 s"), (0.5, "0.5 s"), (0.25, "0.25 s"),
                      (0.001, "0.001 s"), (0.0123, "0.012 s")])
    func deadlinesAreShownAsGiven(_ seconds: Double, _ shown: String) {
        #expect(APIError.timeout(seconds: seconds).message == "timed out after \(shown) (no complete response)")
    }
}
