#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The environment every child process gets (a pager, a token or secret command): this process's, without
/// the variables that hold a token or a client secret (a pager, an editor or a command may log, dump or pass
/// on its environment), and without those this process set only for its own libraries (GnuTLS's, at start).
public enum ChildEnvironment {
    /// The variables known to hold secrets: `TECHWOLF_TOKEN`, and those that `--token-env` and the config
    /// file's profiles (`token_env`, `client_secret_env`) name, as they become known.
    private static let secretVariables = Mutex<Set<String>>([TokenSource.defaultVariable])

    /// From now on no child gets these variables.
    public static func protect(_ names: some Sequence<String>) {
        secretVariables.withLock { $0.formUnion(names) }
    }

    public static var protectedVariables: Set<String> { secretVariables.withLock { $0 } }

    /// `NAME=value` entries for a child: this process's environment without the secret variables.
    public static func entries() -> [String] {
        entries(ProcessInfo.processInfo.environment, without: protectedVariables)
    }

    /// `environment` without `secrets`, as `NAME=value` entries in a stable order.
    public static func entries(_ environment: [String: String], without secrets: Set<String>) -> [String] {
        environment.filter { !secrets.contains($0.key) && !$0.key.contains("=") }
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }
    }

    /// Runs `body` with `entries` as a C `envp` array (NULL-terminated), freed afterwards.
    public static func withCArray<R, E: Error>(_ entries: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) throws(E) -> R) throws(E) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = entries.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        let result: Result<R, E> = pointers.withUnsafeBufferPointer { buffer in
            do throws(E) { return .success(try body(buffer.baseAddress!)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
