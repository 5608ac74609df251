import CNcursesw
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The character set must be set before ncurses starts, or wide characters come out as escapes and
/// `wcwidth` answers -1 for everything that is not ASCII. Only LC_CTYPE: nothing else here is formatted by
/// the C library, the UI's words are English (so `strerror` stays English beside them), and each other
/// category is a file to open and map on the way to the first frame.
enum LocaleSetup {
    static func configure() -> GlyphMode {
        _ = setlocale(LC_CTYPE, "")
        if codeset() == .unicode { return .unicode }
        // LANG=C and friends: a UTF-8 character set all the same, where the system has one.
        if setlocale(LC_CTYPE, "C.UTF-8") != nil, codeset() == .unicode { return .unicode }
        return .ascii
    }

    private static func codeset() -> GlyphMode {
        guard let name = nl_langinfo(nl_item(CODESET)) else { return .ascii }
        return GlyphMode.forCodeset(String(cString: name))
    }
}
