/// A key press, decoded by the terminal backend. Everything the UI reacts to arrives as one of these.
public enum Key: Equatable, Sendable, Hashable {
    case char(Character)
    /// Ctrl plus a letter, lower-case: `.ctrl("c")`.
    case ctrl(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)
    /// Text pasted in one go (bracketed paste), newlines included.
    case paste(String)
}

/// Everything that can change the state.
public enum Event: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// Time passed (spinner frames, message expiry).
    case tick
    case result(EffectResult)
}
