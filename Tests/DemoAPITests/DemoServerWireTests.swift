import Foundation
import Testing
@testable import DemoAPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The demo server's own HTTP/1.1 handling, byte for byte on one raw socket: kept-alive connections,
/// HEAD, malformed requests, and stopping with idle connections open. The blocking socket calls run on a
/// plain thread: on the concurrency pool they could hold the threads the server's handler needs.
@Suite struct DemoServerWireTests {
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// A blocking client socket to 127.0.0.1 with a receive timeout, so a broken server fails the test
    /// instead of hanging it.
    final class WireClient: @unchecked Sendable {
        let fd: Int32

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            var limit = timeval(tv_sec: 5, tv_usec: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        }

        deinit { close(fd) }

        func send(_ text: String) {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        /// One response: the head as text and exactly Content-Length bytes of body (none for HEAD).
        func response(head method: String = "GET") -> (head: String, body: String)? {
            var bytes: [UInt8] = []
            while true {
                if let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) {
                    let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
                    var rest = Array(bytes[end.upperBound...])
                    let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                        .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                    let wanted = method == "HEAD" ? 0 : length
                    while rest.count < wanted {
                        guard let more = read() else { return nil }
                        rest += more
                    }
                    return (head, String(decoding: rest.prefix(wanted), as: UTF8.self))
                }
                guard let more = read() else { return nil }
                bytes += more
            }
        }

        /// Nil when the server closed the connection (or said nothing for 5 s).
        func read() -> [UInt8]? {
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            return count > 0 ? Array(buffer[..<count]) : nil
        }
    }

    static func started() async throws -> (DemoServer, Int) {
        let server = DemoServer()
        let url = try await server.start()
        return (server, try #require(url.port))
    }

    static let auth = "Authorization: Bearer \(DemoServer.demoToken)\r\n"

    @Test func oneConnectionCarriesManyRequests() async throws {
        let (server, port) = try await Self.started()
        let replies = try await Self.blocking {
            let client = try WireClient(port: port)
            return [0, 100, 200].map { offset in
                client.send("GET /employees?limit=100&offset=\(offset) HTTP/1.1\r\nHost: x\r\n\(Self.auth)\r\n")
                return client.response()
            }
        }
        for reply in replies {
            let reply = try #require(reply)
            #expect(reply.head.hasPrefix("HTTP/1.1 200 OK"))
            #expect(reply.head.contains("Connection: keep-alive"))
            #expect(reply.body.hasPrefix("{"))
        }
        #expect(await server.requests.count == 3)
        await server.stop()
    }

    @Test func pipelinedRequestsAndBareLineFeedsAreAnsweredInOrder() async throws {
        let (server, port) = try await Self.started()
        let (first, second) = try await Self.blocking {
            let client = try WireClient(port: port)
            client.send("GET /version HTTP/1.1\r\n\(Self.auth)\r\nGET /employees/E-1001 HTTP/1.1\nAuthorization: Bearer \(DemoServer.demoToken)\n\n")
            return (client.response(), client.response())
        }
        #expect(try #require(first).body.contains("version"))
        #expect(try #require(second).body.contains("E-1001"))
        await server.stop()
    }

    @Test func headAnnouncesTheLengthAndSendsNoBody() async throws {
        let (server, port) = try await Self.started()
        let (head, next) = try await Self.blocking {
            let client = try WireClient(port: port)
            client.send("HEAD /version HTTP/1.1\r\n\(Self.auth)\r\n")
            let head = client.response(head: "HEAD")
            // The next answer must start right after the head: no body bytes in between.
            client.send("GET /version HTTP/1.1\r\n\(Self.auth)\r\n")
            return (head, client.response())
        }
        let announced = try #require(head)
        #expect(announced.head.contains("Content-Length: "))
        #expect(!announced.head.contains("Content-Length: 0"))
        #expect(try #require(next).head.hasPrefix("HTTP/1.1 200"))
        await server.stop()
    }

    @Test(arguments: ["NONSENSE\r\n\r\n", "GET version HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\n folded\r\n\r\n",
                      "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
                      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                      "\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}"])
    func malformedRequestsGetAnErrorAndTheConnectionCloses(_ request: String) async throws {
        let (server, port) = try await Self.started()
        let (reply, after) = try await Self.blocking {
            let client = try WireClient(port: port)
            client.send(request)
            return (client.response(), client.read())
        }
        let refused = try #require(reply, "the error reached the client before the connection closed")
        #expect(refused.head.hasPrefix("HTTP/1.1 4") || refused.head.hasPrefix("HTTP/1.1 501"), "\(refused.head)")
        #expect(refused.head.contains("Connection: close"))
        #expect(after == nil, "closed after the error")
        await server.stop()
    }

    @Test func anOversizedHeadIsRefused() async throws {
        let (server, port) = try await Self.started()
        let reply = try await Self.blocking {
            let client = try WireClient(port: port)
            client.send("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: LoopbackHTTPServer.maxHeadBytes + 10))
            return client.response()
        }
        #expect(try #require(reply).head.hasPrefix("HTTP/1.1 431"))
        await server.stop()
    }

    @Test func connectionCloseIsHonoured() async throws {
        let (server, port) = try await Self.started()
        let (reply, after) = try await Self.blocking {
            let client = try WireClient(port: port)
            client.send("GET /version HTTP/1.1\r\nConnection: close\r\n\(Self.auth)\r\n")
            return (client.response(), client.read())
        }
        #expect(try #require(reply).head.contains("Connection: close"))
        #expect(after == nil)
        await server.stop()
    }

    @Test func stopEndsIdleKeptAliveConnectionsAndFreesThePort() async throws {
        let (server, port) = try await Self.started()
        let clients = try await Self.blocking {
            let clients = try (0..<4).map { _ in try WireClient(port: port) }
            clients[0].send("GET /version HTTP/1.1\r\n\(Self.auth)\r\n")
            _ = clients[0].response()
            return clients
        }
        let started = Date()
        await server.stop()
        #expect(Date().timeIntervalSince(started) < 2, "stop waited for idle connections")
        let after = try await Self.blocking { clients.map { $0.read() } }
        #expect(after.allSatisfy { $0 == nil })
        await #expect(throws: (any Error).self, "nothing listens any more") {
            _ = try await Self.blocking { try WireClient(port: port) }
        }
    }
}
