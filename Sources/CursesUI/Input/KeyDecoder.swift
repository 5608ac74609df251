import BrowserCore

/// Turns `wget_wch` results into keys: control bytes, escape sequences ncurses left undecoded (Home/End
/// variants, modified arrows, ESC[200~ bracketed pastes) and a lone Esc. Pure, so it is tested by feeding
/// it what `wget_wch` would return.
struct KeyDecoder {
    private enum State: Equatable {
        case idle
        case escape
        /// ESC [ with the parameter and intermediate bytes so far.
        case csi(String)
        /// ESC O.
        case ss3
        /// ESC [ [, the Linux console's F1–F5.
        case linuxFunction
        /// Inside a bracketed paste; `terminator` counts how much of ESC[201~ has been seen.
        case paste(PasteBuffer, terminator: Int)
    }

    private var state = State.idle
    private static let pasteEnd = Array("\u{1B}[201~".unicodeScalars)

    /// How long to wait for the rest of an unfinished sequence before `flush`: nil when nothing is pending.
    var flushAfterMilliseconds: Int? {
        switch state {
        case .idle: nil
        case .escape, .csi, .ss3, .linuxFunction: 50
        case .paste: 2_000
        }
    }

    mutating func feed(_ input: RawInput) -> [DecodedInput] {
        var out: [DecodedInput] = []
        feed(input, into: &out)
        return out
    }

    /// `wget_wch` said ERR: no more input right now. ncurses has already waited ESCDELAY after an Esc,
    /// so an Esc with nothing after it is the Esc key. Longer sequences and pastes may continue.
    mutating func endOfInput() -> [DecodedInput] {
        guard state == .escape else { return [] }
        state = .idle
        return [.key(.escape)]
    }

    /// Gives up on whatever is pending: a cut-off sequence becomes the keys typed, a paste whose end marker
    /// never came is delivered as it is.
    mutating func flush() -> [DecodedInput] {
        let pending = state
        state = .idle
        switch pending {
        case .idle:
            return []
        case .escape:
            return [.key(.escape)]
        case .csi(let body):
            return Self.typedCSI(body)
        case .ss3:
            return [.key(.escape), .key(.char("O"))]
        case .linuxFunction:
            return [.key(.escape), .key(.char("[")), .key(.char("["))]
        case .paste(var buffer, let terminator):
            buffer.append(contentsOf: Self.pasteEnd.prefix(terminator))
            return [.key(.paste(buffer.text))]
        }
    }

    private mutating func feed(_ input: RawInput, into out: inout [DecodedInput]) {
        switch state {
        case .idle:
            feedIdle(input, into: &out)
        case .escape:
            guard case .scalar(let scalar) = input else {
                state = .idle
                out.append(.key(.escape))
                feedIdle(input, into: &out)
                return
            }
            switch scalar {
            case "[": state = .csi("")
            case "O": state = .ss3
            case "\u{1B}": out.append(.key(.escape))
            default:
                // Alt-x arrives as ESC x: delivered as Esc, then x.
                state = .idle
                out.append(.key(.escape))
                feedIdle(input, into: &out)
            }
        case .csi(let body):
            feedCSI(body, input, into: &out)
        case .ss3:
            state = .idle
            guard case .scalar(let scalar) = input, (0x40...0x7E).contains(scalar.value) else {
                out.append(contentsOf: [.key(.escape), .key(.char("O"))])
                feedIdle(input, into: &out)
                return
            }
            if let key = Self.ss3Key(scalar) { out.append(.key(key)) }
        case .linuxFunction:
            state = .idle
            if case .scalar(let scalar) = input, ("A"..."E").contains(scalar) {
                out.append(.key(.function(Int(scalar.value - 0x40))))
            }
        case .paste(var buffer, var terminator):
            // Let go of the state's copy first, so appending does not copy the whole paste every time.
            state = .idle
            if case .scalar(let scalar) = input {
                if scalar == Self.pasteEnd[terminator] {
                    terminator += 1
                    if terminator == Self.pasteEnd.count {
                        out.append(.key(.paste(buffer.text)))
                        return
                    }
                } else {
                    // What looked like the start of the end marker was text after all.
                    buffer.append(contentsOf: Self.pasteEnd.prefix(terminator))
                    terminator = scalar == Self.pasteEnd[0] ? 1 : 0
                    if terminator == 0 { buffer.append(scalar) }
                }
            } else if input == .resize {
                // A key ncurses decoded inside the paste (an escape sequence in the pasted text) has no
                // text form; a resize still counts.
                out.append(.resize)
            }
            state = .paste(buffer, terminator: terminator)
        }
    }

