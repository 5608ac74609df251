import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The transport on Foundation's URLSession (libcurl on Linux).
///
/// Linux traps handled here: redirects are refused by a *session-level* delegate (per-task delegates are
/// ignored on Linux, and URLSession would otherwise forward `Authorization` to another host); URLSession's
/// own timeouts are idle timeouts in whole seconds, so the overall deadline is a separate timer that
/// cancels the task; and bodies are counted as they arrive so an oversized one is stopped, not buffered.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    public let maxBodyBytes: Int
    private let session: URLSession
    private let delegate: SessionDelegate

    public init(maxBodyBytes: Int = 1 << 20) {
        self.maxBodyBytes = maxBodyBytes
        let configuration = URLSessionConfiguration.ephemeral
        // Nothing about employees may reach the disk: no cache, no cookies.
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        configuration.httpMaximumConnectionsPerHost = 16
        delegate = SessionDelegate()
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
    }

    deinit {
        session.invalidateAndCancel()
    }

    /// libcurl applies `http_proxy` even to 127.0.0.1; loopback hosts (demo, tests) must bypass any proxy.
    /// Any other host is left to the proxy settings.
    public static func bypassProxyIfLoopback(_ host: String) {
        guard APIOrigin.isLoopback(host) else { return }
        for name in ["no_proxy", "NO_PROXY"] {
            let current = ProcessInfo.processInfo.environment[name] ?? ""
            let entries = current.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if entries.contains(host) || entries.contains("*") { continue }
            let updated = (entries + [host]).filter { !$0.isEmpty }.joined(separator: ",")
            setenv(name, updated, 1)
        }
    }

    public func send(_ spec: HTTPRequestSpec, timeout: TimeInterval) async throws(TransportFailure) -> HTTPResponseData {
        var request = URLRequest(url: spec.url)
        request.httpMethod = spec.method
        request.httpBody = spec.body
        // URLSession's timeout is an idle timeout in whole seconds; the real deadline is the timer below.
        request.timeoutInterval = max(1, timeout.rounded(.up))
        for (name, value) in spec.headers { request.setValue(value, forHTTPHeaderField: name) }

        let task = session.dataTask(with: request)
        let state = TransferState(limit: maxBodyBytes, task: task)
        delegate.register(state, for: task.taskIdentifier)
        defer { delegate.unregister(task.taskIdentifier) }

        let outcome: Result<HTTPResponseData, TransportFailure> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                state.start(continuation)
                let deadline = DispatchTime.now() + max(0, timeout)
                DispatchQueue.global().asyncAfter(deadline: deadline) { [weak state] in
                    state?.finish(.failure(.timedOut))
                }
            }
        } onCancel: {
            state.finish(.failure(.cancelled))
        }
        return try outcome.get()
    }
}

/// One transfer's state, shared between the caller, the delegate queue and the deadline timer.
final class TransferState: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<HTTPResponseData, TransportFailure>, Never>?
    private var pending: Result<HTTPResponseData, TransportFailure>?
    private var done = false
    private let limit: Int
    private let task: URLSessionTask
    var response: HTTPURLResponse?
    var body = Data()

    init(limit: Int, task: URLSessionTask) {
        self.limit = limit
        self.task = task
    }

    func start(_ continuation: CheckedContinuation<Result<HTTPResponseData, TransportFailure>, Never>) {
        lock.lock()
        if let pending {
            lock.unlock()
            continuation.resume(returning: pending)
            return
        }
        self.continuation = continuation
        lock.unlock()
        task.resume()
    }

    /// The first outcome wins; the transfer is cancelled for any failure so nothing keeps downloading.
    func finish(_ result: Result<HTTPResponseData, TransportFailure>) {
        lock.lock()
        guard !done else { lock.unlock(); return }
        done = true
        let continuation = self.continuation
        self.continuation = nil
        if continuation == nil { pending = result }
        lock.unlock()
        if case .failure = result { task.cancel() }
        continuation?.resume(returning: result)
    }

    func receive(_ data: Data) {
        lock.lock()
        let finished = done
        lock.unlock()
        if finished { return }
        if body.count + data.count > limit {
            finish(.failure(.tooLarge(limit: limit)))
            return
        }
        body.append(data)
    }

    func checkDeclaredLength(_ response: HTTPURLResponse) -> Bool {
        if response.expectedContentLength > Int64(limit) {
            finish(.failure(.tooLarge(limit: limit)))
            return false
        }
        return true
    }
}

final class SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var transfers: [Int: TransferState] = [:]

    func register(_ state: TransferState, for id: Int) {
        lock.lock(); transfers[id] = state; lock.unlock()
    }

    func unregister(_ id: Int) {
        lock.lock(); transfers[id] = nil; lock.unlock()
    }

    private func state(_ task: URLSessionTask) -> TransferState? {
        lock.lock(); defer { lock.unlock() }
        return transfers[task.taskIdentifier]
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        // Never follow. Declining completes the task with the 3xx itself, which didComplete turns into
        // an error naming the target; Authorization never leaves this origin.
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        guard let state = state(dataTask), let http = response as? HTTPURLResponse else {
            completionHandler(.cancel)
            return
        }
        state.response = http
        completionHandler(state.checkDeclaredLength(http) ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        state(dataTask)?.receive(data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard let state = state(task) else { return }
        if let error {
            let nsError = error as NSError
            if nsError.domain == NSURLErrorDomain && nsError.code == NSURLErrorTimedOut {
                state.finish(.failure(.timedOut))
            } else if nsError.domain == NSURLErrorDomain && nsError.code == NSURLErrorCancelled {
                state.finish(.failure(.cancelled))
            } else {
                state.finish(.failure(.network(Self.describe(nsError))))
            }
            return
        }
        guard let http = state.response ?? task.response as? HTTPURLResponse else {
            state.finish(.failure(.network("the server sent no HTTP response")))
            return
        }
        if (300...399).contains(http.statusCode) && http.statusCode != 304 {
            state.finish(.failure(.redirectRefused(status: http.statusCode, location: http.value(forHTTPHeaderField: "Location"))))
            return
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let k = key as? String, let v = value as? String { headers[k.lowercased()] = v }
        }
        state.finish(.success(HTTPResponseData(status: http.statusCode, headers: headers, body: state.body)))
    }

    static func describe(_ error: NSError) -> String {
        switch error.code {
        case NSURLErrorCannotFindHost: return "cannot resolve the host name"
        case NSURLErrorCannotConnectToHost: return "connection refused"
        case NSURLErrorNetworkConnectionLost: return "the connection was lost"
        case NSURLErrorNotConnectedToInternet: return "no network connection"
        case NSURLErrorSecureConnectionFailed, NSURLErrorServerCertificateUntrusted, NSURLErrorServerCertificateHasBadDate,
             NSURLErrorServerCertificateNotYetValid, NSURLErrorServerCertificateHasUnknownRoot:
            return "TLS failed: the server's certificate could not be verified"
        case NSURLErrorBadServerResponse: return "the server's response was malformed"
        default: return TerminalText.excerpt(error.localizedDescription, limit: 100)
        }
    }
}
