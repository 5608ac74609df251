import Foundation
@testable import TechWolfAPI

/// A transport that answers from a script and counts what it was asked.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var script: [Result<HTTPResponseData, TransportFailure>]
    private(set) var requests: [HTTPRequestSpec] = []
    let delay: TimeInterval

    init(_ script: [Result<HTTPResponseData, TransportFailure>], delay: TimeInterval = 0) {
        self.script = script
        self.delay = delay
    }

    var count: Int { lock.withLock { requests.count } }

    func send(_ request: HTTPRequestSpec, timeout: TimeInterval) async throws(TransportFailure) -> HTTPResponseData {
        let next: Result<HTTPResponseData, TransportFailure> = lock.withLock {
            requests.append(request)
            return script.count > 1 ? script.removeFirst() : script[0]
        }
        if delay > 0 {
            do { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) } catch { throw .cancelled }
        }
        return try next.get()
    }

    static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Result<HTTPResponseData, TransportFailure> {
        .success(HTTPResponseData(status: status, headers: headers, body: Data(body.utf8)))
    }
}

/// A clock the test moves by hand.
final class FakeClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_700_000_000)
    func now() -> Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// Records the sleeps a client asked for instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var sleeps: [TimeInterval] = []
    func sleep(_ s: TimeInterval) async throws { lock.withLock { sleeps.append(s) } }
}

enum Fixtures {
    static let record = #"{"external_id": "int-1", "interaction_type": "vacancy_liked", "timestamp": "2025-05-02", "vacancy_id": "vac-1"}"#
    static let origin = try! APIOrigin.baseURL("https://api.example.test")

    static func client(_ transport: any HTTPTransport, token: String = "token-aaaa", retry: RetryPolicy = RetryPolicy(random: { 0.5 }),
                       sleeper: SleepRecorder? = nil, timeout: TimeInterval = 15) -> TechWolfClient {
        let config = ClientConfiguration(origin: origin, token: try! AccessToken(token), timeout: timeout, retry: retry)
        let recorder = sleeper ?? SleepRecorder()
        return TechWolfClient(configuration: config, transport: transport, sleep: { try await recorder.sleep($0) })
    }
}
