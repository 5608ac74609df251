import Foundation
import Testing
@testable import TestSupport

/// The test CA and the TLS front do what the https suites rely on: each certificate fails (or passes)
/// verification for the reason its name gives, and the front passes resets, closes and delays on faithfully.
@Suite(.serialized, .enabled(if: LocalTools.httpsToolsInstalled, "openssl or python3 is not installed"))
struct TestSupportTests {
    /// `openssl verify` of `certificate` with `options`: whether it passed, and what openssl said.
    static func verify(_ certificate: String, _ options: [String]) async throws -> (passed: Bool, said: String) {
        let openssl = try #require(LocalTools.openssl)
        let result = try await onPlainThread { try ChildProcess.outcome(openssl, ["verify"] + options + [certificate]) }
        return (result.status == 0, result.output + "\n" + result.errors)
    }

    @Test func eachCertificateVerifiesOrFailsForTheReasonItsNameGives() async throws {
        let ca = try TestCA.shared()
        let trustCA = ["-CAfile", ca.certificate]
        for name in ["127.0.0.1", "::1"] {
            let good = try await Self.verify(ca.leaf.certificate, trustCA + ["-verify_ip", name])
            #expect(good.passed, "\(name): \(good.said)")
        }
        for name in ["localhost", "acme.\(TestCA.wildcardDomain)"] {
            let good = try await Self.verify(ca.leaf.certificate, trustCA + ["-verify_hostname", name])
            #expect(good.passed, "\(name): \(good.said)")
        }
        let hashed = try await Self.verify(ca.leaf.certificate, ["-CApath", ca.hashedDirectory, "-verify_ip", "127.0.0.1"])
        #expect(hashed.passed, "the hashed directory: \(hashed.said)")
        let combined = try await Self.verify(ca.leaf.certificate, ["-CAfile", ca.systemBundleWithCA, "-verify_ip", "127.0.0.1"])
        #expect(combined.passed, "the system bundle with the CA: \(combined.said)")
        if let system = ca.systemBundle {
            let bundle = try String(contentsOfFile: ca.systemBundleWithCA, encoding: .utf8)
            #expect(bundle.hasPrefix(try String(contentsOfFile: system, encoding: .utf8).prefix(200)))
        }

        let expired = try await Self.verify(ca.expiredLeaf.certificate, trustCA)
        #expect(!expired.passed && expired.said.contains("certificate has expired"), "\(expired.said)")
        let wrongName = try await Self.verify(ca.wrongNameLeaf.certificate, trustCA + ["-verify_ip", "127.0.0.1"])
        #expect(!wrongName.passed && wrongName.said.contains("mismatch"), "\(wrongName.said)")
        let wrongNameAlone = try await Self.verify(ca.wrongNameLeaf.certificate, trustCA)
        #expect(wrongNameAlone.passed, "only its name is wrong: \(wrongNameAlone.said)")
        let selfSigned = try await Self.verify(ca.selfSignedLeaf.certificate, trustCA)
        #expect(!selfSigned.passed && selfSigned.said.contains("self-signed"), "\(selfSigned.said)")
        let untrusted = try await Self.verify(ca.leaf.certificate, ["-no-CAfile", "-no-CApath", "-no-CAstore"])
        #expect(!untrusted.passed, "the leaf verified with no CA: \(untrusted.said)")
    }

