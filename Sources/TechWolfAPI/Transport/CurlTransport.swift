import CCurlShim
import Foundation

/// The https transport: the system's libcurl, loaded with `dlopen` on the first request.
///
/// Linked the usual way (as FoundationNetworking does), libcurl and the ~27 libraries it pulls in (TLS,
/// Kerberos, LDAP…) are loaded at every start of the program, ~8 ms and ~14 MiB before anything is
/// drawn. Loaded on demand, they cost nothing until an https origin is first used; loopback http (the
/// demo, the tests) never loads them.
///
/// Each transfer runs the blocking `twb_curl_perform` on its own `Thread`, never on the Swift concurrency
/// pool. Redirects are never followed (the credentials stay on one origin), bodies are capped as they
/// arrive and a declared `Content-Length` over the cap is refused before the body, and a cancelled
/// caller gets `.cancelled` at once while libcurl drops the transfer at its next progress tick (about a
/// second at worst). libcurl takes `https_proxy`/`no_proxy` from the environment, except that a loopback
/// host never goes through a proxy.
public final class CurlTransport: HTTPTransport {
    public let maxBodyBytes: Int
    /// A PEM bundle trusted instead of the system's CAs; for tests against a self-signed server.
    public let caFile: String?

    public init(maxBodyBytes: Int = 1 << 20, caFile: String? = nil) {
        self.maxBodyBytes = max(0, maxBodyBytes)
        self.caFile = caFile
    }

