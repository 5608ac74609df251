import CCurlShim
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one transport: the system's libcurl (loaded with `dlopen` on first use) for every origin, loopback
/// http included, so the demo and the tests take the path users run.
///
/// All transfers of the process run on one libcurl multi handle driven by the shim's transfer thread, never
/// on the Swift concurrency pool: concurrent requests to an origin share connections (HTTP/2 streams on one
/// TLS connection where the server offers h2), and connections and the parsed CA store outlive a request.
/// Redirects are never followed (the credentials stay on one origin), bodies are capped as they arrive and a
/// declared `Content-Length` over the cap is refused before the body, and a cancelled caller gets
/// `.cancelled` at once while the transfer is dropped and its connection (or HTTP/2 stream) closed.
/// libcurl takes `https_proxy`/`no_proxy` from the environment, except that a loopback host never goes
/// through a proxy.
public final class CurlTransport: HTTPTransport {
    public let maxBodyBytes: Int
    /// The CAs trusted for https.
    public let trust: TLSTrust

    public init(maxBodyBytes: Int = 1 << 20, trust: TLSTrust = .system) {
        self.maxBodyBytes = max(0, maxBodyBytes)
        self.trust = trust
    }

    /// Trusting one PEM bundle instead of the system's CAs.
    public convenience init(maxBodyBytes: Int = 1 << 20, caFile: String?) {
        self.init(maxBodyBytes: maxBodyBytes, trust: caFile.map { TLSTrust(caFile: $0, origin: .option) } ?? .system)
    }

