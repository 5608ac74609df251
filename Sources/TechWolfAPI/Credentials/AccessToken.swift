#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An API access token. Held in memory only; every textual form of it is redacted, so it cannot reach a
/// log line, an error message or a debugger print by accident. The one way out is `authorizationHeader`,
/// which only the transport reads.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) throws(ValidationError) {
        let trimmed = value.trimmingWhitespace()
        if trimmed.isEmpty { throw ValidationError(field: "token", message: "is empty") }
        // Header injection: a token is one line of visible ASCII.
        if let bad = trimmed.unicodeScalars.first(where: { $0.value < 0x21 || $0.value > 0x7E }) {
            throw ValidationError(field: "token", message: "contains \(Validators.describe(bad)); a token is one line of visible ASCII")
        }
        self.value = trimmed
        SecretRedaction.shared.register(trimmed)
    }

    /// The value for the `Authorization` header.
    public var authorizationHeader: String { "Bearer " + value }

    /// The last four characters, the most that is ever shown — and none of a short token, where four
    /// would give away too much of it.
    public var lastFour: String { value.count >= 16 ? String(value.suffix(4)) : "" }

    /// `…abcd`, for status bars and forms.
    public var masked: String { "…" + lastFour }

    public var description: String { "AccessToken(\(masked))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["masked": masked]) }

    /// The claims, when the token is a JWT. The signature is not checked: this only informs the user.
    public var claims: TokenClaims? { TokenClaims(jwt: value) }

    /// A stable fingerprint to tell tokens apart (cache scoping) without keeping or showing the value.
    /// FNV-1a is not a cryptographic hash; it never leaves the process.
    var fingerprint: UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in value.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100000001b3
        }
        return hash
    }

    /// True when `text` contains this token: used by tests.
    public func occurs(in text: String) -> Bool { text.contains(value) }

    /// The bytes with every copy of the token replaced: servers and proxies that echo the request's
    /// Authorization header into a body or a Location must not put the token into an error message.
    func redacting(in data: Data) -> Data {
        guard !value.isEmpty else { return data }
        return Data(data).replacing(Data(value.utf8), with: Data("[redacted token]".utf8))
    }

    func redacting(in text: String) -> String {
        String(decoding: redacting(in: Data(text.utf8)), as: UTF8.self)
    }
}

/// What a JWT says about itself: expiry and scopes.
public struct TokenClaims: Sendable, Equatable {
    public let expiresAt: Date?
    public let scopes: [String]
    public let subject: String?

    init?(jwt: String) {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Self.base64URLDecode(String(parts[1])),
              let json = try? JSONParser.parse(payload), case .object = json else { return nil }
        expiresAt = json["exp"]?.doubleValue.map { Date(timeIntervalSince1970: $0) }
        scopes = (json["scope"]?.stringValue ?? "").split(separator: " ").map(String.init)
        subject = json["sub"]?.stringValue
    }

    /// base64url (RFC 4648 §5), the plain alphabet's `+` and `/` accepted too, padding optional but only at
    /// the end; nil for anything else. Decoded here, byte by byte, since this runs on the way to the first
    /// screen and Foundation's decoder would page in its own code for one short payload.
    static func base64URLDecode(_ s: String) -> Data? {
        var digits = Array(s.utf8)
        var padding = 0
        while digits.last == UInt8(ascii: "="), padding < 2 {
            digits.removeLast()
            padding += 1
        }
        if digits.count % 4 == 1 || (padding > 0 && (digits.count + padding) % 4 != 0) { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for digit in digits {
            let value: UInt8
            switch digit {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = digit - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = digit - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = digit - UInt8(ascii: "0") + 52
            case UInt8(ascii: "-"), UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "_"), UInt8(ascii: "/"): value = 63
            default: return nil
            }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return Data(bytes)
    }

    /// "expires in 2 h 5 min", "expired 3 min ago".
    public func expiryDescription(now: Date = Date()) -> String? {
        guard let exp = expiresAt else { return nil }
        let delta = exp.timeIntervalSince(now)
        if delta <= 0 { return "expired \(RelativeTime.duration(-delta)) ago" }
        return "expires in \(RelativeTime.duration(delta))"
    }
}
