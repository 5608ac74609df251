#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// printf-style number formatting from the C library (`%.1f`, `%.2g`, `%08d`): the exact digits and
/// rounding `printf` gives, without Foundation's `String(format:)`.
public enum CFormat {
    /// `format` must hold conversions for exactly the arguments given.
    public static func string(_ format: String, _ arguments: any CVarArg...) -> String {
        withVaList(arguments) { first in
            var buffer = [CChar](repeating: 0, count: 64)
            let needed = Int(vsnprintf(&buffer, buffer.count, format, first))
            guard needed >= buffer.count else { return String(decoding: buffer.prefix(max(0, needed)).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
            // A va_list is spent once read, so a longer result is formatted again from a fresh one.
            return withVaList(arguments) { again in
                var larger = [CChar](repeating: 0, count: needed + 1)
                _ = vsnprintf(&larger, larger.count, format, again)
                return String(decoding: larger.prefix(needed).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
    }
}
