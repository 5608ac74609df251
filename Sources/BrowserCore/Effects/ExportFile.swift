#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI
#if canImport(Glibc)
import Glibc
#endif

/// Writes `:w`'s file: employee data is personal data, so the file is created readable by the user only
/// (0600), an existing file is replaced only when asked (`:w!`), and a symbolic link in the file's place is
/// never followed (someone else's link in a shared directory must not redirect the write). The directories
/// on the way are resolved as for any program: a link there is the user's own path.
public enum ExportFile {
    public struct Written: Equatable, Sendable {
        /// The absolute path written.
        public let path: String
        public let bytes: Int
        /// A secret this process holds was in the body and was replaced.
        public let redacted: Bool
    }

    public struct Failure: Error, Equatable, Sendable {
        /// One line, with the path.
        public let message: String
    }

    /// `~/` expanded, a relative path taken from `directory`.
    public static func absolutePath(_ path: String, home: String?, directory: String) -> String {
        var path = path
        if path == "~" || path.hasPrefix("~/"), let home, !home.isEmpty {
            path = home + path.dropFirst()
        }
        if path.hasPrefix("/") { return path }
        return (directory.hasSuffix("/") ? directory : directory + "/") + path
    }

    public static func write(_ export: FileExport, home: String? = ProcessInfo.processInfo.environment["HOME"],
                             directory: String = FileManager.default.currentDirectoryPath) -> Result<Written, Failure> {
        let path = absolutePath(export.path, home: home, directory: directory)
        let shown = TerminalText.excerpt(path, limit: 200)
        let bytes = SecretRedaction.shared.redact(export.bytes)
        // O_NONBLOCK: opening a FIFO with no reader fails at once instead of hanging; it is refused below.
        var flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY
        if !export.overwrite { flags |= O_EXCL }
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else { return .failure(Failure(message: reason(errno, path: path, shown: shown, overwrite: export.overwrite))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(Failure(message: "\(shown): \(String(cString: strerror(errno)))")) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(Failure(message: "\(shown) is not a regular file; nothing was written"))
        }
        // A file replaced with `:w!` now holds personal data too.
        if export.overwrite && (ftruncate(fd, 0) != 0 || fchmod(fd, 0o600) != 0) {
            return .failure(Failure(message: "\(shown): \(String(cString: strerror(errno)))"))
        }
        let written = bytes.withUnsafeBytes { buffer -> Int in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return -1 }
                offset += n
            }
            return offset
        }
        guard written == bytes.count else {
            return .failure(Failure(message: "\(shown): \(String(cString: strerror(errno))) (the file may be incomplete)"))
        }
        return .success(Written(path: shown, bytes: written, redacted: bytes != export.bytes))
    }

    /// Why `open` failed, as the user would put it.
    static func reason(_ code: Int32, path: String, shown: String, overwrite: Bool) -> String {
        switch code {
        case EEXIST:
            var info = stat()
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
                return "\(shown) is a symbolic link; it is never followed"
            }
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                return "\(shown) is a directory; give a file name"
            }
            return "\(shown) exists (:w! replaces it)"
        case ELOOP:
            return "\(shown) is a symbolic link; it is never followed"
        case ENOENT:
            let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            return "no such directory: \(TerminalText.excerpt(directory.isEmpty ? "/" : directory, limit: 200))"
        case EISDIR:
            return "\(shown) is a directory; give a file name"
        case EACCES, EPERM:
            return "\(shown): permission denied"
        case ENXIO:
            return "\(shown) is not a regular file; nothing was written"
        default:
            return "\(shown): \(String(cString: strerror(code)))"
        }
    }
}
