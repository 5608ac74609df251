#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Threads
#if canImport(Glibc)
import Glibc
#endif

/// A TechWolf-compatible HTTP server on the loopback interface, serving a `DemoDataSet`. It exists for the
/// `--demo` mode and as an independent oracle for the client's tests, so it shares no code with the client.
public actor DemoServer {
    /// JWT-shaped (header.payload.signature), `{"sub":"demo","scope":"read","exp":<2099-12-31>}`, unsigned.
    public static let demoToken: String = DemoToken.make()
    /// The one client `POST /oauth/token` knows (client-credentials grant); its tokens work like `demoToken`.
    public static let demoClientID = "demo-client"
    public static let demoClientSecret = "demo-secret"

    /// Ready at once when the server is given a data set; while one is built in the background, requests
    /// wait for it: those about interactions for the whole set (`router`), the others only for its
    /// employees and vacancies (`peopleRouter`), which come first.
    private let router: Task<DemoRouter, Never>
    private let peopleRouter: Task<DemoRouter, Never>
    /// While the data is built in the background: opened by the first request that needs interactions.
    private let interactionsWanted: StageGate?
    private let port: UInt16
    private var httpServer: LoopbackHTTPServer?
    private var fault: DemoFault = .none
    /// Requests the current fault still applies to; `nil` for a fault that lasts until it is changed.
    private var faultRequestsLeft: Int?

    public private(set) var baseURL: URL?
    /// The requests received, in arrival order, recorded before they were answered: the last
    /// `requestsKept` to `2 * requestsKept` of them, so a server left running (or a 100,000-pair worklist)
    /// does not grow without bound.
    public private(set) var requests: [DemoRequestRecord] = []
    public static let requestsKept = 10_000
    /// Requests to `POST /oauth/token` (any outcome), since the server was made.
    public private(set) var tokenRequests = 0
    private var tokenIssuer = DemoTokenIssuer(clientID: DemoServer.demoClientID,
                                              clientSecret: DemoServer.demoClientSecret)

    public init(dataSet: DemoDataSet = .standard, port: UInt16 = 0, token: String = DemoServer.demoToken) {
        let router = DemoRouter(dataSet: dataSet, token: token)
        self.router = Task { router }
        peopleRouter = self.router
        interactionsWanted = nil
        self.port = port
    }

    /// Starts building the data set of `seed` on a thread of its own and returns at once, so `twbrowse
    /// --demo` sets up the terminal and the connection while the data is made: building it is the largest
    /// single piece of the demo's start-up, and the employees list can be answered after its first quarter.
    /// A thread, not a task: on a 2-core server the concurrency pool has two threads, and the server and
    /// the client need them meanwhile. The interactions are made when a request first needs them, or
    /// `interactionsPatience` seconds after the employees, whichever comes first.
    public init(buildingInBackground seed: UInt64, port: UInt16 = 0, token: String = DemoServer.demoToken,
                interactionsPatience: Double = 0.05) {
        let (people, peopleReady) = AsyncStream.makeStream(of: DemoRouter.self)
        let (whole, wholeReady) = AsyncStream.makeStream(of: DemoRouter.self)
        let gate = StageGate()
        let started = DetachedThread.start {
            let dataSet = DemoDataSet.buildInStages(seed: seed) { people in
                peopleReady.yield(DemoRouter(dataSet: people, token: token))
                // The interactions are not needed for the first frame: on a 2-core server they should take
                // the CPU only when the terminal and the first requests leave it (Linux nice is per thread).
                gate.wait(upTo: interactionsPatience)
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            }
            wholeReady.yield(DemoRouter(dataSet: dataSet, token: token))
        }
        precondition(started, "no thread for the demo's data set")
        peopleRouter = Task { await Self.first(of: people) }
        router = Task { await Self.first(of: whole) }
        interactionsWanted = gate
        self.port = port
    }

    private static func first(of stream: AsyncStream<DemoRouter>) async -> DemoRouter {
        for await router in stream { return router }
        preconditionFailure("the data set thread ended without a data set")
    }

    /// The data set being served, once it is built (when built in the background, its interactions come
    /// when a request first needs them, or after the patience given).
    public var dataSet: DemoDataSet {
        get async { await router.value.dataSet }
    }

    deinit {
        httpServer?.beginStopping()
    }

    /// Binds 127.0.0.1 only (the data is fake, but nothing else on the network should reach it) and returns
    /// the base URL once the socket listens. Calling it again while running returns the same URL.
    public func start() async throws -> URL {
        if let baseURL { return baseURL }
        // The handler holds this actor weakly, so a server nobody stopped does not keep it alive.
        let server = try LoopbackHTTPServer(port: port) { [weak self] request in
            guard let self else { return .error(503, "Service Unavailable", "The demo server is stopping.") }
            return await self.answer(request)
        }
        guard let url = URL(string: "http://127.0.0.1:\(server.port)") else {
            await server.stop()
            throw DemoServerError.cannotListen("no URL for port \(server.port)")
        }
        httpServer = server
        baseURL = url
        return url
    }

    public func stop() async {
        guard let server = httpServer else { return }
        httpServer = nil
        baseURL = nil
        await server.stop()
    }

    /// Replaces the current fault; a counted fault starts counting afresh.
    public func setFault(_ fault: DemoFault) {
        self.fault = fault
        faultRequestsLeft = fault.limit
    }

    /// `expires_in` of the tokens issued from now on (default 10800 s); short ones let clients test renewal.
    public func setTokenLifetime(_ seconds: Int) {
        tokenIssuer.lifetime = max(0, seconds)
    }

    /// TCP connections accepted since the server started (0 when stopped): shows whether a client reuses them.
    public var connectionsAccepted: Int { httpServer?.connectionsAccepted ?? 0 }

    public func resetRecordedRequests() {
        requests.removeAll()
    }

    public func count(pathPrefix: String) -> Int {
        requests.reduce(0) { $0 + ($1.path.hasPrefix(pathPrefix) ? 1 : 0) }
    }

    /// Records the request and returns the fault that applies to it, spending one use of a counted fault.
    private func admit(_ record: DemoRequestRecord) -> DemoFault {
        // Trimmed in halves, so keeping the bound costs nothing per request on average.
        if requests.count >= 2 * Self.requestsKept { requests.removeFirst(Self.requestsKept) }
        requests.append(record)
        if record.path == DemoTokenIssuer.path { tokenRequests += 1 }
        guard let left = faultRequestsLeft else { return fault }
        guard left > 0 else { return .none }
        faultRequestsLeft = left - 1
        return fault
    }

    /// Off the actor, so a slow answer never holds up other requests or the test reading `requests`.
    private nonisolated func answer(_ request: ReceivedRequest) async -> DemoResponse {
        let record = DemoRequestRecord(request)
        let fault = await admit(record)
        if case .slow(let seconds) = fault, seconds > 0 {
            do {
                try await Task.sleep(for: .seconds(seconds))
            } catch {
                // Cancelled because the server is stopping: a cut-off slow answer must not look like success.
                return .error(503, "Service Unavailable", "The demo server is stopping.")
            }
        }
        // Faults may answer with a real record (a truncated one), so they wait for the whole set too.
        let needsInteractions = fault != .none || record.path.contains("/interactions") || record.path.hasPrefix("/demo/")
        if needsInteractions { interactionsWanted?.open() }
        let router = needsInteractions ? await router.value : await peopleRouter.value
        if let response = DemoFaultResponder.response(for: fault, request: record, router: router) {
            return response
        }
        if record.path == DemoTokenIssuer.path {
            return await issueToken(record, body: request.body)
        }
        let issued = await acceptsIssuedToken(DemoRouter.bearerToken(record))
        return router.respond(to: record, issuedTokenValid: issued)
    }

    private func issueToken(_ record: DemoRequestRecord, body: Data?) -> DemoResponse {
        tokenIssuer.respond(to: record, body: body, now: Date())
    }

    private func acceptsIssuedToken(_ token: String?) -> Bool {
        token.map { tokenIssuer.accepts($0, now: Date()) } ?? false
    }
}

public enum DemoServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The socket could not be bound or listened on (a port in use, say); the reason says which.
    case cannotListen(String)

    public var description: String {
        switch self {
        case .cannotListen(let reason): return reason
        }
    }
}

extension DemoRequestRecord {
    init(_ request: ReceivedRequest) {
        self.init(method: request.method, path: request.path, query: request.query, headers: request.headers)
    }
}
