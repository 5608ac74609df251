#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// Performs effects off the UI thread and posts their results back as events; what only the terminal can
/// do (the clipboard, suspending, repainting) it passes to the terminal.
///
/// Effects are registered synchronously, in the order `update` produced them, so "cancel everything" can
/// never overtake or miss a request issued just before it. Every request goes through the service's cache.
public final class EffectRunner: @unchecked Sendable {
    public typealias Post = @Sendable (Event) -> Void
    /// Builds the service for a connection; tests inject a transport here.
    public typealias ServiceFactory = @Sendable (ConnectRequest) -> TechWolfService
    /// Turns a profile name into a filled-in connect form (reading its token source).
    public typealias ProfileLoader = @Sendable (String) async -> Result<ProfileSwitch, ConfigError>

    private let lock = Lock()
    private let post: Post
    private let makeService: ServiceFactory
    private let loadProfile: ProfileLoader
    private let terminal: @Sendable (TerminalRequest) -> Void
    private var service: TechWolfService?
    private var tasks: [RequestID: Task<Void, Never>] = [:]
    private var batch: BatchRun?
    /// Requests in flight at once for a batch: enough to hide latency, few enough to be polite to the API.
    public static let batchConcurrency = 8

    public init(post: @escaping Post, makeService: @escaping ServiceFactory,
                loadProfile: @escaping ProfileLoader = { _ in .failure(ConfigError(message: "no config file with profiles")) },
                terminal: @escaping @Sendable (TerminalRequest) -> Void = { _ in }) {
        self.post = post
        self.makeService = makeService
        self.loadProfile = loadProfile
        self.terminal = terminal
    }

    public var currentService: TechWolfService? { lock.withLock { service } }

    public func run(_ effect: Effect) {
        switch effect {
        case .connect(let request, let id):
            start(id) { [self] in await connect(request, id) }
        case .loadEmployeesPage(let page, let id):
            fetch(id, { .employeesPage(offset: page.offset, $0, id) }) { s throws(APIError) in
                try await s.employees(limit: page.limit, offset: page.offset, active: page.filter.active, unit: page.filter.unit, refresh: page.refresh)
            }
        case .loadEmployee(let employee, let refresh, let id):
            fetch(id, { .employee(employee, $0, id) }) { s throws(APIError) in try await s.employee(employee, refresh: refresh) }
        case .loadInteraction(let key, let refresh, let id):
            fetch(id, { .interaction(key, $0, id) }) { s throws(APIError) in
                try await s.interaction(employee: key.employee, interaction: key.interaction, refresh: refresh)
            }
        case .loadVacancy(let vacancy, let refresh, let id):
            fetch(id, { .vacancy(vacancy, $0, id) }) { s throws(APIError) in try await s.vacancy(vacancy, refresh: refresh) }
        case .addInteractions(let employee, let ids):
            addToBatch(.employee(employee), ids.map { InteractionKey(employee: employee, interaction: $0) }, refresh: false)
        case .loadWorklist(let keys, let refresh):
            addToBatch(.worklist, keys, refresh: refresh)
        case .readWorklist(let path):
            // A file, FIFO or slow mount is read here, never on the UI thread.
            Task { [post] in
                let expanded = LocalPath.expandingTilde(path)
                do throws(WorklistReader.LimitError) {
                    let (entries, problems) = try WorklistReader.read(path: expanded)
                    post(.result(.worklistRead(name: path, entries, problems: problems)))
                } catch {
                    post(.result(.worklistFailed(error.description)))
                }
            }
        case .prefetchRecord(let key, let id):
            prefetch(key, id)
        case .cancelRequest(let id):
            lock.withLock { tasks.removeValue(forKey: id) }?.cancel()
        case .cancelAll:
            let (running, batchTask) = lock.withLock { () -> ([Task<Void, Never>], Task<Void, Never>?) in
                defer { tasks = [:]; batch = nil }
                return (Array(tasks.values), batch?.task)
            }
            running.forEach { $0.cancel() }
            batchTask?.cancel()
        case .reportCache:
            guard let s = currentService else { return }
            Task { [post] in post(.result(.cacheReport, cache: await s.cache.stats)) }
        case .clearCache:
            guard let s = currentService else { return }
            Task { [post] in
                await s.cache.clear()
                post(.result(.cacheCleared, cache: await s.cache.stats))
            }
        case .switchProfile(let name):
            let load = loadProfile
            Task { [post] in
                switch await load(name) {
                case .success(let ready): post(.result(.profileLoaded(ready)))
                case .failure(let error): post(.result(.profileFailed(error.message)))
                }
            }
        case .copy(let text):
            terminal(.copy(text))
        case .suspend:
            terminal(.suspend)
        case .repaint:
            terminal(.repaint)
        case .writeFile(let export):
            // A slow mount must not freeze the screen.
            Task { [post] in post(.result(.fileWritten(ExportFile.write(export), what: export.what))) }
        case .page(let text, let what):
            let command = PagerRequest.command(pager: ProcessInfo.processInfo.environment["PAGER"])
            terminal(.page(PagerRequest(command: command, text: text, environment: ChildEnvironment.entries()), what: what))
        case .setTheme(let name):
            // A theme given as a path is read from disk: never on the UI thread (a slow mount or a FIFO
            // would freeze the screen).
            Task { [post] in
                do throws(ThemeError) {
                    post(.result(.themeChanged(try Theme.resolve(name))))
                } catch {
                    post(.result(.themeFailed(error.message)))
                }
            }
        }
    }

