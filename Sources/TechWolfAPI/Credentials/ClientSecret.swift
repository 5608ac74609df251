#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An OAuth client secret. Like `AccessToken`, every textual form of it is redacted; the only way out is
/// `revealed`, which only the token request body reads.
public struct ClientSecret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) throws(ValidationError) {
        let trimmed = value.trimmingWhitespace()
        if trimmed.isEmpty { throw ValidationError(field: "client-secret", message: "is empty") }
        if trimmed.unicodeScalars.contains(where: TerminalText.isUnsafe) {
            throw ValidationError(field: "client-secret", message: "contains an invisible or control character")
        }
        self.value = trimmed
        SecretRedaction.shared.register(trimmed)
    }

    /// The value for the token request body, and nothing else.
    var revealed: String { value }

    public var description: String { "ClientSecret(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["value": "redacted"]) }

    /// True when `text` contains this secret: used by tests.
    public func occurs(in text: String) -> Bool { text.contains(value) }

    /// `text` with every copy of the secret replaced, should a token endpoint echo it.
    func redacting(in text: String) -> String {
        text.contains(value) ? text.replacingEvery(value, with: "[redacted]") : text
    }
}
