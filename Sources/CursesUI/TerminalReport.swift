import BrowserCore
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

/// What `twbrowse doctor` says about the terminal, without starting curses.
public enum TerminalReport {
    /// Each line with whether it is fine (`ok` false: doctor counts it as a problem).
    public static func lines(environment: [String: String]) -> [(label: String, value: String, ok: Bool)] {
        var out: [(label: String, value: String, ok: Bool)] = []
        let term = environment["TERM"] ?? ""
        out.append(("TERM", term.isEmpty ? "(not set)" : term, true))
        if let problem = TerminalCheck.problem(environment: environment) {
            out.append(("full-screen UI", "not possible here: \(problem)", false))
        } else {
            out.append(("full-screen UI", "ok", true))
        }
        if !term.isEmpty {
            let colors = term.withCString { twb_terminfo_colors($0, STDOUT_FILENO) }
            var text = colors > 0 ? "\(colors)" : "none"
            if environment["NO_COLOR"].map({ !$0.isEmpty }) ?? false { text += " (NO_COLOR is set: monochrome)" }
            if let colorterm = environment["COLORTERM"] { text += ", COLORTERM=\(colorterm)" }
            out.append(("colours", text, true))
        }
        var rows: Int32 = 0, cols: Int32 = 0
        if twb_window_size(STDOUT_FILENO, &rows, &cols) == 0 {
            let ok = cols >= Layout.minimumWidth && rows >= Layout.minimumHeight
            out.append(("size", "\(cols)x\(rows)" + (ok ? "" : " (the browser needs at least \(Layout.minimumWidth)x\(Layout.minimumHeight))"), true))
        } else {
            out.append(("size", "unknown (standard output is not a terminal)", true))
        }
        setlocale(LC_CTYPE, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].compactMap { k in environment[k].flatMap { $0.isEmpty ? nil : "\(k)=\($0)" } }.first ?? "(none set: C)"
        let utf8 = GlyphMode.forCodeset(codeset) == .unicode
        out.append(("locale", "\(locale), codeset \(codeset)" + (utf8 ? "" : " — not UTF-8: the browser switches to C.UTF-8 if available, else draws ASCII"), true))
        let route = ClipboardRoute.current(environment: environment)
        out.append(("clipboard", route.description, route.problem == nil))
        return out
    }
}