    // MARK: Requests

    private func start(_ id: RequestID, _ work: @escaping @Sendable () async -> Void) {
        // Registered under the lock the task needs to deregister, so it can never finish before it is listed.
        lock.withLock {
            tasks[id] = Task { [self] in
                await work()
                lock.withLock { _ = tasks.removeValue(forKey: id) }
            }
        }
    }

    /// Posts a result with the cache's figures after it.
    private func finish(_ result: EffectResult, service: TechWolfService) async {
        post(.result(result, cache: await service.cache.stats))
    }

    /// One request through the current service, as a task under `id`; its outcome is posted as `wrap` says.
    private func fetch<T: Sendable>(_ id: RequestID, _ wrap: @escaping @Sendable (Result<T, APIError>) -> EffectResult,
                                    _ body: @escaping @Sendable (TechWolfService) async throws(APIError) -> T) {
        start(id) { [self] in
            guard let s = currentService else {
                post(.result(wrap(.failure(.invalidInput(ValidationError(field: "connection", message: "not connected"))))))
                return
            }
            let result = await Self.capture { () async throws(APIError) in try await body(s) }
            await finish(wrap(result), service: s)
        }
    }

    /// The record, then its vacancy (one more round trip, in the background), posted together.
    private func prefetch(_ key: InteractionKey, _ id: RequestID) {
        start(id) { [self] in
            guard let s = currentService else {
                post(.result(.prefetched(key, .failure(.cancelled), vacancy: nil, id)))
                return
            }
            let record = await Self.capture { () async throws(APIError) in
                try await s.interaction(employee: key.employee, interaction: key.interaction)
            }
            var vacancy: (id: String, outcome: Result<Fetched<Vacancy>, APIError>)?
            if case .success(let fetched) = record, let vid = fetched.value.vacancyID,
               (try? Validators.externalID(vid, field: "vacancy ID")) != nil, !Task.isCancelled {
                vacancy = (vid, await Self.capture { () async throws(APIError) in try await s.vacancy(vid) })
            }
            await finish(.prefetched(key, record, vacancy: vacancy, id), service: s)
        }
    }

    static func capture<T: Sendable>(_ body: () async throws(APIError) -> T) async -> Result<T, APIError> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    /// What the connect form says when `/version` fails, and which field it points at.
    static func connectFailure(_ error: APIError, origin: APIOrigin) -> (field: ConnectForm.Field?, message: String) {
        let place: ConnectForm.Field = origin.tenantRegion == nil ? .baseURL : .tenant
        switch error {
        case .unauthorized, .forbidden: return (.token, error.message)
        case .invalidInput(let v): return (ConnectForm.Field.from(errorField: v.field), v.message)
        case .network, .timeout, .redirectRefused: return (place, "cannot reach \(origin): \(error.message)")
        // The message names the problem and the way to trust a CA; the origin says whose certificate it was.
        case .certificate: return (place, "\(origin): \(error.message)")
        case .cancelled: return (nil, "cancelled")
        default: return (nil, "\(origin) answered /version with \(error.message)")
        }
    }