    public func send(_ spec: HTTPRequestSpec, timeout: TimeInterval) async throws(TransportFailure) -> HTTPResponseData {
        // libcurl reads a zero timeout as "never".
        guard timeout > 0 else { throw .timedOut }
        guard spec.method == "GET" || spec.method == "POST" else {
            throw .network("unsupported method \(TerminalText.excerpt(spec.method, limit: 20))")
        }
        let transfer = CurlTransfer(
            url: spec.url.absoluteString, method: spec.method, headerLines: try Self.headerLines(spec),
            body: spec.body ?? Data(), timeout: timeout, maxBodyBytes: maxBodyBytes, caFile: caFile,
            direct: APIOrigin.isLoopback(spec.url.host ?? ""))
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in transfer.start(continuation) }
        } onCancel: {
            transfer.cancel()
        }
        return try outcome.get()
    }

    /// The libcurl https would use, as its version line, or why it cannot be loaded. Loads it: for
    /// diagnostics (`doctor`), not for start-up.
    public static func library() -> Result<String, LibraryUnavailable> {
        if let version = twb_curl_version() { return .success(String(cString: version)) }
        let reason = twb_curl_load_error().map { String(cString: $0) } ?? "unknown reason"
        return .failure(LibraryUnavailable(description: "libcurl cannot be loaded (\(TerminalText.excerpt(reason, limit: 120))); install libcurl4"))
    }

    public struct LibraryUnavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// "Name: value" lines for libcurl, from the checked headers (`checkedHeaders`).
    static func headerLines(_ spec: HTTPRequestSpec) throws(TransportFailure) -> [String] {
        // "Name:" would tell libcurl to drop the header; "Name;" sends it empty.
        try spec.checkedHeaders().map { $0.value.isEmpty ? "\($0.name);" : "\($0.name): \($0.value)" }
    }

    /// The outcome of one finished `twb_curl_perform`.
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
            return .failure(.network("libcurl (libcurl4) is not installed; it is needed for https"))
        default:
            return .failure(.network(describe(curlCode: result.curl_code, message: message(of: result))))
        }
        let status = result.status
        guard status >= 100 else { return .failure(.network("the server sent no HTTP response")) }
        let headerBlock = result.headers.map { Data(bytes: $0, count: result.headers_length) } ?? Data()
        let headers = parseHeaders(String(decoding: headerBlock, as: UTF8.self))
        if (300...399).contains(status) && status != 304 {
            return .failure(.redirectRefused(status: status, location: headers["location"]))
        }
        let body = result.body.map { Data(bytes: $0, count: result.body_length) } ?? Data()
        return .success(HTTPResponseData(status: status, headers: headers, body: body))
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
                    headers[previous] = value + " " + line.trimmingCharacters(in: .whitespaces)
                }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
            previous = name
        }
        return headers
    }

    private static func message(of result: twb_curl_result) -> String {
        withUnsafeBytes(of: result.message) { bytes in String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// One line for a libcurl error, in the words the plain transport uses for the same failures.
    static func describe(curlCode: Int32, message: String) -> String {
        switch curlCode {
        case 6: // CURLE_COULDNT_RESOLVE_HOST
            return "cannot resolve the host name"
        case 5: // CURLE_COULDNT_RESOLVE_PROXY
            return "cannot resolve the proxy's host name"
        case 7: // CURLE_COULDNT_CONNECT
            return "connection refused"
        case 18, 52, 55, 56: // PARTIAL_FILE, GOT_NOTHING, SEND_ERROR, RECV_ERROR
            return "the connection was lost"
        case 1, 8, 16, 61, 92: // UNSUPPORTED_PROTOCOL (an HTTP/0.9 reply), WEIRD_SERVER_REPLY, HTTP2, BAD_CONTENT_ENCODING, HTTP2_STREAM
            return "the server's response was malformed"
        case 60, 77, 82, 83, 90, 91: // PEER_FAILED_VERIFICATION, CACERT_BADFILE, CRL_BADFILE, ISSUER_ERROR, PINNEDPUBKEYNOTMATCH, INVALIDCERTSTATUS
            return "TLS failed: the server's certificate could not be verified"
        case 35, 53, 54, 58, 59, 64, 66, 80, 98: // SSL_CONNECT_ERROR, ENGINE_*, CERTPROBLEM, CIPHER, USE_SSL_FAILED, SHUTDOWN_FAILED, CLIENTCERT
            return "TLS failed: the secure connection could not be set up"
        case 97: // CURLE_PROXY
            return "the proxy refused the connection"
        default:
            return TerminalText.excerpt(message.isEmpty ? "libcurl error \(curlCode)" : message, limit: 100)
        }
    }
}

/// One transfer, shared by the caller, the transfer's thread, the backstop timer and the cancellation
/// handler. The first outcome wins; the C cancel flag lives as long as any of them holds this object.
final class CurlTransfer: @unchecked Sendable {
    private let url: String
    private let method: String
    private let headerLines: [String]
    private let body: Data
    private let timeout: TimeInterval
    private let maxBodyBytes: Int
    private let caFile: String?
    private let direct: Bool
    private let cancelFlag: OpaquePointer?

    /// About 24 days, in milliseconds still a 32-bit `long`.
    private static let longestTimeout: TimeInterval = Double(Int32.max) / 1000

    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<HTTPResponseData, TransportFailure>, Never>?
    private var pending: Result<HTTPResponseData, TransportFailure>?
    private var done = false

    init(url: String, method: String, headerLines: [String], body: Data, timeout: TimeInterval,
         maxBodyBytes: Int, caFile: String?, direct: Bool) {
        self.url = url
        self.method = method
        self.headerLines = headerLines
        self.body = body
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
        self.caFile = caFile
        self.direct = direct
        cancelFlag = twb_curl_cancel_new()
    }

    deinit {
        twb_curl_cancel_free(cancelFlag)
    }

    func start(_ continuation: CheckedContinuation<Result<HTTPResponseData, TransportFailure>, Never>) {
        lock.lock()
        if let pending {
            // Cancelled before it began: nothing was sent.
            lock.unlock()
            continuation.resume(returning: pending)
            return
        }
        self.continuation = continuation
        lock.unlock()
        let thread = Thread { [self] in finish(perform()) }
        thread.name = "CurlTransport"
        thread.start()
        // libcurl enforces the deadline itself; this only answers the caller should libcurl hang where its
        // timer cannot reach (a resolver built without threads).
        DispatchQueue.global().asyncAfter(deadline: .now() + min(timeout, Self.longestTimeout) + 1) { [weak self] in
            guard let self else { return }
            twb_curl_cancel_raise(cancelFlag)
            finish(.failure(.timedOut))
        }
    }

    func cancel() {
        twb_curl_cancel_raise(cancelFlag)
        finish(.failure(.cancelled))
    }

    private func finish(_ result: Result<HTTPResponseData, TransportFailure>) {
        lock.lock()
        guard !done else { lock.unlock(); return }
        done = true
        let continuation = self.continuation
        self.continuation = nil
        if continuation == nil { pending = result }
        lock.unlock()
        continuation?.resume(returning: result)
    }

    /// Blocks this thread for the whole transfer.
    private func perform() -> Result<HTTPResponseData, TransportFailure> {
        let copies = [url, method] + headerLines + (caFile.map { [$0] } ?? [])
        let strings = copies.map { strdup($0) }
        defer { strings.forEach { free($0) } }
        guard strings.allSatisfy({ $0 != nil }) else { return .failure(.network("out of memory")) }
        let lines = strings[2..<(2 + headerLines.count)].map { UnsafePointer($0) } + [nil]
        var result = twb_curl_result()
        defer { twb_curl_result_free(&result) }
        lines.withUnsafeBufferPointer { lines in
            body.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                var request = twb_curl_request()
                request.url = UnsafePointer(strings[0])
                request.method = UnsafePointer(strings[1])
                request.headers = lines.baseAddress
                request.body = bytes.baseAddress
                request.body_length = bytes.count
                request.timeout_ms = Int((min(timeout, Self.longestTimeout) * 1000).rounded(.up))
                request.max_body_bytes = maxBodyBytes
                request.ca_file = caFile == nil ? nil : UnsafePointer(strings[strings.count - 1])
                request.direct = direct ? 1 : 0
                request.cancel = cancelFlag
                _ = twb_curl_perform(&request, &result)
            }
        }
        return CurlTransport.outcome(of: result, limit: maxBodyBytes)
    }
}
