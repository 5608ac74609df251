import FlyingFox
import FlyingSocks
import Foundation

/// FlyingFox writes a response's head and body in two writes. With Nagle's algorithm on, the body waits for
/// the client's delayed ACK of the head — 40 ms per request on a kept-alive connection, which made the demo
/// ten times slower than the client. This pool sets TCP_NODELAY on every socket it is handed (the listening
/// socket first, whose setting Linux copies to accepted sockets) and otherwise defers to the default pool.
struct NoDelaySocketPool<Base: AsyncSocketPool>: AsyncSocketPool {
    let base: Base

    func prepare() async throws { try await base.prepare() }

    func run() async throws { try await base.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        var on: Int32 = 1
        _ = setsockopt(socket.file.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}