    public func send(_ spec: HTTPRequestSpec, timeout: TimeInterval) async throws(TransportFailure) -> HTTPResponseData {
        // libcurl reads a zero timeout as "never".
        guard timeout > 0 else { throw .timedOut }
        guard spec.method == "GET" || spec.method == "POST" else {
            throw .permanent("unsupported method \(TerminalText.excerpt(spec.method, limit: 20))")
        }
        let host = spec.url.host ?? ""
        let loopback = APIOrigin.isLoopback(host)
        // The token in clear text may only cross the loopback interface; the origin's validation says so
        // too, and this holds for any caller.
        guard spec.url.scheme?.lowercased() == "https" || (spec.url.scheme?.lowercased() == "http" && loopback) else {
            throw .permanent("plain http is only allowed to a loopback address")
        }
        let transfer = CurlTransfer(
            url: spec.url.absoluteString, method: spec.method, headerLines: try Self.headerLines(spec),
            body: spec.body ?? Data(), timeout: timeout, maxBodyBytes: maxBodyBytes,
            trust: trust.source == .system ? Self.systemTrust : trust,
            direct: loopback, resolve: Self.loopbackResolution(host: host, port: spec.url.port, scheme: spec.url.scheme))
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in transfer.start(continuation) }
        } onCancel: {
            transfer.cancel()
        }
        return try outcome.get()
    }

    /// Loads libcurl and starts its transfer thread, so the first request does not wait for them. For a
    /// background thread at start-up; false when libcurl cannot be loaded (the first request says why).
    @discardableResult
    public static func prepare() -> Bool {
        twb_curl_prepare() != 0
    }

    /// The libcurl in use, as its version line, or why it cannot be loaded. Loads it.
    public static func library() -> Result<String, LibraryUnavailable> {
        if let version = twb_curl_version() { return .success(String(cString: version)) }
        let reason = twb_curl_load_error().map { String(cString: $0) } ?? "unknown reason"
        return .failure(LibraryUnavailable(description: "libcurl cannot be loaded (\(TerminalText.excerpt(reason, limit: 120))); install libcurl4"))
    }

    /// `.system` as this machine's libcurl has it (`TLSTrust.effective`), worked out once, on first use.
    static let systemTrust = TLSTrust.system.effective(defaultStore: defaultStore())

    /// libcurl's own CA store, used when nothing else is configured: its bundle file and directory.
    public static func defaultStore() -> (file: String?, directory: String?) {
        (twb_curl_default_ca_file().map { String(cString: $0) }, twb_curl_default_ca_path().map { String(cString: $0) })
    }

    /// `localhost` settled as 127.0.0.1 and ::1 without the resolver, as curl itself does from 7.78 on: a
    /// resolver (a search domain, a missing `/etc/hosts` line) could answer with another machine's address,
    /// and the token would follow it in clear text.
    static func loopbackResolution(host: String, port: Int?, scheme: String?) -> String? {
        guard host.lowercased() == "localhost" else { return nil }
        let port = port ?? (scheme?.lowercased() == "https" ? 443 : 80)
        return "localhost:\(port):127.0.0.1,::1"
    }

    public struct LibraryUnavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// "Name: value" lines for libcurl, from the checked headers (`checkedHeaders`).
    static func headerLines(_ spec: HTTPRequestSpec) throws(TransportFailure) -> [String] {
        // "Name:" would tell libcurl to drop the header; "Name;" sends it empty.
        try spec.checkedHeaders().map { $0.value.isEmpty ? "\($0.name);" : "\($0.name): \($0.value)" }
    }

    /// The outcome of one finished transfer; the result's buffers are read here, before the shim frees them.
    static func outcome(of result: twb_curl_result, limit: Int) -> Result<HTTPResponseData, TransportFailure> {
        switch result.outcome {
        case TWB_CURL_OK:
            break
        case TWB_CURL_TIMED_OUT:
            return .failure(.timedOut)
        case TWB_CURL_CANCELLED:
            return .failure(.cancelled)
        case TWB_CURL_TOO_LARGE:
            return .failure(.tooLarge(limit: limit))
        case TWB_CURL_UNAVAILABLE:
            let reason = message(of: result)
            return .failure(.permanent("libcurl cannot be loaded (\(TerminalText.excerpt(reason, limit: 100))); install libcurl4, which every request needs"))
        default:
            return .failure(CurlFailure.classify(curlCode: result.curl_code, message: message(of: result),
                                                 verifyResult: result.verify_result, connectCode: result.connect_code))
        }
        let status = result.status
        guard status >= 100 else { return .failure(.network("the server sent no HTTP response")) }
        let headerBlock = result.headers.map { Data(bytes: $0, count: result.headers_length) } ?? Data()
        let headers = parseHeaders(String(decoding: headerBlock, as: UTF8.self))
        if (300...399).contains(status) && status != 304 {
            return .failure(.redirectRefused(status: status, location: headers["location"]))
        }
        let body = result.body.map { Data(bytes: $0, count: result.body_length) } ?? Data()
        return .success(HTTPResponseData(status: status, headers: headers, body: body,
                                         newConnections: result.new_connections, httpVersion: Int(result.http_version)))
    }

    /// Header names lower-cased; a repeated header's values joined with ", ". The status line is skipped,
    /// and an obsolete folded line continues the header before it.
    static func parseHeaders(_ block: String) -> [String: String] {
        var headers: [String: String] = [:]
        var previous: String?
        for line in block.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("HTTP/") { continue }
            if let first = line.first, first == " " || first == "\t" {
                if let previous, let value = headers[previous] {
                    headers[previous] = value + " " + line.trimmingSpaces()
                }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingSpaces().lowercased()
            guard !name.isEmpty else { continue }
            let value = line[line.index(after: colon)...].trimmingSpaces()
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
            previous = name
        }
        return headers
    }

    private static func message(of result: twb_curl_result) -> String {
        withUnsafeBytes(of: result.message) { bytes in String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self) }
    }
}

/// One transfer, shared by the caller, the shim's transfer thread (through `done`), the backstop timer and
/// the cancellation handler. The first outcome wins.
final class CurlTransfer: @unchecked Sendable {
    private let url: String
    private let method: String
    private let headerLines: [String]
    private let body: Data
    private let timeout: TimeInterval
    private let maxBodyBytes: Int
    private let trust: TLSTrust
    private let direct: Bool
    private let resolve: String?

    /// About 24 days, in milliseconds still a 32-bit `long`.
    private static let longestTimeout: TimeInterval = Double(Int32.max) / 1000

    private let lock = Lock()
    private var continuation: CheckedContinuation<Result<HTTPResponseData, TransportFailure>, Never>?
    private var pending: Result<HTTPResponseData, TransportFailure>?
    private var done = false
    /// The shim's transfer, while this object may still cancel it.
    private var handle: OpaquePointer?
    private var cancelRequested = false