    /// A python TLS client reads to the end of what the front relays: how the stream ended, and the
    /// protocol agreed by ALPN. TLS runs over memory buffers and the client reads the socket itself, so a TCP
    /// reset is told apart from an end of stream (Python's `SSLSocket` reports both as `SSLEOFError` with
    /// OpenSSL 3).
    static func readThroughFront(_ action: RawHTTPServer.Action) async throws -> String {
        let ca = try TestCA.shared()
        let python = try #require(LocalTools.python3)
        let server = try RawHTTPServer { _ in action }
        let front = try await TLSFront.start(backendPort: server.port)
        let client = """
        import socket, ssl, sys
        context = ssl.create_default_context(cafile=sys.argv[1])
        context.set_alpn_protocols(["http/1.1"])
        sock = socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=10)
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        tls = context.wrap_bio(incoming, outgoing, server_hostname="127.0.0.1")

        def flush():
            sock.sendall(outgoing.read())

        def pull():
            data = sock.recv(65536)
            if data:
                incoming.write(data)
            else:
                incoming.write_eof()

        while True:
            try:
                tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                flush()
                pull()
        flush()
        print("alpn", tls.selected_alpn_protocol())
        tls.write(b"GET /version HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n")
        flush()
        received = 0
        try:
            while True:
                try:
                    data = tls.read(65536)
                except ssl.SSLWantReadError:
                    pull()
                    continue
                if not data:
                    raise ssl.SSLZeroReturnError()
                received += len(data)
        except ConnectionResetError:
            print("end reset")
        except ssl.SSLZeroReturnError:
            print("end close_notify")
        except ssl.SSLEOFError:
            print("end eof without close_notify")
        print("received", received)
        """
        let result = try await onPlainThread { try ChildProcess.outcome(python, ["-c", client, ca.certificate, String(front.port)]) }
        await front.stop()
        await server.stop()
        return result.output + result.errors
    }

    @Test func theFrontPassesResetsAndClosesOnInsideTLS() async throws {
        let partial = Data(#"{"external_id": "int-0001""#.utf8)
        let reset = try await Self.readThroughFront(.resetMidBody(contentLength: 4096, partial: partial))
        #expect(reset.contains("alpn http/1.1"), "\(reset)")
        #expect(reset.contains("end reset"), "\(reset)")
        let truncated = try await Self.readThroughFront(.truncated(contentLength: 4096, partial: partial))
        #expect(truncated.contains("end close_notify"), "\(truncated)")
        let head = RawHTTPServer.head(status: 200, headers: [.init("Content-Type", "application/json")], bodyLength: 4096)
        #expect(truncated.contains("received \(head.count + partial.count)"), "\(truncated)")
    }

    /// A lower bound only: each crossing of the link waits at least the delay.
    @Test func theDelayIsPaidOnEveryCrossingTheHandshakeIncluded() async throws {
        let ca = try TestCA.shared()
        try await RawHTTPServer.with({ _ in .respond(status: 200, headers: [], body: Data("{}".utf8)) }) { server in
            let front = try await TLSFront.start(backendPort: server.port, delayMilliseconds: 100)
            let python = try #require(LocalTools.python3)
            // Connect, TLS 1.3 handshake, request and response: at least three round trips of 200 ms.
            let client = """
            import socket, ssl, sys, time
            started = time.monotonic()
            context = ssl.create_default_context(cafile=sys.argv[1])
            tls = context.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[2]))), server_hostname="127.0.0.1")
            tls.sendall(b"GET / HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n")
            while b"{}" not in tls.recv(65536):
                pass
            print("seconds %.3f" % (time.monotonic() - started))
            """
            let result = try await onPlainThread { try ChildProcess.outcome(python, ["-c", client, ca.certificate, String(front.port)]) }
            let seconds = result.output.split(separator: "\n").first { $0.hasPrefix("seconds ") }.flatMap { Double($0.dropFirst(8)) }
            #expect(seconds.map { $0 >= 0.55 } == true, "\(result.output) \(result.errors)")
            await front.stop()
        }
    }

    @Test func aRelayExitsWhenItsInputCloses() async throws {
        try await RawHTTPServer.with({ _ in .silence }) { server in
            let front = try await TLSFront.start(backendPort: server.port)
            let proxy = try await ConnectProxy.start(.demandCredentials)
            for child in [front.child, proxy.child] {
                child.closeInput()
                #expect(try await onPlainThread { child.waitForExit(within: 5) }, "the relay outlived its input")
            }
        }
    }
}
