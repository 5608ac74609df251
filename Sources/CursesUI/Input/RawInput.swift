import BrowserCore

/// One result of `wget_wch`, before escape sequences and pastes are assembled.
enum RawInput: Equatable {
    /// A character (`OK`).
    case scalar(Unicode.Scalar)
    /// A function key ncurses decoded itself (`KEY_CODE_YES`).
    case key(Key)
    /// `KEY_RESIZE`.
    case resize
    /// ncurses recognised the start of an SGR mouse report (terminfo's kmous is ESC [ <, as for
    /// xterm-256color) and left the rest of it unread.
    case mouseReportStart
    /// A function key with no meaning here (Insert, keypad centre).
    case ignored
}

/// What the decoder hands the loop.
enum DecodedInput: Equatable {
    case key(Key)
    case resize
    case mouse(MouseEvent)
}
