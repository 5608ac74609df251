/// The rules every value must pass before it is put in a URL.
///
/// The tenant and region become part of a hostname and IDs part of a path; a lax check would let a pasted
/// value send the token to another host or another path, so the rules are allow-lists.
public enum Validators {
    public static let maxIDLength = 100
    public static let maxTenantLength = 63

    static func isIDCharacter(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x5F: return true  // 0-9 A-Z a-z - _
        default: return false
        }
    }

    /// An employee, interaction or vacancy external ID: 1–100 characters of `[A-Za-z0-9_-]`.
    public static func externalID(_ raw: String, field: String) throws(ValidationError) -> String {
        let rule = "must be 1–\(maxIDLength) characters of A–Z, a–z, 0–9, '-' and '_'"
        if raw.isEmpty { throw ValidationError(field: field, message: "is empty; it \(rule)") }
        let scalars = raw.unicodeScalars
        if scalars.count > maxIDLength {
            throw ValidationError(field: field, message: "is \(scalars.count) characters long; it \(rule)")
        }
        if let bad = scalars.first(where: { !isIDCharacter($0) }) {
            throw ValidationError(field: field, message: "contains \(describe(bad)); it \(rule)")
        }
        return raw
    }

    /// A tenant name: 1–63 characters of `[A-Za-z0-9_-]` (it becomes the first label of the hostname).
    public static func tenant(_ raw: String) throws(ValidationError) -> String {
        let rule = "must be 1–\(maxTenantLength) characters of A–Z, a–z, 0–9, '-' and '_' (it becomes part of the hostname)"
        if raw.isEmpty { throw ValidationError(field: "tenant", message: "is empty; it \(rule)") }
        if raw.unicodeScalars.count > maxTenantLength {
            throw ValidationError(field: "tenant", message: "is \(raw.unicodeScalars.count) characters long; it \(rule)")
        }
        if let bad = raw.unicodeScalars.first(where: { !isIDCharacter($0) }) {
            throw ValidationError(field: "tenant", message: "contains \(describe(bad)); it \(rule)")
        }
        return raw
    }

    /// A region: a DNS label (1–63 of letters, digits and '-', not starting or ending with '-'). Usually `eu3` or `us3`.
    public static func region(_ raw: String) throws(ValidationError) -> String {
        let rule = "must be a DNS label: 1–63 letters, digits or '-', not starting or ending with '-' (e.g. eu3, us3)"
        if raw.isEmpty { throw ValidationError(field: "region", message: "is empty; it \(rule)") }
        if raw.unicodeScalars.count > 63 {
            throw ValidationError(field: "region", message: "is \(raw.unicodeScalars.count) characters long; it \(rule)")
        }
        if let bad = raw.unicodeScalars.first(where: { !(isIDCharacter($0) && $0 != "_") }) {
            throw ValidationError(field: "region", message: "contains \(describe(bad)); it \(rule)")
        }
        if raw.hasPrefix("-") || raw.hasSuffix("-") {
            throw ValidationError(field: "region", message: "starts or ends with '-'; it \(rule)")
        }
        return raw
    }

    /// An `X-API-Version` value: a date `YYYY-MM-DD`.
    public static func apiVersion(_ raw: String) throws(ValidationError) -> String {
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false)
        let ok = parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
            && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            && (1...12).contains(Int(parts[1]) ?? 0) && (1...31).contains(Int(parts[2]) ?? 0)
        if !ok { throw ValidationError(field: "api-version", message: "must be a date like 2024-01-31, got \(TerminalText.excerpt(raw, limit: 40))") }
        return raw
    }

    /// Names a refused character so the user can find it even when it is invisible.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if scalar == " " { return "a space" }
        if TerminalText.isUnsafe(scalar) || scalar.properties.generalCategory == .format { return "an invisible character (\(code))" }
        return "'\(String(scalar))' (\(code))"
    }
}
