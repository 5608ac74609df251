import FlyingFox
import FlyingSocks
import Foundation

/// A TechWolf-compatible HTTP server on the loopback interface, serving a `DemoDataSet`. It exists for the
/// `--demo` mode and as an independent oracle for the client's tests, so it shares no code with the client.
public actor DemoServer {
    /// JWT-shaped (header.payload.signature), `{"sub":"demo","scope":"read","exp":<2099-12-31>}`, unsigned.
    public static let demoToken: String = DemoToken.make()
    /// The one client `POST /oauth/token` knows (client-credentials grant); its tokens work like `demoToken`.
    public static let demoClientID = "demo-client"
    public static let demoClientSecret = "demo-secret"

    /// FlyingFox answers 500 when a handler runs longer than this, which would spoil long `.slow` faults.
    private static let handlerTimeout: TimeInterval = 3600
    private static let startupTimeout: TimeInterval = 10

    /// Ready at once when the server is given a data set; while one is built in the background, requests
    /// wait for it: those about interactions for the whole set (`router`), the others only for its
    /// employees and vacancies (`peopleRouter`), which come first.
    private let router: Task<DemoRouter, Never>
    private let peopleRouter: Task<DemoRouter, Never>
    private let port: UInt16
    private var httpServer: HTTPServer?
    private var runTask: Task<Void, Never>?
    private var fault: DemoFault = .none
    /// Requests the current fault still applies to; `nil` for a fault that lasts until it is changed.
    private var faultRequestsLeft: Int?

    public private(set) var baseURL: URL?
    /// Every request received, in arrival order, recorded before it was answered.
    public private(set) var requests: [DemoRequestRecord] = []
    /// Requests to `POST /oauth/token` (any outcome), since the server was made.
    public private(set) var tokenRequests = 0
    private var tokenIssuer = DemoTokenIssuer(clientID: DemoServer.demoClientID,
                                              clientSecret: DemoServer.demoClientSecret)

    public init(dataSet: DemoDataSet = .standard, port: UInt16 = 0, token: String = DemoServer.demoToken) {
        let router = DemoRouter(dataSet: dataSet, token: token)
        self.router = Task { router }
        peopleRouter = self.router
        self.port = port
    }

    /// Starts building the data set of `seed` on a thread of its own and returns at once, so `twbrowse
    /// --demo` sets up the terminal and the connection while the data is made: building it is the largest
    /// single piece of the demo's start-up, and the employees list can be answered after its first quarter.
    /// A thread, not a task: on a 2-core server the concurrency pool has two threads, and the server and
    /// the client need them meanwhile.
    public init(buildingInBackground seed: UInt64, port: UInt16 = 0, token: String = DemoServer.demoToken) {
        let (people, peopleReady) = AsyncStream.makeStream(of: DemoRouter.self)
        let (whole, wholeReady) = AsyncStream.makeStream(of: DemoRouter.self)
        let thread = Thread {
            let dataSet = DemoDataSet.buildInStages(seed: seed) { peopleReady.yield(DemoRouter(dataSet: $0, token: token)) }
            wholeReady.yield(DemoRouter(dataSet: dataSet, token: token))
        }
        thread.name = "twbrowse-demo-data"
        thread.start()
        peopleRouter = Task { await Self.first(of: people) }
        router = Task { await Self.first(of: whole) }
        self.port = port
    }

    private static func first(of stream: AsyncStream<DemoRouter>) async -> DemoRouter {
        for await router in stream { return router }
        preconditionFailure("the data set thread ended without a data set")
    }

    /// The data set being served, once it is built.
    public var dataSet: DemoDataSet {
        get async { await router.value.dataSet }
    }

    deinit {
        // The handler holds this actor weakly, so a server nobody stopped still shuts down when dropped.
        runTask?.cancel()
    }

    /// Binds 127.0.0.1 only (the data is fake, but nothing else on the network should reach it), waits until
    /// the socket listens, and returns the base URL. Calling it again while running returns the same URL.
    public func start() async throws -> URL {
        if let baseURL { return baseURL }
        guard httpServer == nil else { throw DemoServerError.startInProgress }
        let server = HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: port),
                                timeout: Self.handlerTimeout,
                                pool: NoDelaySocketPool(base: HTTPServer.defaultPool()),
                                logger: .disabled)
        await server.appendRoute("*") { [weak self] request in
            guard let self else { return HTTPResponse(statusCode: .serviceUnavailable) }
            return await self.answer(request)
        }
        let (failures, failureSink) = AsyncStream.makeStream(of: (any Error).self)
        httpServer = server
        runTask = Task {
            do { try await server.run() } catch { failureSink.yield(error) }
            failureSink.finish()
        }
        do {
            try await Self.waitUntilListening(server, orFailureFrom: failures)
            guard case .ip4(_, let boundPort)? = await server.listeningAddress,
                  let url = URL(string: "http://127.0.0.1:\(boundPort)") else {
                throw DemoServerError.noListeningAddress
            }
            baseURL = url
            return url
        } catch {
            await stop()
            throw error
        }
    }

    public func stop() async {
        guard let server = httpServer else { return }
        let task = runTask
        httpServer = nil
        runTask = nil
        baseURL = nil
        await server.stop(timeout: 0)
        task?.cancel()
        await task?.value
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

    public func resetRecordedRequests() {
        requests.removeAll()
    }

    public func count(pathPrefix: String) -> Int {
        requests.reduce(0) { $0 + ($1.path.hasPrefix(pathPrefix) ? 1 : 0) }
    }

    /// Records the request and returns the fault that applies to it, spending one use of a counted fault.
    private func admit(_ record: DemoRequestRecord) -> DemoFault {
        requests.append(record)
        if record.path == DemoTokenIssuer.path { tokenRequests += 1 }
        guard let left = faultRequestsLeft else { return fault }
        guard left > 0 else { return .none }
        faultRequestsLeft = left - 1
        return fault
    }

    /// Off the actor, so a slow answer never holds up other requests or the test reading `requests`.
    private nonisolated func answer(_ request: HTTPRequest) async -> HTTPResponse {
        let record = DemoRequestRecord(request)
        let fault = await admit(record)
        if case .slow(let seconds) = fault, seconds > 0 {
            do {
                try await Task.sleep(for: .seconds(seconds))
            } catch {
                // Cancelled because the server is stopping: a cut-off slow answer must not look like success.
                return HTTPResponse(.error(503, "Service Unavailable", "The demo server is stopping."),
                                    toMethod: record.method)
            }
        }
        // Faults may answer with a real record (a truncated one), so they wait for the whole set too.
        let needsInteractions = fault != .none || record.path.contains("/interactions") || record.path.hasPrefix("/demo/")
        let router = needsInteractions ? await router.value : await peopleRouter.value
        if let response = DemoFaultResponder.response(for: fault, request: record, router: router) {
            return HTTPResponse(response, toMethod: record.method)
        }
        if record.path == DemoTokenIssuer.path {
            let body = try? await request.bodyData
            return HTTPResponse(await issueToken(record, body: body), toMethod: record.method)
        }
        let issued = await acceptsIssuedToken(DemoRouter.bearerToken(record))
        return HTTPResponse(router.respond(to: record, issuedTokenValid: issued), toMethod: record.method)
    }

    private func issueToken(_ record: DemoRequestRecord, body: Data?) -> DemoResponse {
        tokenIssuer.respond(to: record, body: body, now: Date())
    }

    private func acceptsIssuedToken(_ token: String?) -> Bool {
        token.map { tokenIssuer.accepts($0, now: Date()) } ?? false
    }

    /// Whichever comes first: the socket listening, or `run()` failing (a port in use, say).
    private static func waitUntilListening(_ server: HTTPServer,
                                           orFailureFrom failures: AsyncStream<any Error>) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.waitUntilListening(timeout: startupTimeout) }
            group.addTask {
                for await failure in failures { throw failure }
                try Task.checkCancellation()
                throw DemoServerError.stoppedBeforeListening
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

public enum DemoServerError: Error, Sendable, Equatable {
    /// `start()` was called while an earlier call was still starting the server.
    case startInProgress
    /// The server stopped before it listened.
    case stoppedBeforeListening
    /// The server listened, but not on an IPv4 address it could report.
    case noListeningAddress
}

extension DemoRequestRecord {
    init(_ request: HTTPRequest) {
        var headers: [String: String] = [:]
        for (name, value) in request.headers {
            let key = name.rawValue.lowercased()
            headers[key] = headers[key].map { "\($0), \(value)" } ?? value
        }
        self.init(method: request.method.rawValue, path: request.target.path(), query: request.target.query(),
                  headers: headers)
    }
}

extension HTTPResponse {
    init(_ response: DemoResponse, toMethod method: String) {
        var headers = HTTPHeaders()
        for (name, value) in response.headers {
            headers[HTTPHeader(name)] = value
        }
        // A HEAD answer announces the length of the body it leaves out.
        if method == "HEAD" {
            headers[.contentLength] = String(response.body.count)
        }
        self.init(statusCode: HTTPStatusCode(response.status, phrase: response.reason), headers: headers,
                  body: method == "HEAD" ? Data() : response.body)
    }
}
