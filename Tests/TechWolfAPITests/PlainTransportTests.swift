import DemoAPI
import Foundation
import Testing
import TestSupport
@testable import TechWolfAPI

/// `PlainHTTPTransport` on its own: where it connects, what it writes, and how it reuses connections.
/// The misbehaving-server cases run through `HostileServerTests`, which use it for every http request.
@Suite(.serialized) struct PlainTransportTests {
    static func addresses(_ host: String) -> [String] {
        LoopbackAddress.addresses(host: host, port: 8080).map { address in
            address.withSockaddr { pointer, _ in
                var text = [CChar](repeating: 0, count: 64)
                if pointer.pointee.sa_family == sa_family_t(AF_INET) {
                    pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                        var raw = v4.pointee.sin_addr
                        _ = inet_ntop(AF_INET, &raw, &text, 64)
                    }
                } else {
                    pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                        var raw = v6.pointee.sin6_addr
                        _ = inet_ntop(AF_INET6, &raw, &text, 64)
                    }
                }
                return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
    }

    @Test func loopbackHostsAreWorkedOutWithoutTheResolver() {
        #expect(Self.addresses("localhost") == ["127.0.0.1", "::1"], "localhost never goes to DNS")
        #expect(Self.addresses("LOCALHOST") == ["127.0.0.1", "::1"])
        #expect(Self.addresses("127.8.9.10") == ["127.8.9.10"])
        #expect(Self.addresses("[::1]") == ["::1"])
        #expect(Self.addresses("::1") == ["::1"])
        for host in ["example.com", "10.0.0.1", "127.0.0.1.evil.com", "localhost.localdomain", "::2", "0.0.0.0", ""] {
            #expect(Self.addresses(host).isEmpty, "\(host) is not loopback")
        }
    }

    @Test func anotherHostIsRefusedBeforeAnyConnection() async {
        let spec = HTTPRequestSpec(url: URL(string: "http://192.0.2.1/version")!, headers: ["Authorization": "Bearer secret-token"])
        let started = Date()
        do {
            _ = try await PlainHTTPTransport().send(spec, timeout: 10)
            Issue.record("a request to a non-loopback host was sent")
        } catch {
            #expect(error == .network("plain http is used only for loopback addresses"))
        }
        #expect(Date().timeIntervalSince(started) < 1)
    }

    @Test func theRequestIsWrittenAsHTTP11WithTheBodyLength() throws {
        let spec = HTTPRequestSpec(url: URL(string: "http://127.0.0.1:8080/oauth/token?x=a%20b")!,
                                   headers: ["Authorization": "Bearer t", "Content-Type": "application/json"],
                                   method: "POST", body: Data("{}".utf8))
        let text = String(decoding: try PlainHTTPTransport.encode(spec, host: "127.0.0.1", port: 8080), as: UTF8.self)
        #expect(text == "POST /oauth/token?x=a%20b HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer t\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\nAccept: */*\r\n\r\n{}")
        let v6 = String(decoding: try PlainHTTPTransport.encode(HTTPRequestSpec(url: URL(string: "http://[::1]/")!, headers: [:]),
                                                                 host: "::1", port: nil), as: UTF8.self)
        #expect(v6.hasPrefix("GET / HTTP/1.1\r\nHost: [::1]\r\n"))
    }

    @Test(arguments: [
        (["Authorization": "Bearer a\r\nX-Injected: 1"], "GET"),
        (["Bad Name": "x"], "GET"),
        (["Content-Length": "0"], "GET"),
        (["Transfer-Encoding": "chunked"], "GET"),
        (["Host": "elsewhere"], "GET"),
        ([:], "GET /x HTTP/1.1\r\nX:"),
        ([:], ""),
    ])
    func injectedHeadersAndMethodsAreRefusedWithoutShowingValues(_ headers: [String: String], _ method: String) {
        let spec = HTTPRequestSpec(url: URL(string: "http://127.0.0.1:8080/version")!, headers: headers, method: method)
        do {
            _ = try PlainHTTPTransport.encode(spec, host: "127.0.0.1", port: 8080)
            Issue.record("sent \(headers) \(method.debugDescription)")
        } catch {
            guard case .network(let message) = error else { Issue.record("\(error)"); return }
            #expect(!message.contains("Bearer") && !message.contains("\r"), "\(message)")
        }
    }

    @Test func connectionsAreKeptAliveAndAStaleOneIsReplaced() async throws {
        let first = DemoServer()
        let url = try await first.start()
        let transport = PlainHTTPTransport()
        let spec = HTTPRequestSpec(url: url.appendingPathComponent("version"), headers: ["Authorization": "Bearer " + DemoServer.demoToken])
        for _ in 0..<5 {
            #expect(try await transport.send(spec, timeout: 10).status == 200)
        }
        #expect(await first.connectionsAccepted == 1, "five requests in a row share one connection")
        // The pooled connection dies with its server; a new server on the same port gets a fresh one.
        await first.stop()
        let second = DemoServer(port: UInt16(try #require(url.port)))
        _ = try await second.start()
        #expect(try await transport.send(spec, timeout: 10).status == 200)
        #expect(await second.connectionsAccepted == 1)
        await second.stop()
    }

    @Test func endlessInterimAnswersAreRefused() async throws {
        let interim = String(repeating: "HTTP/1.1 100 Continue\r\n\r\n", count: 50)
        let raw = Data((interim + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").utf8)
        try await RawHTTPServer.with({ _ in .raw(raw) }) { server in
            let spec = HTTPRequestSpec(url: server.baseURL.appendingPathComponent("version"), headers: [:])
            do {
                _ = try await PlainHTTPTransport().send(spec, timeout: 5)
                Issue.record("50 interim answers were accepted")
            } catch {
                #expect(error as? TransportFailure == HTTPResponseHead.malformed)
            }
        }
    }

    @Test func aRedirectIsReportedWithoutReadingItsBody() async throws {
        let head = "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/elsewhere\r\nContent-Length: 100000000\r\n\r\n"
        try await RawHTTPServer.with({ _ in .raw(Data(head.utf8)) }) { server in
            let spec = HTTPRequestSpec(url: server.baseURL.appendingPathComponent("version"), headers: [:])
            do {
                _ = try await PlainHTTPTransport().send(spec, timeout: 5)
                Issue.record("the redirect was not reported")
            } catch {
                #expect(error as? TransportFailure == .redirectRefused(status: 302, location: "http://127.0.0.1:9/elsewhere"))
            }
        }
    }
}