    init(url: String, method: String, headerLines: [String], body: Data, timeout: TimeInterval,
         maxBodyBytes: Int, trust: TLSTrust, direct: Bool, resolve: String?) {
        self.url = url
        self.method = method
        self.headerLines = headerLines
        self.body = body
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
        self.trust = trust
        self.direct = direct
        self.resolve = resolve
    }

    deinit {
        twb_curl_release(handle)
    }

    func start(_ continuation: CheckedContinuation<Result<HTTPResponseData, TransportFailure>, Never>) {
        let early: Result<HTTPResponseData, TransportFailure>? = lock.withLock {
            if pending == nil { self.continuation = continuation }
            return pending
        }
        if let early {
            // Cancelled before it began: nothing was sent.
            continuation.resume(returning: early)
            return
        }
        let started = submit()
        let cancelNow = lock.withLock {
            handle = started
            return cancelRequested
        }
        if cancelNow { twb_curl_cancel(started) }
        // libcurl enforces the deadline itself; this only answers the caller should libcurl hang where its
        // timer cannot reach (a resolver built without threads).
        DispatchQueue.global().asyncAfter(deadline: .now() + min(timeout, Self.longestTimeout) + 1) { [weak self] in
            guard let self else { return }
            cancel(with: .timedOut)
        }
    }

    func cancel() {
        cancel(with: .cancelled)
    }

    private func cancel(with failure: TransportFailure) {
        let handle = lock.withLock {
            cancelRequested = true
            return self.handle
        }
        twb_curl_cancel(handle)
        finish(.failure(failure))
    }

    fileprivate func finish(_ result: Result<HTTPResponseData, TransportFailure>) {
        let (first, continuation) = lock.withLock { () -> (Bool, CheckedContinuation<Result<HTTPResponseData, TransportFailure>, Never>?) in
            guard !done else { return (false, nil) }
            done = true
            let continuation = self.continuation
            self.continuation = nil
            if continuation == nil { pending = result }
            return (true, continuation)
        }
        guard first else { return }
        continuation?.resume(returning: result)
    }

    /// Hands the request to the shim, which copies it; `onDone` gets this object back, retained until then.
    private func submit() -> OpaquePointer? {
        let trustFile = trust.caFile
        let trustDirectory = trust.caPath
        let copies = [url, method] + headerLines + [resolve ?? "", trustFile ?? "", trustDirectory ?? ""]
        let strings = copies.map { strdup($0) }
        defer { strings.forEach { free($0) } }
        let context = Unmanaged.passRetained(self).toOpaque()
        guard strings.allSatisfy({ $0 != nil }) else {
            Unmanaged<CurlTransfer>.fromOpaque(context).release()
            finish(.failure(.network("out of memory")))
            return nil
        }
        let lines = strings[2..<(2 + headerLines.count)].map { UnsafePointer($0) } + [nil]
        let limit = maxBodyBytes
        return lines.withUnsafeBufferPointer { lines in
            body.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                var request = twb_curl_request()
                request.url = UnsafePointer(strings[0])
                request.method = UnsafePointer(strings[1])
                request.headers = lines.baseAddress
                request.body = bytes.baseAddress
                request.body_length = bytes.count
                request.timeout_ms = Int((min(timeout, Self.longestTimeout) * 1000).rounded(.up))
                request.max_body_bytes = limit
                request.ca_file = trustFile == nil ? nil : UnsafePointer(strings[strings.count - 2])
                request.ca_path = trustDirectory == nil ? nil : UnsafePointer(strings[strings.count - 1])
                request.only_named_store = trust.replacesDefaultStore ? 1 : 0
                request.direct = direct ? 1 : 0
                request.resolve = resolve == nil ? nil : UnsafePointer(strings[strings.count - 3])
                return twb_curl_start(&request, { context, result in
                    guard let context, let result else { return }
                    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeRetainedValue()
                    transfer.finish(CurlTransport.outcome(of: result.pointee, limit: transfer.maxBodyBytes))
                }, context)
            }
        }
    }
}
