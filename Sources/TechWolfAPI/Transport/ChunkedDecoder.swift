/// Decodes a `Transfer-Encoding: chunked` body as its bytes arrive, keeping at most `limit` bytes of body.
///
/// Incremental, so a body over the cap is refused at the first chunk too many rather than after the server
/// has sent all of it; strict, so a server cannot make the client read past the end of the body.
struct ChunkedDecoder {
    private enum State: Equatable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailer
        case done
    }

    let limit: Int
    private var state = State.size
    /// The current size or trailer line, without its line ending.
    private var line: [UInt8] = []
    private(set) var body: [UInt8] = []

    /// Size and trailer lines longer than this are refused: a few hex digits and an extension are enough.
    private static let maxLine = 4096
    /// All trailer lines together: each is dropped, so an endless trailer would never end the body.
    private static let maxTrailer = 64 * 1024
    private var trailerBytes = 0

    init(limit: Int) {
        self.limit = limit
    }

    var isComplete: Bool { state == .done }

    /// Consumes bytes; returns how many were used (fewer than given only once the body is complete, the
    /// rest then belongs to whatever follows on the connection).
    mutating func feed(_ bytes: ArraySlice<UInt8>) throws(TransportFailure) -> Int {
        var index = bytes.startIndex
        while index < bytes.endIndex, state != .done {
            switch state {
            case .data(let remaining):
                let take = min(remaining, bytes.endIndex - index)
                guard body.count + take <= limit else { throw .tooLarge(limit: limit) }
                body.append(contentsOf: bytes[index..<(index + take)])
                index += take
                state = remaining == take ? .dataEnd : .data(remaining: remaining - take)
            case .size, .dataEnd, .trailer:
                let byte = bytes[index]
                index += 1
                if state == .trailer {
                    trailerBytes += 1
                    guard trailerBytes <= Self.maxTrailer else { throw HTTPResponseHead.malformed }
                }
                guard byte == UInt8(ascii: "\n") else {
                    line.append(byte)
                    guard line.count <= Self.maxLine else { throw HTTPResponseHead.malformed }
                    continue
                }
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                try endOfLine()
                line.removeAll(keepingCapacity: true)
            case .done:
                break
            }
        }
        return index - bytes.startIndex
    }

    private mutating func endOfLine() throws(TransportFailure) {
        switch state {
        case .size:
            let digits = line.prefix { $0 != UInt8(ascii: ";") && $0 != 0x20 && $0 != 0x09 }
            guard !digits.isEmpty, digits.count <= 15, let size = Int(String(decoding: digits, as: UTF8.self), radix: 16),
                  digits.allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }) else {
                throw HTTPResponseHead.malformed
            }
            if size == 0 {
                state = .trailer
            } else {
                guard body.count + size <= limit else { throw .tooLarge(limit: limit) }
                state = .data(remaining: size)
            }
        case .dataEnd:
            guard line.isEmpty else { throw HTTPResponseHead.malformed }
            state = .size
        case .trailer:
            // Trailer fields are read and dropped; the empty line ends the message.
            if line.isEmpty { state = .done }
        case .data, .done:
            break
        }
    }
}
