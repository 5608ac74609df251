import TechWolfAPI

/// A key press, decoded by the terminal backend. Everything the UI reacts to arrives as one of these.
public enum Key: Equatable, Sendable, Hashable {
    case char(Character)
    /// Ctrl plus a letter, lower-case: `.ctrl("c")`.
    case ctrl(Character)
    case up, down, left, right
    /// Alt with an arrow (xterm: ESC [1;3D and ESC [1;3C).
    case altLeft, altRight
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)
    /// Text pasted in one go (bracketed paste), newlines included.
    case paste(String)
}

/// What the mouse did: a left-button press or one wheel step, and where.
public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case click, wheelUp, wheelDown }
    public let kind: Kind
    public let x: Int
    public let y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// Everything that can change the state.
public enum Event: Sendable {
    case key(Key)
    /// A click or wheel step, in screen cells from the top left.
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// Time passed (spinner frames, message expiry).
    case tick
    /// `cache`: the cache's figures once the work was done, for the status bar.
    case result(EffectResult, cache: CacheStats? = nil)
}

extension Key {
    /// How help and the hint bar show the key: "↑", "^B", "PgDn", "⏎".
    public var label: String {
        switch self {
        case .char(let c): return String(c)
        case .ctrl(let c): return "^" + c.uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .altLeft: return "Alt-←"
        case .altRight: return "Alt-→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "⏎"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .function(let n): return "F\(n)"
        case .paste: return "paste"
        }
    }
}

extension Key {
    /// The text a typed character or a paste carries; nil for every other key.
    public var text: String? {
        switch self {
        case .char(let c): return String(c)
        case .paste(let s): return s
        default: return nil
        }
    }
}
