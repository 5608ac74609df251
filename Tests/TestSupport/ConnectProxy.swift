import Foundation

/// An HTTP CONNECT proxy on 127.0.0.1 (an ephemeral port) that records each request and tunnels every
/// CONNECT to one local port, whatever host the client named: nothing it is asked for can reach another
/// address. Or, demanding credentials, it answers every request with 407 and `Proxy-Authenticate`.
/// It is the python relay (`relay.py proxy`) as a child process.
public final class ConnectProxy: @unchecked Sendable {
    public enum Mode: Sendable {
        /// Answer 200 to every CONNECT and tunnel it to 127.0.0.1:port.
        case tunnel(toPort: Int)
        /// Answer 407 Proxy Authentication Required with `Proxy-Authenticate: Basic` and close.
        case demandCredentials
    }

    /// One request head as the proxy received it.
    public struct Request: Sendable {
        /// `CONNECT host:port HTTP/1.1`.
        public let requestLine: String
        /// The whole head, request line included, without the final blank line.
        public let head: String
        /// The `host:port` of a CONNECT, nil for another method.
        public var target: String? {
            let parts = requestLine.split(separator: " ")
            return parts.count == 3 && parts[0] == "CONNECT" ? String(parts[1]) : nil
        }
    }

    public let port: Int
    public let mode: Mode
    let child: ChildProcess
    private let recorder: Recorder

    /// `http://127.0.0.1:port`, the value for `https_proxy` and its kin.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// The requests recorded so far.
    public var requests: [Request] { recorder.requests }

    /// The requests once there are at least `count`, or whatever there is after `timeout`: a request is
    /// recorded by a reader thread shortly after the proxy saw it.
    public func requests(atLeast count: Int, within timeout: TimeInterval = 2) async -> [Request] {
        let deadline = Date().addingTimeInterval(timeout)
        while recorder.requests.count < count, Date() < deadline {
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return recorder.requests
    }

    /// Blocks until the proxy listens; from async code use `start`.
    public init(_ mode: Mode) throws {
        let recorder = Recorder()
        var arguments = ["proxy"]
        switch mode {
        case .tunnel(let port): arguments += ["--backend", String(port)]
        case .demandCredentials: arguments += ["--demand-credentials"]
        }
        let child = try Relay.start(arguments) { line in recorder.record(line) }
        self.port = try Relay.port(of: child)
        self.mode = mode
        self.child = child
        self.recorder = recorder
    }

    public static func start(_ mode: Mode) async throws -> ConnectProxy {
        try await onPlainThread { try ConnectProxy(mode) }
    }

    /// Kills the relay and waits until it is gone. Dropping the last reference kills it too, without waiting.
    public func stop() async {
        let child = child
        _ = try? await onPlainThread { child.stop() }
    }

    private final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [Request] = []

        var requests: [Request] { lock.withLock { recorded } }

        /// "request {"line": …, "head": …}"
        func record(_ line: String) {
            guard line.hasPrefix("request "),
                  let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(8).utf8)) as? [String: String],
                  let requestLine = object["line"], let head = object["head"] else { return }
            lock.withLock { recorded.append(Request(requestLine: requestLine, head: head)) }
        }
    }
}
