#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The secrets this process holds (tokens, client secrets, proxy passwords) and the one function every
/// output path calls to take them out of what it is about to write: stdout, stderr, the UI's frames and
/// messages, the clipboard, the request log.
///
/// A server may echo the Authorization header back in any shape, so a secret is found as sent, with any of
/// its characters JSON-escaped (`\/`, `\u002F`) or percent-encoded (`%2F`, `%2f`), and in base64 (standard or
/// URL-safe, at any alignment inside a longer base64 text). Secrets shorter than `minimumLength` are not
/// searched for: they would match ordinary words.
public final class SecretRedaction: @unchecked Sendable {
    public static let shared = SecretRedaction()
    public static let marker = "[redacted]"
    public static let minimumLength = 8
    /// The most secrets kept: a long session may renew its token many times; the newest count.
    static let capacity = 64

    private struct Secret {
        let bytes: [UInt8]
        /// Base64 texts that only this secret's bits produce, whatever precedes it.
        let base64: [[UInt8]]
    }

    private let lock = Lock()
    private var secrets: [Secret] = []

    public init() {}

    /// Remembers `secret`, so that from now on no output carries it.
    public func register(_ secret: String) {
        let bytes = Array(secret.utf8)
        guard secret.count >= Self.minimumLength else { return }
        lock.withLock {
            if let i = secrets.firstIndex(where: { $0.bytes == bytes }) {
                secrets.append(secrets.remove(at: i))
                return
            }
            secrets.append(Secret(bytes: bytes, base64: Self.base64Forms(bytes)))
            if secrets.count > Self.capacity { secrets.removeFirst(secrets.count - Self.capacity) }
        }
    }

    /// Every known secret in `text`, in any of its forms, replaced by the marker.
    public func redact(_ text: String) -> String {
        if text.utf8.count < Self.minimumLength { return text }
        let known = lock.withLock { secrets }
        if known.isEmpty { return text }
        var bytes = Array(text.utf8)
        var changed = false
        for secret in known.reversed() {
            changed = Self.replaceEncoded(secret.bytes, in: &bytes) || changed
            for form in secret.base64 { changed = Self.replaceLiteral(form, in: &bytes) || changed }
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    public func redact(_ data: Data) -> Data {
        let text = String(decoding: data, as: UTF8.self)
        let redacted = redact(text)
        return redacted == text ? data : Data(redacted.utf8)
    }

    // MARK: Matching

    /// Replaces every occurrence of `secret` whose bytes appear as themselves, `\/`, `\"`, `\\`, `\uXXXX`
    /// (ASCII) or `%XX`, in any mix.
    private static func replaceEncoded(_ secret: [UInt8], in text: inout [UInt8]) -> Bool {
        guard let first = secret.first else { return false }
        var out: [UInt8] = []
        var i = 0
        var changed = false
        while i < text.count {
            let b = text[i]
            if b == first || b == UInt8(ascii: "\\") || b == UInt8(ascii: "%"), let end = match(secret, in: text, at: i) {
                if !changed { out.reserveCapacity(text.count); out.append(contentsOf: text[0..<i]) }
                changed = true
                out.append(contentsOf: marker.utf8)
                i = end
                continue
            }
            if changed { out.append(b) }
            i += 1
        }
        if changed { text = out }
        return changed
    }

    /// The end of the secret's occurrence starting at `start`, or nil.
    private static func match(_ secret: [UInt8], in text: [UInt8], at start: Int) -> Int? {
        var k = start
        for s in secret {
            guard k < text.count else { return nil }
            let t = text[k]
            if t == s { k += 1; continue }
            if t == UInt8(ascii: "%"), k + 2 < text.count, let v = hexValue(text[k + 1...k + 2]), v == s { k += 3; continue }
            if t == UInt8(ascii: "\\"), k + 1 < text.count {
                let next = text[k + 1]
                if next == s && (s == UInt8(ascii: "/") || s == UInt8(ascii: "\"") || s == UInt8(ascii: "\\")) { k += 2; continue }
                if next == UInt8(ascii: "u"), s < 0x80, k + 5 < text.count, text[k + 2] == UInt8(ascii: "0"), text[k + 3] == UInt8(ascii: "0"),
                   let v = hexValue(text[k + 4...k + 5]), v == s { k += 6; continue }
            }
            return nil
        }
        return k
    }

    private static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt8? {
        var value: UInt8 = 0
        for d in digits {
            let nibble: UInt8
            switch d {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = d - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = d - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = d - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | nibble
        }
        return value
    }

    private static func replaceLiteral(_ needle: [UInt8], in text: inout [UInt8]) -> Bool {
        guard !needle.isEmpty, text.count >= needle.count else { return false }
        var out: [UInt8] = []
        var i = 0
        var changed = false
        while i < text.count {
            if text[i] == needle[0], i + needle.count <= text.count, text[i..<(i + needle.count)].elementsEqual(needle) {
                if !changed { out.append(contentsOf: text[0..<i]) }
                changed = true
                out.append(contentsOf: marker.utf8)
                i += needle.count
                continue
            }
            if changed { out.append(text[i]) }
            i += 1
        }
        if changed { text = out }
        return changed
    }

    /// The secret's base64 at each of the three alignments it can have inside a longer text, cut to the
    /// characters that only its own bits decide, standard and URL-safe.
    static func base64Forms(_ secret: [UInt8]) -> [[UInt8]] {
        var forms: [[UInt8]] = []
        for offset in 0..<3 {
            let padded = Data(Array(repeating: 0, count: offset) + secret)
            let encoded = Array(padded.base64EncodedString().utf8)
            let start = (offset * 8 + 5) / 6
            let end = min(encoded.count, (padded.count * 8) / 6)
            guard end - start >= minimumLength else { continue }
            let form = Array(encoded[start..<end])
            forms.append(form)
            let urlSafe = form.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: "-") : $0 == UInt8(ascii: "/") ? UInt8(ascii: "_") : $0 }
            if urlSafe != form { forms.append(urlSafe) }
        }
        return forms
    }
}
