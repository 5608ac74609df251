import Foundation
import Testing
@testable import TechWolfAPI

/// The plain transport's response parsing on its own: heads and chunked bodies an untrusted server sent.
@Suite struct HTTPParsingTests {
    static func head(_ text: String, method: String = "GET") throws(TransportFailure) -> HTTPResponseHead {
        try HTTPResponseHead.parse(Array(text.utf8)[...], method: method)
    }

    @Test func aPlainHeadGivesStatusHeadersAndLength() throws {
        let head = try Self.head("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\nX-A: 1\r\nx-a: 2")
        #expect(head.status == 200)
        #expect(head.headers["content-type"] == "application/json")
        #expect(head.headers["x-a"] == "1, 2", "a repeated header keeps both values")
        #expect(head.framing == .length(12))
        #expect(head.keepAlive)
        let hostile = try Self.head("HTTP/1.1 302 Found\r\nLocation: http://x/\u{1B}[2J")
        #expect(hostile.headers["location"] == "http://x/\u{1B}[2J", "kept as sent; it is sanitised where it is shown")
    }

    @Test func keepAliveFollowsTheVersionAndConnectionHeader() throws {
        #expect(try !Self.head("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0").keepAlive)
        #expect(try !Self.head("HTTP/1.0 200 OK\r\nContent-Length: 0").keepAlive)
        #expect(try Self.head("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0").keepAlive)
        #expect(try !Self.head("HTTP/1.1 200 OK").keepAlive, "a body that runs until close cannot share the connection")
    }

    @Test func framingFollowsStatusMethodAndCoding() throws {
        #expect(try Self.head("HTTP/1.1 204 No Content\r\nContent-Length: 5").framing == .empty)
        #expect(try Self.head("HTTP/1.1 304 Not Modified").framing == .empty)
        #expect(try Self.head("HTTP/1.1 200 OK\r\nContent-Length: 5", method: "HEAD").framing == .empty)
        #expect(try Self.head("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 5").framing == .chunked)
        #expect(try Self.head("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip").framing == .untilClose)
        #expect(try Self.head("HTTP/1.1 200 OK\nContent-Length: 3").framing == .length(3), "bare LF line endings, like curl")
        #expect(try Self.head("HTTP/1.1 200 OK\r\nContent-Length: 7, 7").framing == .length(7))
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6",
        "HTTP/1.1 200 OK\r\nContent-Length: -1",
        "HTTP/1.1 200 OK\r\nContent-Length: 0x10",
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999",
        "HTTP/1.1 200 OK\r\nContent-Length: ",
        "HTTP/1.1 200 OK\r\n folded: header",
        "HTTP/1.1 200 OK\r\nNo colon here",
        "HTTP/1.1 200 OK\r\nBad Name: x",
    ])
    func malformedHeadsAreRefused(_ text: String) {
        #expect(throws: HTTPResponseHead.malformed) { try Self.head(text) }
    }

    @Test(arguments: ["SSH-2.0-OpenSSH_9.2", "HTTP/2 200", "HTTP/1.1 2000 OK", "HTTP/1.1 20 OK", "HTTP/1.1 099 X", "", "http/1.1 200 OK"])
    func thingsThatAreNotHTTPAreSaidToBe(_ text: String) {
        #expect(throws: HTTPResponseHead.notHTTP) { try Self.head(text) }
    }

    // MARK: Chunked bodies

    static func chunked(_ body: [UInt8], sizes: [Int], extensions: Bool = false, trailer: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        var rest = body[...]
        var index = 0
        while !rest.isEmpty {
            let size = max(1, min(sizes[index % sizes.count], rest.count))
            index += 1
            out += Array(String(size, radix: 16).utf8) + (extensions ? Array(";x=y".utf8) : []) + [13, 10]
            out += rest.prefix(size) + [13, 10]
            rest = rest.dropFirst(size)
        }
        out += Array("0\r\n".utf8) + (trailer ? Array("X-Trailer: t\r\n".utf8) : []) + [13, 10]
        return out
    }

    @Test func aChunkedBodyDecodesWhateverTheReadBoundaries() throws {
        let body = Array("{\"external_id\": \"int-1\", \"title\": \"Ingénieure\"}".utf8)
        let wire = Self.chunked(body, sizes: [3, 7, 1, 20], extensions: true, trailer: true) + Array("NEXT".utf8)
        for split in 0...wire.count {
            var decoder = ChunkedDecoder(limit: 1 << 20)
            var used = try decoder.feed(wire[..<split])
            if !decoder.isComplete { used += try decoder.feed(wire[split...]) }
            #expect(decoder.isComplete)
            #expect(decoder.body == body)
            #expect(used == wire.count - 4, "the bytes after the body are left for what follows")
        }
    }

    @Test func aChunkedBodyOverTheCapStopsAtTheChunkThatPassesIt() throws {
        var decoder = ChunkedDecoder(limit: 10)
        #expect(throws: TransportFailure.tooLarge(limit: 10)) {
            _ = try decoder.feed(Self.chunked(Array(repeating: 65, count: 11), sizes: [4])[...])
        }
        #expect(decoder.body.count <= 10)
        var announced = ChunkedDecoder(limit: 10)
        #expect(throws: TransportFailure.tooLarge(limit: 10), "a chunk size over the cap is refused before its bytes") {
            _ = try announced.feed(Array("FFFFFF\r\n".utf8)[...])
        }
    }

    @Test(arguments: ["zz\r\n", "-5\r\n", "+5\r\n", "\r\n", "5\r\nabcdeX\r\n", String(repeating: "1", count: 16) + "\r\n",
                      "1" + String(repeating: ";", count: 5000)])
    func malformedChunksAreRefused(_ text: String) {
        var decoder = ChunkedDecoder(limit: 1 << 20)
        #expect(throws: HTTPResponseHead.malformed) { _ = try decoder.feed(Array(text.utf8)[...]) }
    }

    @Test func chunkedDecodingNeverCrashesAndNeverPassesTheCap() async {
        await Fuzz.run("chunked") { rng, _ in
            let limit = rng.int(below: 64)
            var decoder = ChunkedDecoder(limit: limit)
            let body = (0..<rng.int(below: 100)).map { _ in rng.byte() }
            var wire: [UInt8]
            var intact = false
            if rng.int(below: 2) == 0 {
                wire = Self.chunked(body, sizes: [1 + rng.int(below: 20), 1 + rng.int(below: 5)],
                                    extensions: rng.int(below: 2) == 0, trailer: rng.int(below: 2) == 0)
                let changes = rng.int(below: 3)
                intact = changes == 0
                for _ in 0..<changes where !wire.isEmpty { wire[rng.int(below: wire.count)] = rng.byte() }
            } else {
                wire = (0..<rng.int(below: 60)).map { _ in rng.pick(Array("0123456789abcdefXx;\r\n \t".utf8)) }
            }
            var offset = 0
            do {
                while offset < wire.count, !decoder.isComplete {
                    let end = min(wire.count, offset + 1 + rng.int(below: 16))
                    offset += try decoder.feed(wire[offset..<end])
                }
            } catch {
                if intact && body.count <= limit { return "an intact body within the cap threw \(error)" }
                return decoder.body.count <= limit ? nil : "threw \(error) after keeping \(decoder.body.count) > \(limit) bytes"
            }
            if decoder.body.count > limit { return "kept \(decoder.body.count) > \(limit) bytes" }
            if intact && (!decoder.isComplete || decoder.body != body) { return "an intact body decoded wrongly" }
            return nil
        }
    }
}
