#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a worklist from a descriptor — a file, standard input, a FIFO, `/dev/fd/N` of a process
/// substitution — one line at a time, with bounds, so an endless or binary stream (`/dev/zero`, `yes`)
/// ends with a clear error instead of filling memory.
public enum WorklistReader {
    public static let maxLineBytes = 4096
    public static let maxPairs = 1_000_000
    public static let maxBytes = 256 * 1024 * 1024

    public struct LimitError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// A named file, FIFO or `/dev/fd/N`; every error names the path.
    public static func read(path: String) throws(LimitError) -> (entries: [WorklistEntry], problems: [WorklistProblem]) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw LimitError(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw LimitError(description: "cannot read \(path): it is a directory")
        }
        do {
            return try read(fd: fd)
        } catch {
            throw LimitError(description: "\(path): \(error.description)")
        }
    }

    public static func read(fd: Int32) throws(LimitError) -> (entries: [WorklistEntry], problems: [WorklistProblem]) {
        var entries: [WorklistEntry] = []
        var problems: [WorklistProblem] = []
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var total = 0
        var number = 0

        func take(_ line: ArraySlice<UInt8>) throws(LimitError) {
            number += 1
            var bytes = line
            if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
            // Invalid UTF-8 becomes U+FFFD here, so the parser reports the line instead of guessing.
            var text = Array(String(decoding: bytes, as: UTF8.self).utf8)
            let result = text.withUnsafeMutableBufferPointer { WorklistParser.parseLine(UnsafeBufferPointer($0)[...], number: number) }
            switch result {
            case .entry(let e):
                guard entries.count < maxPairs else {
                    throw LimitError(description: "more than \(maxPairs) pairs (line \(number)); split the list")
                }
                entries.append(e)
            case .problem(let p):
                guard problems.count < maxPairs else { throw LimitError(description: "more than \(maxPairs) bad lines; is this a worklist?") }
                problems.append(p)
            case .skip: break
            }
        }

        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LimitError(description: "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            total += n
            guard total <= maxBytes else { throw LimitError(description: "more than \(maxBytes / 1024 / 1024) MiB; split the list") }
            var start = 0
            for i in 0..<n where chunk[i] == 0x0A {
                if pending.isEmpty {
                    try take(chunk[start..<i])
                } else {
                    pending += chunk[start..<i]
                    try take(pending[...])
                    pending.removeAll(keepingCapacity: true)
                }
                start = i + 1
            }
            pending += chunk[start..<n]
            guard pending.count <= maxLineBytes else {
                throw LimitError(description: "line \(number + 1) is longer than \(maxLineBytes) bytes; a worklist line is two IDs")
            }
        }
        if !pending.isEmpty { try take(pending[...]) }
        return (entries, problems)
    }
}
