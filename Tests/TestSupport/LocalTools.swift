import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the suites need from the machine, for `.enabled(if:)` traits.
public enum LocalTools {
    /// The `openssl` command, found in /usr/bin or on PATH.
    public static let openssl: String? = executable("openssl")
    /// The `python3` that runs the relays. /usr/bin first: a version manager's shim on PATH costs a shell
    /// start for every relay.
    public static let python3: String? = executable("python3")

    public static var opensslInstalled: Bool { openssl != nil }

    /// openssl and python3, which the https servers of the tests need.
    public static var httpsToolsInstalled: Bool { openssl != nil && python3 != nil }

    public static var libcurlInstalled: Bool {
        #if canImport(Darwin)
        let names = ["libcurl.4.dylib"]
        #else
        let names = ["libcurl.so.4", "libcurl-gnutls.so.4"]
        #endif
        for name in names {
            if let handle = dlopen(name, RTLD_LAZY) {
                dlclose(handle)
                return true
            }
        }
        return false
    }

    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = ["/usr/bin", "/usr/local/bin"] + path.split(separator: ":").map(String.init)
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
