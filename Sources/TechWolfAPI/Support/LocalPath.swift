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

/// Paths on this machine as the shell writes them: `~` and `~user` expanded, the parent folder of a file,
/// whether a path names a folder.
public enum LocalPath {
    /// `~` or `~user` at the start replaced by that home folder, trailing slashes dropped; any other path
    /// as given. An unknown user leaves the path as it is.
    public static func expandingTilde(_ path: String) -> String {
        guard path.hasPrefix("~") else { return path }
        let nameEnd = path.firstIndex(of: "/") ?? path.endIndex
        let user = path[path.index(after: path.startIndex)..<nameEnd]
        let home = user.isEmpty
            ? FileManager.default.homeDirectoryForCurrentUser.path
            : FileManager.default.homeDirectory(forUser: String(user))?.path
        guard let home else { return droppingTrailingSlashes(path) }
        return droppingTrailingSlashes(home + path[nameEnd...])
    }

    /// The folder holding `path`: "/" for a top-level entry, "" for a bare name.
    public static func parent(of path: String) -> String {
        let trimmed = droppingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        if slash == trimmed.startIndex { return "/" }
        return droppingTrailingSlashes(String(trimmed[..<slash]))
    }

    /// Whether `path` names an existing folder (through symbolic links); nil when nothing is there.
    public static func isDirectory(_ path: String) -> Bool? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & S_IFMT == S_IFDIR
    }

    private static func droppingTrailingSlashes(_ path: String) -> String {
        var result = Substring(path)
        while result.count > 1, result.hasSuffix("/") { result.removeLast() }
        return String(result)
    }
}
