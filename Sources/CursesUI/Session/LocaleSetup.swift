import CNcursesw
import Foundation

/// The locale must be set before ncurses starts, or wide characters come out as escapes and `wcwidth`
/// answers -1 for everything that is not ASCII.
enum LocaleSetup {
    static func configure() -> GlyphMode {
        _ = setlocale(LC_ALL, "")
        if codeset() == .unicode { return .unicode }
        // LANG=C and friends: switch only the character set, keeping messages and formats as asked.
        if setlocale(LC_CTYPE, "C.UTF-8") != nil, codeset() == .unicode { return .unicode }
        return .ascii
    }

    private static func codeset() -> GlyphMode {
        guard let name = nl_langinfo(nl_item(CODESET)) else { return .ascii }
        return GlyphMode.forCodeset(String(cString: name))
    }
}
