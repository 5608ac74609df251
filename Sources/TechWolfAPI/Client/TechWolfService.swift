#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A decoded value and where it came from.
public struct Fetched<Value: Sendable>: Sendable {
    public let value: Value
    public let source: DataSource
    public init(value: Value, source: DataSource) {
        self.value = value
        self.source = source
    }
}

/// The API as the UI and the command line use it: every read goes through the cache, and comes back
/// decoded into a model.
public final class TechWolfService: Sendable {
    public let client: TechWolfClient
    public let cache: ResponseCache
    public let log: RequestLog?

    public init(client: TechWolfClient, cache: ResponseCache = ResponseCache(), log: RequestLog? = nil) {
        self.client = client
        self.cache = cache
        self.log = log
    }

    public var configuration: ClientConfiguration { client.configuration }

    public func interaction(employee: String, interaction: String, refresh: Bool = false) async throws(APIError)
        -> Fetched<InteractionRecord>
    {
        let path = try TechWolfClient.interactionPath(employee: employee, interaction: interaction)
        return try await fetch(path, query: [], refresh: refresh) { json, body throws(DecodingProblem) in
            var record = try InteractionRecord(json: json).checkedIdentity(requested: interaction)
            record.body = body
            return record
        }
    }

    public func employee(_ id: String, refresh: Bool = false) async throws(APIError) -> Fetched<Employee> {
        let path = try TechWolfClient.employeePath(id)
        return try await fetch(path, query: TechWolfClient.includeCustomProperties, refresh: refresh) { json, body throws(DecodingProblem) in
            var employee = try Employee(json: json, expectedID: id)
            employee.body = body
            return employee
        }
    }

    public func vacancy(_ id: String, refresh: Bool = false) async throws(APIError) -> Fetched<Vacancy> {
        let path = try TechWolfClient.vacancyPath(id)
        return try await fetch(path, query: TechWolfClient.includeCustomProperties, refresh: refresh) { json, body throws(DecodingProblem) in
            var vacancy = try Vacancy(json: json)
            vacancy.body = body
            return vacancy
        }
    }

    public func employees(limit: Int = 100, offset: Int = 0, active: Bool? = nil, unit: String? = nil,
                          refresh: Bool = false) async throws(APIError) -> Fetched<EmployeesPage>
    {
        let query = try TechWolfClient.employeesQuery(limit: limit, offset: offset, active: active, unit: unit)
        return try await fetch(["employees"], query: query, refresh: refresh) { json, _ throws(DecodingProblem) in try EmployeesPage(json: json) }
    }

    /// `GET /version`, never cached: it is the proof that the token works now.
    public func version() async throws(APIError) -> (text: String, duration: TimeInterval) {
        try await client.version()
    }

    /// The raw JSON of a path through the cache, for printing exactly what the server sent.
    public func json(_ path: [String], query: [URLQueryItem] = [], refresh: Bool = false) async throws(APIError) -> Fetched<JSONValue> {
        let document = try await response(path, query: query, refresh: refresh)
        return Fetched(value: document.json, source: document.source)
    }

    /// The parsed body, its bytes as sent, and where it came from.
    private func response(_ path: [String], query: [URLQueryItem], refresh: Bool) async throws(APIError)
        -> (json: JSONValue, body: Data, source: DataSource)
    {
        let key = cacheKey(path, query)
        let client = self.client
        let started = Date()
        do {
            let (json, body, source, attempts) = try await cache.value(for: key, bypass: refresh) { () async throws(APIError) -> NetworkJSON in
                try await client.getJSON(path, query: query)
            }
            log?.record(path: key.path, outcome: "200", latency: Date().timeIntervalSince(started), source: source.logName, attempts: attempts)
            return (json, body, source)
        } catch {
            // A failure carries no attempt count; the log says it was asked for.
            log?.record(path: key.path, outcome: error.logStatus, latency: Date().timeIntervalSince(started), source: "network", attempts: 1)
            throw error
        }
    }

    private func fetch<T: Sendable>(_ path: [String], query: [URLQueryItem], refresh: Bool,
                                    decode: (JSONValue, Data) throws(DecodingProblem) -> T) async throws(APIError) -> Fetched<T> {
        let raw = try await response(path, query: query, refresh: refresh)
        do {
            return Fetched(value: try decode(raw.json, raw.body), source: raw.source)
        } catch {
            throw .undecodable(error.message)
        }
    }

    private func cacheKey(_ path: [String], _ query: [URLQueryItem]) -> ResponseCache.Key {
        let q = query.map { "\($0.name)=\($0.value ?? "")" }.joined(separator: "&")
        return ResponseCache.Key(scope: client.configuration.scope, path: "/" + path.joined(separator: "/") + (q.isEmpty ? "" : "?" + q))
    }
}
