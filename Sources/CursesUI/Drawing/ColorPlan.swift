import BrowserCore

/// Text attributes as the theme names them, kept apart from curses' bit values so the plan is testable.
struct TextAttributes: OptionSet, Hashable, Sendable {
    let rawValue: UInt8
    static let bold = TextAttributes(rawValue: 1 << 0)
    static let underline = TextAttributes(rawValue: 1 << 1)
    static let reverse = TextAttributes(rawValue: 1 << 2)
    static let dim = TextAttributes(rawValue: 1 << 3)

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    init(_ style: Style) {
        var attributes: TextAttributes = []
        if style.bold { attributes.insert(.bold) }
        if style.underline { attributes.insert(.underline) }
        if style.reverse { attributes.insert(.reverse) }
        if style.dim { attributes.insert(.dim) }
        self = attributes
    }
}

/// How each role is drawn on this terminal: one colour pair per role, fitted to the colours it has.
struct ColorPlan: Equatable {
    struct Pair: Equatable {
        var number: Int
        var foreground: Int
        var background: Int
    }

    struct Appearance: Equatable {
        var attributes: TextAttributes
        /// 0 is the terminal's default colours.
        var pair: Int
    }

    var appearances: [Role: Appearance]
    /// The pairs to initialise, numbered from 1.
    var pairs: [Pair]

    func appearance(_ role: Role) -> Appearance {
        appearances[role] ?? Appearance(attributes: [], pair: 0)
    }

    /// - Parameters:
    ///   - colors: the terminal's colour count; 0 when colour is off (no colours, or NO_COLOR).
    ///   - pairLimit: COLOR_PAIRS; roles beyond it fall back to the default colours.
    ///   - defaultColors: whether -1 (the terminal's own colours) is allowed, i.e. use_default_colors worked.
    static func make(theme: Theme, colors: Int, pairLimit: Int, defaultColors: Bool) -> ColorPlan {
        // Below 8 colours no palette is worth using. A theme that relies on colour would lose its meaning
        // (a selection that is only a background), so the attribute-only theme stands in for it.
        let usable = colors >= 8 ? colors : 0
        let theme = usable == 0 && theme.usesColor ? Theme.monochromeFallback : theme
        var appearances: [Role: Appearance] = [:]
        var pairs: [Pair] = []
        for role in Role.allCases {
            let style = theme.style(role)
            var appearance = Appearance(attributes: TextAttributes(style), pair: 0)
            if usable > 0 {
                var foreground = colorNumber(style.foreground, colors: usable)
                var background = colorNumber(style.background, colors: usable)
                if !defaultColors {
                    foreground = foreground < 0 ? 7 : foreground
                    background = background < 0 ? 0 : background
                }
                let plain = defaultColors ? (foreground == -1 && background == -1) : (foreground == 7 && background == 0)
                if !plain && pairs.count + 1 < pairLimit {
                    let pair = Pair(number: pairs.count + 1, foreground: foreground, background: background)
                    pairs.append(pair)
                    appearance.pair = pair.number
                }
            }
            appearances[role] = appearance
        }
        return ColorPlan(appearances: appearances, pairs: pairs)
    }

    /// The curses colour number. Up to 256 colours that is a palette index; a direct-colour terminal
    /// (COLORS = 2^24, e.g. xterm-direct) takes 0xRRGGBB instead, with 0–7 still meaning the ANSI colours.
    static func colorNumber(_ color: ThemeColor, colors: Int) -> Int {
        guard colors > 256 else { return color.paletteIndex(colors: colors) }
        switch color {
        case .ansi(let index) where index < 8, .indexed(let index) where index < 8:
            return max(index, 0)
        default:
            guard let rgb = color.xtermRGB else { return -1 }
            // Packed values below 8 would be read as ANSI colours; 8 is indistinguishable from black.
            return max(Int(rgb.red) << 16 | Int(rgb.green) << 8 | Int(rgb.blue), 8)
        }
    }
}
