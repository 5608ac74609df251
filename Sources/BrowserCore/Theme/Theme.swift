/// A colour as a theme file gives it.
public enum ThemeColor: Equatable, Sendable, Hashable {
    /// The terminal's own default foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours: 0 black … 7 white, 8–15 their bright forms.
    case ansi(Int)
    /// A 256-colour palette index.
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)
}

/// How one role looks.
public struct Style: Equatable, Sendable, Hashable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                bold: Bool = false, underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }
}

/// A named set of styles, one per role.
public struct Theme: Equatable, Sendable {
    public let name: String
    public let styles: [Role: Style]

    public init(name: String, styles: [Role: Style]) {
        self.name = name
        self.styles = styles
    }

    public func style(_ role: Role) -> Style {
        styles[role] ?? styles[.text] ?? Style()
    }
}
