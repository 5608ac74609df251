/// The type YAML 1.1 gives an unquoted scalar, by the same rules as libyaml-based readers (and the YAML
/// library this project used before), so that `bg: 052`, `bold: yes` or `name: 2024-01-01` mean what
/// they meant: an octal number, true, and a date (not a string).
enum YAMLScalarType: Sendable, Equatable {
    case string, null, bool, int, float, timestamp, merge, value

    static func resolve(_ text: String) -> YAMLScalarType {
        let b = Array(text.utf8)
        if boolWords.contains(text) { return .bool }
        if isInt(b) { return .int }
        if isFloat(b) { return .float }
        if text == "<<" { return .merge }
        if nullWords.contains(text) { return .null }
        if isTimestamp(b) { return .timestamp }
        if text == "=" { return .value }
        return .string
    }

    /// The value of text `resolve` calls `.int`: underscores ignored, `0x`, `0b`, `0o` and a leading `0`
    /// (octal) choose the base, `a:b:c` counts in sixties.
    static func integer(_ text: String) -> Int? {
        let digits = text.filter { $0 != "_" }
        if digits == "0" { return 0 }
        let negative = digits.hasPrefix("-")
        let unsigned = digits.hasPrefix("-") || digits.hasPrefix("+") ? digits.dropFirst() : Substring(digits)
        let sign = negative ? "-" : ""
        for (prefix, radix) in [("0x", 16), ("0b", 2), ("0o", 8), ("0", 8)] where unsigned.hasPrefix(prefix) {
            return Int(sign + unsigned.dropFirst(prefix.count), radix: radix)
        }
        if unsigned.contains(":") {
            var value = 0
            for part in unsigned.split(separator: ":", omittingEmptySubsequences: false) {
                guard let digit = Int(part) else { return nil }
                let (shifted, over1) = value.multipliedReportingOverflow(by: 60)
                let (sum, over2) = shifted.addingReportingOverflow(digit)
                guard !over1, !over2 else { return nil }
                value = sum
            }
            return negative ? -value : value
        }
        return Int(digits)
    }

    private static let boolWords: Set<String> = ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
                                                 "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"]
    private static let nullWords: Set<String> = ["~", "null", "Null", "NULL", ""]

    // The patterns below are YAML 1.1's regular expressions for int, float and timestamp, written out
    // as scans over the bytes; each comment gives the expression it matches.

    /// [-+]?0b[0-1_]+ | [-+]?0o?[0-7_]+ | [-+]?(0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+
    private static func isInt(_ b: [UInt8]) -> Bool {
        var s = Scan(b)
        s.sign()
        let start = s.i
        if s.literal("0b") { return s.many(of: "01_") >= 1 && s.atEnd }
        s.i = start
        if s.literal("0x") { return s.many { isHex($0) || $0 == UInt8(ascii: "_") } >= 1 && s.atEnd }
        s.i = start
        if s.literal("0") {
            if s.atEnd { return true }
            _ = s.literal("o")
            return s.many(of: "01234567_") >= 1 && s.atEnd
        }
        s.i = start
        guard s.one(where: { (49...57).contains($0) }) else { return false }
        _ = s.many(of: "0123456789_")
        if s.atEnd { return true }
        return s.sixtiesGroups() && s.atEnd
    }

    /// [-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)? | \.[0-9_]+([eE][-+][0-9]+)? |
    /// [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)
    private static func isFloat(_ b: [UInt8]) -> Bool {
        var s = Scan(b)
        if s.literal(".") {
            if ["nan", "NaN", "NAN", "inf", "Inf", "INF"].contains(where: { s.rest.elementsEqual($0.utf8) }) { return true }
            guard s.many(of: "0123456789_") >= 1 else { return false }
            if s.atEnd { return true }
            guard s.one(of: "eE"), s.one(of: "-+"), s.many(of: "0123456789") >= 1 else { return false }
            return s.atEnd
        }
        s.sign()
        if s.literal(".") { return ["inf", "Inf", "INF"].contains { s.rest.elementsEqual($0.utf8) } }
        guard s.one(of: "0123456789") else { return false }
        _ = s.many(of: "0123456789_")
        let afterDigits = s.i
        if s.sixtiesGroups(), s.literal(".") {
            _ = s.many(of: "0123456789_")
            return s.atEnd
        }
        s.i = afterDigits
        if s.literal(".") { _ = s.many(of: "0123456789_") }
        if s.one(of: "eE") {
            _ = s.one(of: "-+")
            guard s.many(of: "0123456789") >= 1 else { return false }
        }
        return s.atEnd
    }

    /// [0-9]{4}-[0-9]{2}-[0-9]{2} |
    /// [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?
    private static func isTimestamp(_ b: [UInt8]) -> Bool {
        var s = Scan(b)
        guard s.digits(4...4), s.literal("-") else { return false }
        let monthStart = s.i
        if s.digits(2...2), s.literal("-"), s.digits(2...2), s.atEnd { return true }
        s.i = monthStart
        guard s.digits(1...2), s.literal("-"), s.digits(1...2) else { return false }
        if !s.one(of: "Tt") { guard s.many(of: " \t") >= 1 else { return false } }
        guard s.digits(1...2), s.literal(":"), s.digits(2...2), s.literal(":"), s.digits(2...2) else { return false }
        if s.literal(".") { _ = s.many(of: "0123456789") }
        if s.atEnd { return true }
        _ = s.many(of: " \t")
        if s.literal("Z") { return s.atEnd }
        guard s.one(of: "-+"), s.digits(1...2) else { return false }
        if s.literal(":") { guard s.digits(2...2) else { return false } }
        return s.atEnd
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (48...57).contains(c) || (65...70).contains(c) || (97...102).contains(c)
    }

    /// A cursor over bytes for the patterns above.
    private struct Scan {
        let b: [UInt8]
        var i = 0
        init(_ b: [UInt8]) { self.b = b }

        var atEnd: Bool { i == b.count }
        var rest: ArraySlice<UInt8> { b[i...] }

        mutating func sign() { _ = one(of: "-+") }

        mutating func one(where test: (UInt8) -> Bool) -> Bool {
            guard i < b.count, test(b[i]) else { return false }
            i += 1
            return true
        }

        mutating func one(of set: String) -> Bool { one { set.utf8.contains($0) } }

        mutating func many(where test: (UInt8) -> Bool) -> Int {
            let start = i
            while i < b.count, test(b[i]) { i += 1 }
            return i - start
        }

        mutating func many(of set: String) -> Int { many { set.utf8.contains($0) } }

        mutating func literal(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            guard b.count - i >= bytes.count, b[i..<(i + bytes.count)].elementsEqual(bytes) else { return false }
            i += bytes.count
            return true
        }

        /// Between `range.lowerBound` and `range.upperBound` decimal digits, as many as there are.
        mutating func digits(_ range: ClosedRange<Int>) -> Bool {
            let start = i
            while i < b.count, i - start < range.upperBound, (48...57).contains(b[i]) { i += 1 }
            return range.contains(i - start)
        }

        /// (:[0-5]?[0-9])+ : true when at least one group was read; stops before anything else.
        mutating func sixtiesGroups() -> Bool {
            var groups = 0
            while i < b.count, b[i] == UInt8(ascii: ":") {
                let start = i
                i += 1
                if i + 1 < b.count, (48...53).contains(b[i]), (48...57).contains(b[i + 1]) {
                    i += 2
                } else if i < b.count, (48...57).contains(b[i]) {
                    i += 1
                } else {
                    i = start
                    break
                }
                groups += 1
            }
            return groups > 0
        }
    }
}
