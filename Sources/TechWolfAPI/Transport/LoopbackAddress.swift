import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A socket address on the loopback interface, worked out from the host text alone.
///
/// Never through the resolver: `localhost` could come back from DNS (a search domain, a missing
/// `/etc/hosts` entry) as any address, and the token would follow it in clear text; a resolver also has
/// no deadline and cannot be cancelled. So `localhost` means 127.0.0.1 and ::1, like curl takes it,
/// and the other loopback hosts `APIOrigin.isLoopback` accepts are numeric literals.
struct LoopbackAddress {
    let family: Int32
    private let storage: sockaddr_storage
    let length: socklen_t

    /// The addresses to try, in order; empty when `host` is not a loopback host.
    static func addresses(host rawHost: String, port: Int) -> [LoopbackAddress] {
        guard APIOrigin.isLoopback(rawHost), (0...65535).contains(port) else { return [] }
        var host = rawHost.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" {
            return [ipv4("127.0.0.1", port), ipv6("::1", port)].compactMap { $0 }
        }
        return [ipv4(host, port) ?? ipv6(host, port)].compactMap { $0 }
    }

    private static func ipv4(_ text: String, _ port: Int) -> LoopbackAddress? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        guard inet_pton(AF_INET, text, &address.sin_addr) == 1,
              UInt32(bigEndian: address.sin_addr.s_addr) >> 24 == 127 else { return nil }
        return LoopbackAddress(family: AF_INET, address, length: MemoryLayout<sockaddr_in>.size)
    }

    private static func ipv6(_ text: String, _ port: Int) -> LoopbackAddress? {
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = UInt16(port).bigEndian
        guard inet_pton(AF_INET6, text, &address.sin6_addr) == 1 else { return nil }
        let isLoopback = withUnsafeBytes(of: address.sin6_addr) { bytes in
            bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1
        }
        return isLoopback ? LoopbackAddress(family: AF_INET6, address, length: MemoryLayout<sockaddr_in6>.size) : nil
    }

    private init<Address>(family: Int32, _ address: Address, length: Int) {
        self.family = family
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            withUnsafeBytes(of: address) { target.copyMemory(from: $0) }
        }
        self.storage = storage
        self.length = socklen_t(length)
    }

    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafeBytes(of: storage) { bytes in
            body(bytes.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }
}
