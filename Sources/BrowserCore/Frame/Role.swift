import TechWolfAPI

/// The semantic roles a theme colours. Screens draw with roles, never with colours, so a theme (or
/// `NO_COLOR`) can restyle everything and a colour never carries meaning alone.
public enum Role: String, CaseIterable, Sendable, Hashable {
    case text
    case muted
    case accent
    case header
    case selection
    case border
    case error
    case warning
    case success
    case label
    case input
    case keyHint = "key_hint"
    case keyHintKey = "key_hint_key"
    case statusBar = "status_bar"
    case progress
    case jsonKey = "json_key"
    case jsonString = "json_string"
    case jsonNumber = "json_number"
    case jsonBool = "json_bool"
    case jsonNull = "json_null"
    case jsonPunctuation = "json_punctuation"
    /// Every match of a search inside a view, and the current one.
    case searchMatch = "search_match"
    case searchCurrent = "search_current"
}

extension Role {
    /// How a decoded field's tone is drawn.
    init(_ tone: RecordLine.Tone) {
        switch tone {
        case .normal: self = .text
        case .muted: self = .muted
        case .warning: self = .warning
        case .error: self = .error
        }
    }
}
