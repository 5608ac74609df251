import Foundation

/// One line per request, appended to a file the user asked for (`--log-file`, `TWBROWSE_LOG`): time,
/// method, path, status, latency, cache or network, attempts. Paths are built from validated IDs and
/// headers are never logged, so neither the token nor the Authorization header can reach the file.
///
/// A dedicated writer rather than swift-log: this is an access log with a fixed line format, and
/// swift-log ships no file handler, so it would add a dependency and still need this code.
public final class RequestLog: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    public init(path: String) throws {
        let expanded = (path as NSString).expandingTildeInPath
        if !FileManager.default.fileExists(atPath: expanded) {
            // Readable by the user only: the log holds employee and interaction IDs.
            guard FileManager.default.createFile(atPath: expanded, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: expanded])
            }
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: expanded))
        handle.seekToEndOfFile()
    }

    deinit {
        try? handle.close()
    }

    public func record(path: String, outcome: String, latency: TimeInterval, source: String, attempts: Int) {
        let ms = Int((latency * 1000).rounded())
        // Our own formatting: an ISO8601DateFormatter would load ICU's data into the process for a timestamp.
        let line = "\(CivilTime.iso8601(Date())) GET \(path) \(outcome) \(ms)ms \(source) attempts=\(attempts)\n"
        lock.withLock { handle.write(Data(line.utf8)) }
    }
}
