import BrowserCore
import CNcursesw
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes frames into stdscr. Only rows that changed since the last frame are written, and
/// `wnoutrefresh`/`doupdate` send only the cells that really changed, so a keystroke costs a few bytes.
final class FrameDrawer {
    private let mode: GlyphMode
    private let colors: Int
    private let defaultColors: Bool
    private var previous: Frame?
    private var theme: Theme?
    private var plan = ColorPlan(appearances: [:], pairs: [])
    private var cursorVisible: Bool?
    private var characters: [wchar_t] = []

    /// - Parameter colors: COLORS when colour is in use, 0 for attributes only.
    init(mode: GlyphMode, colors: Int, defaultColors: Bool) {
        self.mode = mode
        self.colors = colors
        self.defaultColors = defaultColors
    }

    /// The next frame is written in full (after a resize, a suspend, or anything that garbled the window).
    func invalidate() {
        previous = nil
        cursorVisible = nil
    }

    func draw(_ frame: Frame, theme newTheme: Theme) {
        let window = twb_stdscr()
        if newTheme != theme {
            theme = newTheme
            applyColors(for: newTheme)
            previous = nil
        }
        let rows = min(frame.height, Int(twb_lines()))
        let columns = min(frame.width, Int(twb_cols()))
        if previous == nil { werase(window) }
        for y in RowDiff.changedRows(previous: previous, next: frame) where y < rows {
            drawRow(frame, y: y, columns: columns, window: window)
        }
        previous = frame
        placeCursor(frame.cursor, rows: rows, columns: columns, window: window)
        wnoutrefresh(window)
        doupdate()
    }

    private func drawRow(_ frame: Frame, y: Int, columns: Int, window: UnsafeMutablePointer<WINDOW>?) {
        var x = 0
        while x < columns {
            let cell = frame[x, y]
            let isWide = cell.text != "" && x + 1 < frame.width && frame[x + 1, y].text == ""
            // A right half with no left half (clipped) is shown blank.
            let text = cell.text.isEmpty ? " " : cell.text
            let span = isWide && x + 1 < columns ? 2 : 1
            let appearance = plan.appearance(cell.role)
            let pieces = GlyphPlan.pieces(for: text, columns: span, mode: mode, terminalWidth: Self.wcwidthOf)
            var column = x
            for piece in pieces {
                put(piece, y: y, x: column, appearance: appearance, window: window)
                column += max(piece.columns, 1)
            }
            x += span
        }
    }

    /// Writing the bottom-right cell returns ERR (the cursor cannot move past it, and scrollok is off so
    /// nothing scrolls) yet the cell is stored; ncurses sends it without scrolling the terminal.
    private func put(_ piece: GlyphPlan.Piece, y: Int, x: Int, appearance: ColorPlan.Appearance,
                     window: UnsafeMutablePointer<WINDOW>?) {
        characters.removeAll(keepingCapacity: true)
        for scalar in piece.scalars { characters.append(wchar_t(bitPattern: scalar.value)) }
        characters.append(0)
        var cell = cchar_t()
        let attributes = Self.cursesAttributes(appearance.attributes)
        if setcchar(&cell, characters, attributes, Int16(appearance.pair), nil) == twb_err() {
            _ = setcchar(&cell, [wchar_t(bitPattern: 0x3F), 0], attributes, Int16(appearance.pair), nil)
        }
        _ = mvwadd_wch(window, Int32(y), Int32(x), &cell)
    }

    private func placeCursor(_ cursor: (x: Int, y: Int)?, rows: Int, columns: Int, window: UnsafeMutablePointer<WINDOW>?) {
        let visible: Bool
        if let cursor, cursor.x >= 0, cursor.x < columns, cursor.y >= 0, cursor.y < rows {
            wmove(window, Int32(cursor.y), Int32(cursor.x))
            visible = true
        } else {
            visible = false
        }
        // With the cursor hidden, ncurses may leave it wherever the last update ended: fewer bytes.
        leaveok(window, !visible)
        if visible != cursorVisible {
            _ = curs_set(visible ? 1 : 0)
            cursorVisible = visible
        }
    }

    private func applyColors(for theme: Theme) {
        plan = ColorPlan.make(theme: theme, colors: colors, pairLimit: Int(twb_color_pairs()),
                              defaultColors: defaultColors)
        for pair in plan.pairs {
            _ = init_extended_pair(Int32(pair.number), Int32(pair.foreground), Int32(pair.background))
        }
    }

    private static func cursesAttributes(_ attributes: TextAttributes) -> attr_t {
        var value = twb_a_normal()
        if attributes.contains(.bold) { value |= twb_a_bold() }
        if attributes.contains(.underline) { value |= twb_a_underline() }
        if attributes.contains(.reverse) { value |= twb_a_reverse() }
        if attributes.contains(.dim) { value |= twb_a_dim() }
        return value
    }

    private static func wcwidthOf(_ scalar: Unicode.Scalar) -> Int {
        Int(twb_wcwidth(scalar.value))
    }
}
