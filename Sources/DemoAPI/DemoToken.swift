import Foundation

/// A token shaped like the Auth0 JWTs the real API takes, so a client that inspects a token (for its expiry,
/// say) sees something realistic. It is not signed: the signature part is a fixed marker.
enum DemoToken {
    /// 2099-12-31T00:00:00Z: far enough away that the demo token never looks expired.
    static let expiry = 4_102_358_400

    static func make() -> String {
        let header = #"{"alg":"HS256","typ":"JWT"}"#
        let payload = #"{"sub":"demo","scope":"read","exp":\#(expiry)}"#
        return [base64URL(header), base64URL(payload), "demo-signature"].joined(separator: ".")
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
