#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads HTTP/1.1 requests one after another from a blocking socket.
struct RequestReader {
    enum Next {
        case request(ReceivedRequest)
        /// The client left, went silent past the idle limit, or the server is stopping.
        case closed
        /// Not a request this server takes; answered with this, then the connection is closed.
        case refused(DemoResponse)
    }

    let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
    }

    mutating func next() -> Next {
        var searchFrom = 0
        var headEnd: (head: Int, body: Int)?
        while headEnd == nil {
            headEnd = Self.endOfHead(buffer, from: searchFrom)
            if headEnd != nil { break }
            // A request starts with its method. Anything else (a TLS handshake from an https client, say) will
            // never end in a blank line: answer at once instead of at the idle limit.
            if let first = buffer.first, first >= 0x80 || !Self.isTokenCharacter(Unicode.Scalar(first)) {
                return .refused(.error(400, "Bad Request", "This is a plain HTTP server; the request does not start with a method."))
            }
            if buffer.count > LoopbackHTTPServer.maxHeadBytes {
                return .refused(.error(431, "Request Header Fields Too Large", "The request head is too large."))
            }
            searchFrom = max(0, buffer.count - 2)
            guard fill() else { return .closed }
        }
        guard let end = headEnd,
              let head = String(validating: buffer[..<end.head], as: UTF8.self) else {
            return .refused(.error(400, "Bad Request", "The request head is not valid UTF-8."))
        }
        buffer.removeFirst(end.body)
        // Lines end in CRLF; a bare LF is accepted too, as most servers do.
        // Split on scalars: as Characters, "\r\n" is one grapheme that no "\n" separator would match.
        var lines = head.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { scalars in
            var line = String(String.UnicodeScalarView(scalars))
            if line.unicodeScalars.last == "\r" { line.unicodeScalars.removeLast() }
            return line
        }
        let parts = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), !parts[0].isEmpty, parts[1].hasPrefix("/") else {
            return .refused(.error(400, "Bad Request", "The request line is malformed."))
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                  line[..<colon].unicodeScalars.allSatisfy(Self.isTokenCharacter) else {
                return .refused(.error(400, "Bad Request", "A header line is malformed."))
            }
            let key = line[..<colon].lowercased()
            let value = Self.trimmingSpaces(line[line.index(after: colon)...])
            headers[key] = headers[key].map { "\($0), \(value)" } ?? value
        }
        if headers["transfer-encoding"] != nil {
            return .refused(.error(501, "Not Implemented", "Chunked request bodies are not supported."))
        }
        let length = headers["content-length"].map { Int($0) } ?? 0
        guard let length, length >= 0 else {
            return .refused(.error(400, "Bad Request", "Content-Length is not a number."))
        }
        guard length <= LoopbackHTTPServer.maxBodyBytes else {
            return .refused(.error(413, "Content Too Large", "The request body is too large."))
        }
        while buffer.count < length {
            guard fill() else { return .closed }
        }
        let body = Data(buffer[..<length])
        buffer.removeFirst(length)

        let target = parts[1]
        let question = target.firstIndex(of: "?")
        let connection = headers["connection"]?.lowercased() ?? ""
        let keepAlive = parts[2] == "HTTP/1.0" ? connection.contains("keep-alive") : !connection.contains("close")
        return .request(ReceivedRequest(method: String(parts[0]),
                                        path: String(target[..<(question ?? target.endIndex)]),
                                        query: question.map { String(target[target.index(after: $0)...]) } ?? "",
                                        headers: headers, body: body, keepAlive: keepAlive))
    }

    /// Reads more bytes; false when the connection ended (or idled out).
    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return true
            }
            if count < 0 && errno == EINTR { continue }
            return false
        }
    }

    /// Where the head ends and the body starts: at the first empty line, CRLF or bare LF.
    private static func endOfHead(_ bytes: [UInt8], from start: Int) -> (head: Int, body: Int)? {
        var index = start
        while index < bytes.count {
            if bytes[index] == 0x0A {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { return (index, index + 2) }
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A { return (index, index + 3) }
            }
            index += 1
        }
        return nil
    }

    /// Without spaces and tabs (Unicode category Zs, U+0009) at either end.
    private static func trimmingSpaces(_ text: Substring) -> String {
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
    }
}
