import Foundation

/// How a test reaches its server: plain http, or https through a `TLSFront` presenting the `TestCA` leaf.
public enum Scheme: String, Sendable, CaseIterable {
    case http
    case https
}

/// A `RawHTTPServer` reached over `scheme`: directly for http, through a `TLSFront` for https. The
/// client trusts `TestCA.shared().certificate` to talk to it over https.
public final class ScriptedOrigin: Sendable {
    public let scheme: Scheme
    public let server: RawHTTPServer
    /// The TLS front for https, nil for http.
    public let front: TLSFront?

    /// `http://127.0.0.1:port` of the server, or `https://127.0.0.1:port` of its front.
    public var baseURL: URL { front?.baseURL ?? server.baseURL }

    /// The port a client connects to.
    public var port: Int { front?.port ?? server.port }

    /// Connections that reached this origin: the front's for https (TLS agreed or not), else the server's.
    public var connections: Int { front?.connections ?? server.connections }

    /// `connections` once the TLS front's count has settled (`TLSFront.settledConnections`).
    public func settledConnections() async -> Int {
        if let front { return await front.settledConnections() }
        try? await Task.sleep(nanoseconds: 300_000_000)
        return server.connections
    }

    private init(scheme: Scheme, server: RawHTTPServer, front: TLSFront?) {
        self.scheme = scheme
        self.server = server
        self.front = front
    }

    public static func start(_ scheme: Scheme, _ script: @escaping @Sendable (RawHTTPServer.Context) -> RawHTTPServer.Action) async throws -> ScriptedOrigin {
        let server = try RawHTTPServer(script)
        guard scheme == .https else { return ScriptedOrigin(scheme: scheme, server: server, front: nil) }
        do {
            return ScriptedOrigin(scheme: scheme, server: server, front: try await TLSFront.start(backendPort: server.port))
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Stops the front first, so the server sees its connections end.
    public func stop() async {
        await front?.stop()
        await server.stop()
    }

    /// Runs `body` with an origin, stopping it however `body` ends.
    public static func with<T>(_ scheme: Scheme, _ script: @escaping @Sendable (RawHTTPServer.Context) -> RawHTTPServer.Action,
                               _ body: (ScriptedOrigin) async throws -> T) async throws -> T {
        let origin = try await start(scheme, script)
        do {
            let result = try await body(origin)
            await origin.stop()
            return result
        } catch {
            await origin.stop()
            throw error
        }
    }
}
