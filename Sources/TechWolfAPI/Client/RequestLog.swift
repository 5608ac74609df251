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

/// One line per request, appended to a file the user asked for (`--log-file`, `TWBROWSE_LOG`): time,
/// method, path, status, latency, cache or network, attempts. Paths are built from validated IDs and
/// headers are never logged; every line still passes `SecretRedaction`, like all output.
///
/// The file is opened once with `O_APPEND|O_CREAT|O_NOFOLLOW` and mode 0600 (readable by the user only:
/// it holds employee and interaction IDs); a symbolic link is refused, so the log cannot be pointed at
/// someone else's file. A write that fails (a full disk, `/dev/full`) stops the log and is reported once
/// through `problems`, instead of ending the program.
///
/// A dedicated writer rather than swift-log: this is an access log with a fixed line format, and
/// swift-log ships no file handler, so it would add a dependency and still need this code.
public final class RequestLog: @unchecked Sendable {
    public struct OpenError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    private let fd: Int32
    private let lock = Lock()
    private var failed = false
    private let path: String
    /// Said once, when a write fails; the caller decides where (stderr, the status bar).
    private let problems: @Sendable (String) -> Void
    /// Set when an existing log could be read by other users.
    public let warning: String?

    public init(path: String, problems: @escaping @Sendable (String) -> Void = { _ in }) throws(OpenError) {
        let expanded = LocalPath.expandingTilde(path)
        self.path = expanded
        self.problems = problems
        let fd = open(expanded, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0o600)
        guard fd >= 0 else {
            let code = errno
            let directory = LocalPath.parent(of: expanded)
            let why: String
            if code == ELOOP {
                why = "it is a symbolic link; give the file's own path"
            } else if code == ENOENT, !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
                why = "the directory \(directory) does not exist; create it first"
            } else {
                why = String(cString: strerror(code))
            }
            throw OpenError(description: why)
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_mode & 0o077 != 0 {
            warning = "the request log \(expanded) can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8))); run: chmod 600 \(expanded)"
        } else {
            warning = nil
        }
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    public func record(path: String, outcome: String, latency: TimeInterval, source: String, attempts: Int) {
        let ms = latency.isFinite ? Int(exactly: (min(max(latency, 0), 1e9) * 1000).rounded()) ?? 0 : 0
        // Our own formatting: an ISO8601DateFormatter would load ICU's data into the process for a timestamp.
        let line = SecretRedaction.shared.redact("\(CivilTime.iso8601(Date())) GET \(path) \(outcome) \(ms)ms \(source) attempts=\(attempts)\n")
        let failure: Int32? = lock.withLock {
            guard !failed else { return nil }
            var bytes = Array(line.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeMutableBytes { raw in write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return errno
                }
                offset += n
            }
            return nil
        }
        if let failure {
            problems("cannot write the request log \(self.path): \(String(cString: strerror(failure))); logging stopped")
        }
    }
}
