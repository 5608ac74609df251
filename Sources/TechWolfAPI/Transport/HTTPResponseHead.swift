/// The status line and headers of one HTTP/1.x response, and how its body is delimited.
///
/// Parsed from bytes an untrusted server sent, so every malformed shape is an error rather than a guess:
/// a `Content-Length` that is not digits or disagrees with itself could otherwise make the client read
/// the next response's bytes as this body.
struct HTTPResponseHead: Equatable {
    enum Framing: Equatable {
        /// No body by definition (1xx, 204, 304, or a response to HEAD).
        case empty
        case length(Int)
        case chunked
        /// No length given: the body ends when the server closes the connection.
        case untilClose
    }

    let status: Int
    /// Names lower-cased; a repeated header's values joined with ", ".
    let headers: [String: String]
    let framing: Framing
    /// Whether the connection may carry another request after this response's body.
    let keepAlive: Bool

    /// The largest head accepted: real servers send a few hundred bytes; more is a misbehaving peer.
    static let maxBytes = 64 * 1024

    static let malformed = TransportFailure.network("the server's response was malformed")
    static let notHTTP = TransportFailure.network("the server did not answer in HTTP")

    /// `bytes` is the head without its final empty line; `method` decides whether a body can follow.
    static func parse(_ bytes: ArraySlice<UInt8>, method: String) throws(TransportFailure) -> HTTPResponseHead {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
        guard !lines.isEmpty else { throw notHTTP }
        let (status, minorVersion) = try statusLine(lines.removeFirst())

        var headers: [String: String] = [:]
        var lengths: Set<Int> = []
        for line in lines {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw malformed }
            let name = line[line.startIndex..<colon]
            // A name must be a token; a leading space would be an obsolete line fold, which is refused.
            guard !name.isEmpty, name.allSatisfy(isTokenByte) else { throw malformed }
            let value = trimmed(line[(colon + 1)...])
            // Control characters in a value are kept, like curl does: a hostile `Location` should still be
            // reported as a refused redirect, and every value is sanitised before it is shown.
            let key = String(decoding: name, as: UTF8.self).lowercased()
            let text = String(decoding: value, as: UTF8.self)
            headers[key] = headers[key].map { "\($0), \(text)" } ?? text
            if key == "content-length" {
                for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                    let digits = part.trimmingSpaces
                    guard !digits.isEmpty, digits.count <= 18, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                          let length = Int(digits) else { throw malformed }
                    lengths.insert(length)
                }
            }
        }
        guard lengths.count <= 1 else { throw malformed }

        let connection = headers["connection"]?.lowercased() ?? ""
        let keepAlive = minorVersion >= 1 ? !connection.contains("close") : connection.contains("keep-alive")
        let framing: Framing
        if (100...199).contains(status) || status == 204 || status == 304 || method == "HEAD" {
            framing = .empty
        } else if let coding = headers["transfer-encoding"] {
            // Only a final `chunked` delimits the body; any other coding runs until the connection closes.
            let last = coding.split(separator: ",").last.map { $0.trimmingSpaces.lowercased() }
            framing = last == "chunked" ? .chunked : .untilClose
        } else if let length = lengths.first {
            framing = .length(length)
        } else {
            framing = .untilClose
        }
        // Both a coding and a length is how request smuggling starts: use the coding, then close (RFC 9112 §6.1).
        let ambiguous = headers["transfer-encoding"] != nil && !lengths.isEmpty
        return HTTPResponseHead(status: status, headers: headers, framing: framing,
                                keepAlive: keepAlive && framing != .untilClose && !ambiguous)
    }

    /// `HTTP/1.x SSS reason`; returns the status and the minor version.
    private static func statusLine(_ line: ArraySlice<UInt8>) throws(TransportFailure) -> (Int, Int) {
        let prefix = Array("HTTP/1.".utf8)
        guard line.count >= 12, line.starts(with: prefix) else { throw notHTTP }
        let bytes = Array(line)
        let minor = bytes[7]
        guard (0x30...0x39).contains(minor), bytes[8] == 0x20,
              bytes[9...11].allSatisfy({ (0x30...0x39).contains($0) }),
              bytes.count == 12 || bytes[12] == 0x20 else { throw notHTTP }
        let status = bytes[9...11].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard status >= 100 else { throw notHTTP }
        return (status, Int(minor - 0x30))
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice.removeFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice.removeLast() }
        return slice
    }
}

private extension StringProtocol {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
        while slice.last == " " || slice.last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
