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

/// Writes the demo's worklist where `--worklist` says, but only to a new file or to one the demo wrote
/// before (it starts with `DemoDataSet.worklistHeaderPrefix`): never to a device, a FIFO, a symbolic link,
/// someone else's file, or a file of the user's own data, whatever its encoding.
public enum DemoWorklistFile {
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public static func write(_ text: String, to path: String) throws(Refusal) {
        let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if created >= 0 {
            defer { close(created) }
            if let failure = writeAll(created, text) {
                unlink(path)
                throw Refusal(description: "cannot write \(path): \(String(cString: strerror(failure)))")
            }
            return
        }
        guard errno == EEXIST else { throw Refusal(description: "cannot create \(path): \(String(cString: strerror(errno)))") }
        try checkIsOwnWorklist(path)
        // A new file beside it, renamed over it: the rename replaces the directory entry, so even a file
        // swapped for a link after the check is not followed.
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let temporary = directory + "/.twbrowse-worklist-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Refusal(description: "cannot write beside \(path): \(String(cString: strerror(errno)))") }
        let failure = writeAll(fd, text)
        close(fd)
        if let failure {
            unlink(temporary)
            throw Refusal(description: "cannot write \(path): \(String(cString: strerror(failure)))")
        }
        guard rename(temporary, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            throw Refusal(description: "cannot replace \(path): \(why)")
        }
    }

    /// Refuses anything but a regular file of this user's that begins with the demo's header.
    static func checkIsOwnWorklist(_ path: String) throws(Refusal) {
        let notOurs = "exists and is not a demo worklist: not overwritten (write the pairs to a new file)"
        var info = stat()
        guard lstat(path, &info) == 0 else { throw Refusal(description: "cannot inspect \(path): \(String(cString: strerror(errno)))") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: throw Refusal(description: "\(path) is a symbolic link: not followed (write the pairs to a new file)")
        default: throw Refusal(description: "\(path) is not a regular file (a device, FIFO or directory): not written")
        }
        guard info.st_uid == geteuid() else { throw Refusal(description: "\(path) belongs to another user: \(notOurs)") }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Refusal(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let marker = Array(DemoDataSet.worklistHeaderPrefix.utf8)
        var head = [UInt8](repeating: 0, count: marker.count)
        let n = read(fd, &head, head.count)
        guard n == marker.count, head == marker else { throw Refusal(description: "\(path) \(notOurs)") }
    }

    private static func writeAll(_ fd: Int32, _ text: String) -> Int32? {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return nil
    }
}
