/// Fitting a theme's colours to what the terminal can show. Themes are written for 256-colour and
/// true-colour terminals; a bare 16- or 8-colour console (the Linux console, some SSH setups) still gets
/// the closest thing instead of garbage or nothing.
extension ThemeColor {
    /// The curses colour number to use on a terminal with `colors` colours: -1 for the terminal default,
    /// and also when there are fewer than 8 colours, where no palette is worth using.
    public func paletteIndex(colors: Int) -> Int {
        guard colors >= 8 else { return -1 }
        let ansiCount = colors >= 16 ? 16 : 8
        switch self {
        case .terminalDefault:
            return -1
        case .ansi(let index):
            return Self.fitANSI(index, count: ansiCount)
        case .indexed(let index) where index < 16:
            return Self.fitANSI(index, count: ansiCount)
        case .indexed(let index):
            guard colors < 256 else { return index }
            return XtermPalette.nearestANSI(to: XtermPalette.xterm(index), count: ansiCount)
        case let .rgb(red, green, blue):
            let rgb = XtermRGB(red: Int(red), green: Int(green), blue: Int(blue))
            guard colors < 256 else { return XtermPalette.nearestXterm256(to: rgb) }
            return XtermPalette.nearestANSI(to: rgb, count: ansiCount)
        }
    }

    /// The colour as xterm shows it by default, or nil for the terminal default (whose colour nobody
    /// knows). Useful to reason about hues, e.g. to check a theme does not rely on red against green.
    public var xtermRGB: (red: UInt8, green: UInt8, blue: UInt8)? {
        let rgb: XtermRGB
        switch self {
        case .terminalDefault: return nil
        case .ansi(let index), .indexed(let index): rgb = XtermPalette.xterm(index)
        case let .rgb(red, green, blue): return (red, green, blue)
        }
        return (UInt8(rgb.red), UInt8(rgb.green), UInt8(rgb.blue))
    }

    /// Bright ANSI colours (8–15) fold onto their normal forms on an 8-colour terminal.
    private static func fitANSI(_ index: Int, count: Int) -> Int {
        let clamped = min(max(index, 0), 15)
        return count == 16 ? clamped : clamped % 8
    }
}

extension Theme {
    /// Whether any role sets a foreground or background colour; false for attribute-only themes.
    public var usesColor: Bool {
        styles.values.contains { $0.foreground != .terminalDefault || $0.background != .terminalDefault }
    }
}

struct XtermRGB: Equatable {
    var red: Int
    var green: Int
    var blue: Int
}

/// The standard xterm palette and nearest-colour searches over it.
enum XtermPalette {
    /// xterm's default values for the 16 ANSI colours. Real terminals theme these, so they are only a
    /// guess, but the common one.
    static let ansi: [XtermRGB] = [
        (0x00, 0x00, 0x00), (0xcd, 0x00, 0x00), (0x00, 0xcd, 0x00), (0xcd, 0xcd, 0x00),
        (0x00, 0x00, 0xee), (0xcd, 0x00, 0xcd), (0x00, 0xcd, 0xcd), (0xe5, 0xe5, 0xe5),
        (0x7f, 0x7f, 0x7f), (0xff, 0x00, 0x00), (0x00, 0xff, 0x00), (0xff, 0xff, 0x00),
        (0x5c, 0x5c, 0xff), (0xff, 0x00, 0xff), (0x00, 0xff, 0xff), (0xff, 0xff, 0xff),
    ].map { XtermRGB(red: $0.0, green: $0.1, blue: $0.2) }

    /// The hueless ANSI colours (black, bright black, white, bright white): where greys go.
    static let greys = [0, 7, 8, 15]

    /// The six channel levels of the 6x6x6 cube (indices 16–231).
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    static func xterm(_ index: Int) -> XtermRGB {
        let index = min(max(index, 0), 255)
        if index < 16 { return ansi[index] }
        if index >= 232 {
            let grey = 8 + 10 * (index - 232)
            return XtermRGB(red: grey, green: grey, blue: grey)
        }
        let cube = index - 16
        return XtermRGB(red: cubeLevels[cube / 36], green: cubeLevels[cube / 6 % 6], blue: cubeLevels[cube % 6])
    }

    /// Nearest entry of the cube or the grey ramp. The 16 ANSI entries are left out on purpose: terminals
    /// theme them, while indices 16–255 mean the same colour everywhere.
    static func nearestXterm256(to rgb: XtermRGB) -> Int {
        func level(_ channel: Int) -> Int {
            cubeLevels.indices.min { abs(cubeLevels[$0] - channel) < abs(cubeLevels[$1] - channel) } ?? 0
        }
        let cubeIndex = 16 + 36 * level(rgb.red) + 6 * level(rgb.green) + level(rgb.blue)
        let average = (rgb.red + rgb.green + rgb.blue) / 3
        let greyIndex = 232 + min(max((average - 3) / 10, 0), 23)
        return distance(rgb, xterm(greyIndex)) < distance(rgb, xterm(cubeIndex)) ? greyIndex : cubeIndex
    }

    /// Nearest of the first `count` ANSI colours, compared only with colours of its own kind. A grey
    /// goes to a grey, so muted text does not turn cyan. A colour with a clear hue goes to the ANSI colour
    /// of the nearest hue, so a dark red error stays red rather than black and a yellow-green success
    /// stays green rather than yellow (plain distance gets both wrong); hues about equally near are
    /// settled by distance.
    static func nearestANSI(to rgb: XtermRGB, count: Int) -> Int {
        let nearest = { (candidates: [Int]) -> Int in
            candidates.min { distance(rgb, ansi[$0]) < distance(rgb, ansi[$1]) } ?? 0
        }
        guard let hue = clearHue(rgb) else {
            return nearest(greys.filter { $0 < count })
        }
        let chromatic = (0..<count).filter { !greys.contains($0) }
        let gaps = chromatic.map { hueGap(hue, clearHue(ansi[$0]) ?? 0) }
        let best = gaps.min() ?? 0
        return nearest(zip(chromatic, gaps).filter { $0.1 <= best + 10 }.map(\.0))
    }

    /// The hue in degrees, or nil when the colour is too grey for its hue to matter.
    static func clearHue(_ rgb: XtermRGB) -> Double? {
        let red = Double(rgb.red), green = Double(rgb.green), blue = Double(rgb.blue)
        let high = max(red, green, blue)
        let chroma = high - min(red, green, blue)
        guard chroma >= 64, chroma / high >= 0.3 else { return nil }
        let hue: Double
        switch high {
        case red: hue = 60 * ((green - blue) / chroma)
        case green: hue = 60 * ((blue - red) / chroma + 2)
        default: hue = 60 * ((red - green) / chroma + 4)
        }
        return hue < 0 ? hue + 360 : hue
    }

    private static func hueGap(_ a: Double, _ b: Double) -> Double {
        let gap = abs(a - b).truncatingRemainder(dividingBy: 360)
        return min(gap, 360 - gap)
    }

    /// "Redmean" weighted distance: cheap, and closer to how eyes judge colour than plain RGB distance.
    static func distance(_ a: XtermRGB, _ b: XtermRGB) -> Double {
        let redMean = Double(a.red + b.red) / 2
        let red = Double(a.red - b.red)
        let green = Double(a.green - b.green)
        let blue = Double(a.blue - b.blue)
        return (2 + redMean / 256) * red * red + 4 * green * green + (2 + (255 - redMean) / 256) * blue * blue
    }
}
