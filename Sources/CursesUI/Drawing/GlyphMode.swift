/// How cell text reaches the terminal, decided by the locale's character set.
enum GlyphMode: Equatable, Sendable {
    /// A UTF-8 locale: clusters are drawn as they are.
    case unicode
    /// No UTF-8 locale available: only ASCII can be shown, the rest is transliterated or "?".
    case ascii

    static func forCodeset(_ codeset: String) -> GlyphMode {
        let normalized = codeset.uppercased().filter { $0 != "-" && $0 != "_" }
        return normalized == "UTF8" ? .unicode : .ascii
    }
}