    private func connect(_ request: ConnectRequest, _ id: RequestID) async {
        let candidate = makeService(request)
        // The first page of employees is what every session shows next: asked for together with /version
        // it arrives one round trip sooner. It lands in this service's cache (or is shared with the list's
        // own request if that comes while it is on its way); if the check fails, both are dropped.
        Task { _ = try? await candidate.employees(limit: AppState.pageSize, offset: 0) }
        do {
            _ = try await candidate.version()
        } catch {
            let (field, message) = Self.connectFailure(error, origin: request.origin)
            post(.result(.connectFailed(field: field, message: message, id)))
            return
        }
        lock.withLock { service = candidate }
        let claims = request.token.claims
        // An OAuth token renews itself: its expiry would only worry the user.
        var info = ConnectionInfo(label: request.origin.label,
                                  maskedToken: request.tokenProvider == nil ? request.token.masked : "OAuth (renews itself)",
                                  expiresAt: request.tokenProvider == nil ? claims?.expiresAt : nil, apiVersion: request.apiVersion)
        info.baseURL = request.origin.description + request.origin.basePath
        info.scopes = claims?.scopes ?? []
        await finish(.connected(info, id), service: candidate)
    }

    // MARK: Batches

    /// One employee's interactions, or a worklist's pairs, being fetched with bounded concurrency. More for
    /// the same owner join the running batch; another owner's replace it.
    private final class BatchRun: @unchecked Sendable {
        let owner: BatchOwner
        let refresh: Bool
        var queue: [InteractionKey]
        var next = 0
        var done = 0
        var failed = 0
        var task: Task<Void, Never>?
        init(owner: BatchOwner, queue: [InteractionKey], refresh: Bool) {
            self.owner = owner
            self.queue = queue
            self.refresh = refresh
        }
    }

    private func addToBatch(_ owner: BatchOwner, _ keys: [InteractionKey], refresh: Bool) {
        let run: BatchRun = lock.withLock {
            if let running = batch, running.owner == owner, running.refresh == refresh {
                running.queue += keys
                return running
            }
            batch?.task?.cancel()
            let fresh = BatchRun(owner: owner, queue: keys, refresh: refresh)
            batch = fresh
            return fresh
        }
        let isNew: Bool = lock.withLock { run.task == nil }
        guard isNew else { return }
        let task = Task { [self] in await drive(run) }
        lock.withLock { run.task = task }
    }

    private func nextKey(_ run: BatchRun) -> InteractionKey? {
        lock.withLock {
            guard run.next < run.queue.count else { return nil }
            defer { run.next += 1 }
            return run.queue[run.next]
        }
    }

    private func drive(_ run: BatchRun) async {
        guard let s = currentService else {
            post(.result(.batchFinished(run.owner, done: 0, failed: 0, cancelled: true)))
            return
        }
        let progressEvery: TimeInterval = 0.05
        var lastProgress = Date.distantPast
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<Self.batchConcurrency {
                group.addTask { [self] in
                    while !Task.isCancelled, let key = nextKey(run) {
                        let result = await Self.capture { () async throws(APIError) in
                            try await s.interaction(employee: key.employee, interaction: key.interaction, refresh: run.refresh)
                        }
                        if case .failure(.cancelled) = result { break }
                        post(.result(.batchMember(key, result)))
                        let stop: Bool = lock.withLock {
                            run.done += 1
                            if case .failure(let e) = result {
                                run.failed += 1
                                // A rejected token fails every request the same way: stop sending it.
                                if case .unauthorized = e { return true }
                            }
                            return false
                        }
                        if stop { lock.withLock { run.task }?.cancel() }
                    }
                }
            }
            // Progress at most every 50 ms: a 10,000-ID paste must not flood the UI with redraws.
            while !Task.isCancelled {
                let (done, failed, finished) = lock.withLock { (run.done, run.failed, run.next >= run.queue.count && run.done >= run.queue.count) }
                if Date().timeIntervalSince(lastProgress) >= progressEvery {
                    post(.result(.batchProgress(run.owner, done: done, failed: failed)))
                    lastProgress = Date()
                }
                if finished { break }
                try? await Task.sleep(nanoseconds: UInt64(progressEvery * 1e9))
            }
            await group.waitForAll()
        }
        let (done, failed) = lock.withLock { () -> (Int, Int) in
            if batch === run { batch = nil }
            return (run.done, run.failed)
        }
        post(.result(.batchProgress(run.owner, done: done, failed: failed)))
        let cancelled = Task.isCancelled
        await finish(.batchFinished(run.owner, done: done, failed: failed, cancelled: cancelled), service: s)
    }
}
