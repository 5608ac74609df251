import BrowserCore

/// One result of `wget_wch`, before escape sequences and pastes are assembled.
enum RawInput: Equatable {
    /// A character (`OK`).
    case scalar(Unicode.Scalar)
    /// A function key ncurses decoded itself (`KEY_CODE_YES`).
    case key(Key)
    /// `KEY_RESIZE`.
    case resize
    /// A function key with no meaning here (Insert, mouse, keypad centre).
    case ignored
}

/// What the decoder hands the loop.
enum DecodedInput: Equatable {
    case key(Key)
    case resize
}
