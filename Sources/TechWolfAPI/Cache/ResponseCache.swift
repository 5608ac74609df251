#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a value came from, for the UI's "network, 212 ms" / "cache, age 40 s".
public enum DataSource: Sendable, Equatable {
    case network(duration: TimeInterval)
    /// Joined a request another caller had already sent.
    case shared(duration: TimeInterval)
    case cache(age: TimeInterval)

    public var summary: String {
        switch self {
        case .network(let d): return "network, \(Int((d * 1000).rounded())) ms"
        case .shared(let d): return "network (shared request), \(Int((d * 1000).rounded())) ms"
        case .cache(let age): return "cache, age \(RelativeTime.duration(age))"
        }
    }

    /// One word for the request log.
    public var logName: String {
        switch self {
        case .network: return "network"
        case .shared: return "shared"
        case .cache: return "cache"
        }
    }
}

public struct CacheStats: Sendable, Equatable {
    public var hits = 0
    public var misses = 0
    /// Callers that joined a request already in flight instead of sending their own.
    public var shared = 0
    public var evictions = 0
    public var size = 0
    public init() {}
}

/// The in-memory response cache: a time-to-live, a capacity with least-recently-used eviction, "not
/// found" remembered briefly, and one HTTP request for any number of concurrent callers of the same key.
/// Keys carry the origin-and-token scope, so nothing fetched with one token is served for another.
/// Nothing is written to disk.
public actor ResponseCache {
    public struct Key: Hashable, Sendable {
        public let scope: String
        public let path: String
        public init(scope: String, path: String) {
            self.scope = scope
            self.path = path
        }
    }

    private enum Stored {
        case found(JSONValue, body: Data, storedAt: Date, fetchDuration: TimeInterval)
        case missing(APIError, storedAt: Date)
    }

    public let ttl: TimeInterval
    public let notFoundTTL: TimeInterval
    private let clock: @Sendable () -> Date
    private var store: LRUStore<Key, Stored>
    private var inFlight: [Key: InFlight] = [:]
    private var counters = CacheStats()

    private final class InFlight: @unchecked Sendable {
        let task: Task<NetworkJSON, any Error>
        var waiters = 0
        init(task: Task<NetworkJSON, any Error>) { self.task = task }
    }

    public static let defaultTTL: TimeInterval = 300
    public static let defaultCapacity = 10_000

    public init(ttl: TimeInterval = ResponseCache.defaultTTL, capacity: Int = ResponseCache.defaultCapacity,
                notFoundTTL: TimeInterval = 30, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.ttl = ttl
        self.notFoundTTL = notFoundTTL
        self.clock = clock
        self.store = LRUStore(capacity: max(1, capacity))
    }

    public var stats: CacheStats {
        var s = counters
        s.size = store.count
        return s
    }

    public func clear() {
        store.removeAll()
        counters = CacheStats()
    }

    /// The cached value for `key`, or the result of `load`, shared with concurrent callers of the same key.
    /// `bypass` skips the lookup (an explicit refresh) but stores the fresh result.
    public func value(for key: Key, bypass: Bool = false,
                      load: @escaping @Sendable () async throws(APIError) -> NetworkJSON) async throws(APIError)
        -> (json: JSONValue, body: Data, source: DataSource, attempts: Int)
    {
        let now = clock()
        if !bypass, let stored = store.get(key) {
            switch stored {
            case .found(let json, let body, let storedAt, _) where now.timeIntervalSince(storedAt) < ttl:
                counters.hits += 1
                return (json, body, .cache(age: now.timeIntervalSince(storedAt)), 0)
            case .missing(let error, let storedAt) where now.timeIntervalSince(storedAt) < notFoundTTL:
                counters.hits += 1
                throw error
            default:
                store.removeValue(forKey: key)
            }
        }
        if !bypass, let flight = inFlight[key] {
            counters.shared += 1
            let result = try await join(flight, key: key)
            return (result.json, result.body, .shared(duration: result.duration), 0)
        }
        counters.misses += 1
        let flight = InFlight(task: Task { () async throws -> NetworkJSON in try await load() })
        inFlight[key] = flight
        let result = try await join(flight, key: key)
        return (result.json, result.body, .network(duration: result.duration), result.attempts)
    }

    /// Waits for a shared request. A caller that is cancelled stops waiting; the request itself is
    /// cancelled only when no caller is left waiting for it.
    private func join(_ flight: InFlight, key: Key) async throws(APIError) -> NetworkJSON {
        flight.waiters += 1
        let outcome: Result<NetworkJSON, APIError> = await withTaskCancellationHandler {
            do {
                return .success(try await flight.task.value)
            } catch let error as APIError {
                return .failure(error)
            } catch {
                return .failure(.cancelled)
            }
        } onCancel: {
            Task { await self.leave(flight) }
        }
        settle(flight, key: key, outcome: outcome)
        if Task.isCancelled { throw .cancelled }
        return try outcome.get()
    }

    private func leave(_ flight: InFlight) {
        flight.waiters -= 1
        if flight.waiters <= 0 { flight.task.cancel() }
    }

    /// Records the outcome once, for the first caller to see it.
    private func settle(_ flight: InFlight, key: Key, outcome: Result<NetworkJSON, APIError>) {
        guard inFlight[key] === flight else { return }
        inFlight[key] = nil
        let now = clock()
        switch outcome {
        case .success(let value):
            counters.evictions += store.set(key, .found(value.json, body: value.body, storedAt: now, fetchDuration: value.duration))
        case .failure(let error) where error.isCacheableNegative:
            counters.evictions += store.set(key, .missing(error, storedAt: now))
        case .failure:
            // 401/403/5xx/timeouts/cancellation: never remembered, the next call asks again.
            break
        }
    }
}