    private mutating func feedIdle(_ input: RawInput, into out: inout [DecodedInput]) {
        switch input {
        case .key(let key): out.append(.key(key))
        case .resize: out.append(.resize)
        case .mouseReportStart: state = .csi("<")
        case .ignored: break
        case .scalar(let scalar):
            if scalar == "\u{1B}" {
                state = .escape
            } else if let key = Self.plainKey(scalar) {
                out.append(.key(key))
            }
        }
    }

    /// A CSI sequence given up on: the keys as typed (Esc, "[", then the body).
    private static func typedCSI(_ body: String) -> [DecodedInput] {
        [.key(.escape), .key(.char("["))] + body.map { .key(.char($0)) }
    }

    private mutating func feedCSI(_ body: String, _ input: RawInput, into out: inout [DecodedInput]) {
        guard case .scalar(let scalar) = input, scalar.isASCII, body.count < 16 else {
            state = .idle
            out.append(contentsOf: Self.typedCSI(body))
            feedIdle(input, into: &out)
            return
        }
        if body.isEmpty && scalar == "[" {
            state = .linuxFunction
            return
        }
        switch scalar.value {
        case 0x20...0x3F:
            state = .csi(body + String(scalar))
        case 0x40...0x7E:
            state = .idle
            if body == "200" && scalar == "~" {
                state = .paste(PasteBuffer(), terminator: 0)
            } else if body.hasPrefix("<") {
                if let mouse = Self.sgrMouse(body, final: scalar) { out.append(.mouse(mouse)) }
            } else if let key = Self.csiKey(body, final: scalar) {
                out.append(.key(key))
            }
        default:
            state = .idle
            out.append(contentsOf: Self.typedCSI(body))
            feedIdle(input, into: &out)
        }
    }

    /// ESC [ < button ; column ; row M (press) or m (release), columns and rows from 1. Presses of the
    /// left button and wheel steps are kept; releases, motion and other buttons are dropped.
    static func sgrMouse(_ body: String, final: Unicode.Scalar) -> MouseEvent? {
        let fields = body.dropFirst().split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        guard final == "M", fields.count == 3, let code = fields[0], let column = fields[1], let row = fields[2],
              column >= 1, row >= 1, code & 32 == 0 else { return nil }
        let kind: MouseEvent.Kind
        switch code & ~0b11100 {   // without the Shift, Alt and Ctrl bits
        case 0: kind = .click
        case 64: kind = .wheelUp
        case 65: kind = .wheelDown
        default: return nil
        }
        return MouseEvent(kind, x: column - 1, y: row - 1)
    }

    /// A byte or character outside any sequence.
    static func plainKey(_ scalar: Unicode.Scalar) -> Key? {
        switch scalar.value {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x08, 0x7F: return .backspace
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(0x60 + scalar.value)!))
        case 0x00...0x1F, 0x80...0x9F: return nil
        default: return .char(Character(scalar))
        }
    }

    /// ESC [ params final: xterm, VT220 and rxvt forms. Modifier parameters (ESC[1;5A) are ignored, but
    /// for Alt-← and Alt-→ (ESC[1;3D, ESC[1;3C), which go back and forward through the history.
    static func csiKey(_ body: String, final: Unicode.Scalar) -> Key? {
        let parameters = body.split(separator: ";", omittingEmptySubsequences: false)
        let first = Int(parameters.first ?? "") ?? 1
        if parameters.count == 2, first == 1, parameters[1] == "3" {
            if final == "D" { return .altLeft }
            if final == "C" { return .altRight }
        }
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "Z": return .backTab
        case "P", "Q", "R", "S": return .function(Int(final.value - 0x4F))
        case "~": break
        default: return nil
        }
        switch first {
        case 1, 7: return .home
        case 4, 8: return .end
        case 3: return .delete
        case 5: return .pageUp
        case 6: return .pageDown
        case 11...15: return .function(first - 10)
        case 17...21: return .function(first - 11)
        case 23, 24: return .function(first - 12)
        default: return nil
        }
    }

    /// ESC O final: application-mode cursor keys, F1–F4 and keypad Enter.
    static func ss3Key(_ final: Unicode.Scalar) -> Key? {
        switch final {
        case "A": .up
        case "B": .down
        case "C": .right
        case "D": .left
        case "H": .home
        case "F": .end
        case "M": .enter
        case "P", "Q", "R", "S": .function(Int(final.value - 0x4F))
        default: nil
        }
    }
}
