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

    /// Unpadded base64url (RFC 4648 §5). Written out rather than Foundation's base64 plus three replacements:
    /// `--demo` makes its token before anything else, and those calls cost half a millisecond there.
    static func base64URL(_ text: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var bits: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { bits |= UInt32(byte) << (16 - 8 * UInt32(offset)) }
            for sextet in 0...chunk.count { out.append(alphabet[Int((bits >> (18 - 6 * UInt32(sextet))) & 0x3F)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
