import Foundation

/// A TLS terminator on 127.0.0.1 (an ephemeral port) in front of a plain backend port, so whatever the
/// backend does (trickles, resets, truncation, floods, silence) reaches the client inside TLS. It is the
/// python relay (`relay.py tls`) as a child process: it presents a `TestCA` leaf, offers ALPN http/1.1,
/// turns a backend reset into a reset toward the client, and exits with the test process at the latest.
public final class TLSFront: @unchecked Sendable {
    /// Where clients connect.
    public let port: Int
    public let backendPort: Int
    /// The certificate it presents.
    public let leaf: TestCA.Leaf
    let child: ChildProcess
    private let counter: Counter

    /// `https://127.0.0.1:port`, a name the good leaf is valid for.
    public var baseURL: URL { url(host: "127.0.0.1") }

    /// `https://host:port`; for a name the front can only be reached by (through a proxy), or `localhost`.
    public func url(host: String) -> URL {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return URL(string: "https://\(bracketed):\(port)")!
    }

    /// TCP connections accepted so far, whether or not TLS was then agreed.
    public var connections: Int { counter.value }

    /// `connections` once it has stopped changing for `quiet` seconds (at most `limit`): the relay reports
    /// each accept on its output, which this process reads a moment later, so a count read at once can lag.
    public func settledConnections(quiet: TimeInterval = 0.3, limit: TimeInterval = 3) async -> Int {
        let end = Date().addingTimeInterval(limit)
        var last = connections
        var stableSince = Date()
        while Date() < end {
            try? await Task.sleep(nanoseconds: 50_000_000)
            let now = connections
            if now != last { last = now; stableSince = Date() }
            if Date().timeIntervalSince(stableSince) >= quiet { break }
        }
        return last
    }

    /// Starts a front for `backendPort` presenting `leaf` (the CA's good leaf when nil). `delayMilliseconds`
    /// holds every chunk that long in each direction: 25 makes a 50 ms round trip. Blocks until it listens;
    /// from async code use `start`.
    public init(backendPort: Int, leaf: TestCA.Leaf? = nil, delayMilliseconds: Int = 0) throws {
        let leaf = try leaf ?? TestCA.shared().leaf
        let counter = Counter()
        let child = try Relay.start(["tls", "--cert", leaf.certificate, "--key", leaf.key, "--backend", String(backendPort),
                                     "--delay-ms", String(max(0, delayMilliseconds))]) { line in
            if line.hasPrefix("accepted ") { counter.increment() }
        }
        self.port = try Relay.port(of: child)
        self.backendPort = backendPort
        self.leaf = leaf
        self.child = child
        self.counter = counter
    }

    /// `init` on a plain thread (it runs openssl the first time and waits for python to listen).
    public static func start(backendPort: Int, leaf: TestCA.Leaf? = nil, delayMilliseconds: Int = 0) async throws -> TLSFront {
        try await onPlainThread { try TLSFront(backendPort: backendPort, leaf: leaf, delayMilliseconds: delayMilliseconds) }
    }

    /// Kills the relay and waits until it is gone. Dropping the last reference kills it too, without waiting.
    public func stop() async {
        let child = child
        _ = try? await onPlainThread { child.stop() }
    }
}

/// Runs `relay.py` (kept beside this file) with python3.
enum Relay {
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("relay.py").path
    }

    static func start(_ arguments: [String], onLine: @escaping @Sendable (String) -> Void) throws -> ChildProcess {
        guard let python = LocalTools.python3 else { throw ChildProcess.Failure(description: "python3 is not installed") }
        // -u: every line reaches us as it is printed.
        return try ChildProcess(python, ["-u", script] + arguments, onLine: onLine)
    }

    /// The port from the relay's first line, "port N".
    static func port(of child: ChildProcess) throws -> Int {
        if let port = child.firstLine(within: 10, { $0.hasPrefix("port ") ? Int($0.dropFirst(5)) : nil }) { return port }
        let why = child.stderr
        child.stop()
        throw ChildProcess.Failure(description: "the relay did not start: \(why.isEmpty ? "no port within 10 s" : why)")
    }
}

/// A count shared with a reader thread.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
