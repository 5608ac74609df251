#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The query string, parsed by hand: Foundation's URLComponents traps on some malformed input, and a test
/// server must answer malformed input with a 422, not crash.
struct DemoQuery: Sendable {
    /// A filter that was either absent (`value == nil`) or present and valid.
    struct Filter<Value> {
        let value: Value?
    }

    private var items: [(name: String, value: String?)] = []

    init(_ raw: String) {
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0]) ?? String(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            items.append((name, value))
        }
    }

    /// The first value given for `name`; an empty string when the name came without `=`; `.some(nil)` when
    /// the value's percent-encoding is broken.
    private func raw(_ name: String) -> String?? {
        guard let item = items.first(where: { $0.name == name }) else { return .none }
        return .some(item.value)
    }

    /// Every value given for `name`, in order (`include` may be given more than once).
    func values(_ name: String) -> [String] {
        items.filter { $0.name == name }.compactMap(\.value)
    }

    /// `nil` when present but not an integer.
    func integer(_ name: String, default fallback: Int) -> Int? {
        switch raw(name) {
        case .none: fallback
        case .some(let value): value.flatMap { Int($0) }
        }
    }

    /// `nil` when present but neither `true` nor `false`.
    func boolean(_ name: String) -> Filter<Bool>? {
        switch raw(name) {
        case .none: Filter(value: nil)
        case .some(let value):
            switch value?.lowercased() {
            case "true": Filter(value: true)
            case "false": Filter(value: false)
            default: nil
            }
        }
    }

    /// `nil` when present but badly encoded.
    func string(_ name: String) -> Filter<String>? {
        switch raw(name) {
        case .none: Filter(value: nil)
        case .some(let value): value.map { Filter(value: $0) }
        }
    }

    /// One `application/x-www-form-urlencoded` name or value (queries and the token request's form).
    static func decode(_ part: Substring) -> String? {
        percentDecoded(part, plusIsSpace: true)
    }

    /// `%XX` escapes turned into their bytes (and, in a form, `+` into a space); nil when an escape is
    /// not two hexadecimal digits or the bytes are not UTF-8.
    static func percentDecoded(_ part: Substring, plusIsSpace: Bool = false) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(part.utf8.count)
        var rest = part.utf8[...]
        while let byte = rest.popFirst() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = rest.popFirst().flatMap(hexValue), let low = rest.popFirst().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
