import BrowserCore
import CNcursesw

/// ncurses' KEY_* codes as keys.
enum CursesKeyMap {
    static func input(forCode code: Int32) -> RawInput {
        switch code {
        case KEY_RESIZE: return .resize
        case KEY_MOUSE: return .mouseReportStart
        case KEY_UP, KEY_SR: return .key(.up)
        case KEY_DOWN, KEY_SF: return .key(.down)
        case KEY_LEFT, KEY_SLEFT: return .key(.left)
        case KEY_RIGHT, KEY_SRIGHT: return .key(.right)
        case KEY_PPAGE, KEY_A3, KEY_SPREVIOUS: return .key(.pageUp)
        case KEY_NPAGE, KEY_C3, KEY_SNEXT: return .key(.pageDown)
        case KEY_HOME, KEY_A1, KEY_SHOME: return .key(.home)
        case KEY_END, KEY_C1, KEY_SEND, KEY_LL: return .key(.end)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC, KEY_SDC: return .key(.delete)
        case twb_key_f(1)...twb_key_f(12):
            return .key(.function(Int(code - twb_key_f(0))))
        case twb_key_f(13)...twb_key_f(24):
            // xterm reports Shift-F1…F12 as F13…F24.
            return .key(.function(Int(code - twb_key_f(12))))
        default:
            // Keys beyond KEY_MAX come from terminfo's extended names (xterm's kUP5 is Ctrl-Up).
            guard code > KEY_MAX, let name = keyname(code) else { return .ignored }
            return extendedKey(named: String(cString: name)).map(RawInput.key) ?? .ignored
        }
    }

    /// A terminfo extended key name with its modifier digit, as the plain key: kUP5 → up; but Alt-← and
    /// Alt-→ (kLFT3, kRIT3), which go back and forward through the history.
    static func extendedKey(named name: String) -> Key? {
        let base = name.prefix { !$0.isNumber }
        guard base.count < name.count, name.dropFirst(base.count).allSatisfy(\.isNumber) else { return nil }
        if name == "kLFT3" { return .altLeft }
        if name == "kRIT3" { return .altRight }
        switch base {
        case "kUP": return .up
        case "kDN": return .down
        case "kLFT": return .left
        case "kRIT": return .right
        case "kHOM": return .home
        case "kEND": return .end
        case "kPRV": return .pageUp
        case "kNXT": return .pageDown
        case "kDC": return .delete
        default: return nil
        }
    }
}
