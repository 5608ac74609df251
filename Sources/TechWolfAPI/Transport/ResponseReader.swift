import Foundation

/// Reads one HTTP/1.x response from a connection: the head (skipping interim 1xx heads), then a body
/// delimited as the head says, never keeping more than `limit` bytes of it.
struct ResponseReader {
    enum Failure: Error {
        /// The connection ended before a single byte of the response: on a kept-alive connection that
        /// means the server had closed it, and the request can be sent again.
        case closedBeforeAnswer
        case transport(TransportFailure)
    }

    let connection: SocketConnection
    let method: String
    let limit: Int
    let deadline: Deadline
    private var buffer: [UInt8] = []

    init(connection: SocketConnection, method: String, limit: Int, deadline: Deadline) {
        self.connection = connection
        self.method = method
        self.limit = limit
        self.deadline = deadline
    }

    /// The response, and whether the connection may be used for another request.
    mutating func read() throws(Failure) -> (HTTPResponseData, Bool) {
        do {
            var head = try readHead(first: true)
            var interim = 0
            while (100...199).contains(head.status) {
                // A few interim answers are normal; an endless stream of them is not.
                interim += 1
                guard interim <= 8 else { throw HTTPResponseHead.malformed }
                head = try readHead(first: false)
            }
            if (300...399).contains(head.status) && head.status != 304 {
                // Never followed, so its body is of no use: reported at once, the connection dropped.
                return (HTTPResponseData(status: head.status, headers: head.headers, body: Data()), false)
            }
            let body = try readBody(head.framing)
            let reusable = head.keepAlive && buffer.isEmpty
            return (HTTPResponseData(status: head.status, headers: head.headers, body: Data(body)), reusable)
        } catch let failure as Failure {
            throw failure
        } catch let failure as TransportFailure {
            throw .transport(failure)
        } catch {
            throw .transport(.network("the connection failed"))
        }
    }

    private static let httpPrefix = Array("HTTP/1.".utf8)

    private mutating func readHead(first: Bool) throws -> HTTPResponseHead {
        var searchFrom = 0
        while true {
            if let end = Self.endOfHead(buffer, from: searchFrom) {
                let head = try HTTPResponseHead.parse(buffer[..<end.headEnd], method: method)
                buffer.removeFirst(end.bodyStart)
                return head
            }
            guard buffer.count <= HTTPResponseHead.maxBytes else { throw HTTPResponseHead.malformed }
            // Something that does not start like HTTP will not turn into it: say so now, not at the deadline.
            if !Self.httpPrefix.starts(with: buffer.prefix(Self.httpPrefix.count)) { throw HTTPResponseHead.notHTTP }
            // Not before the last three bytes: a CRLFCRLF may straddle two reads.
            searchFrom = max(0, buffer.count - 3)
            let received: Int
            do {
                received = try connection.receive(into: &buffer, deadline: deadline)
            } catch {
                // A kept-alive connection the server reset: as good as closed before answering.
                let reset = if case .network = error { first && buffer.isEmpty && connection.reused } else { false }
                if reset { throw Failure.closedBeforeAnswer }
                throw error
            }
            if received == 0 {
                if first && buffer.isEmpty { throw Failure.closedBeforeAnswer }
                throw buffer.isEmpty ? TransportFailure.network("the connection was lost")
                                     : HTTPResponseHead.notHTTPOrCut(buffer)
            }
        }
    }

    /// Where the head ends (the index of its final blank line) and where the body starts; a bare LF line
    /// ending is accepted like curl does.
    private static func endOfHead(_ bytes: [UInt8], from start: Int) -> (headEnd: Int, bodyStart: Int)? {
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

    private mutating func readBody(_ framing: HTTPResponseHead.Framing) throws -> [UInt8] {
        switch framing {
        case .empty:
            return []
        case .length(let length):
            // A declared length over the cap is refused before any of the body is read.
            guard length <= limit else { throw TransportFailure.tooLarge(limit: limit) }
            while buffer.count < length {
                if try connection.receive(into: &buffer, deadline: deadline) == 0 {
                    throw TransportFailure.network("the connection closed before the whole body arrived")
                }
            }
            let body = Array(buffer[..<length])
            buffer.removeFirst(length)
            return body
        case .chunked:
            var decoder = ChunkedDecoder(limit: limit)
            while true {
                let used = try decoder.feed(buffer[...])
                buffer.removeFirst(used)
                if decoder.isComplete { return decoder.body }
                if try connection.receive(into: &buffer, deadline: deadline) == 0 {
                    throw TransportFailure.network("the connection closed before the whole body arrived")
                }
            }
        case .untilClose:
            while try connection.receive(into: &buffer, deadline: deadline) > 0 {
                guard buffer.count <= limit else { throw TransportFailure.tooLarge(limit: limit) }
            }
            guard buffer.count <= limit else { throw TransportFailure.tooLarge(limit: limit) }
            defer { buffer.removeAll() }
            return buffer
        }
    }
}

extension HTTPResponseHead {
    /// A connection that ended inside the head: a server that speaks something else, or one cut off.
    static func notHTTPOrCut(_ received: [UInt8]) -> TransportFailure {
        received.starts(with: Array("HTTP/".utf8)) ? .network("the connection was lost") : notHTTP
    }
}
