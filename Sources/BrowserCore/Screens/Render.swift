#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// Draws the state into a Frame: header, the current screen's body, status bar, and the hint bar (or the
/// prompt of an open overlay). Pure: the same state and size always give the same Frame.
public enum Render {
    public static func frame(_ state: AppState) -> Frame {
        var frame = Frame(width: state.width, height: state.height)
        if state.isTooSmall {
            TooSmall.draw(state, into: &frame)
            return frame
        }
        Chrome.header(state, into: &frame)
        state.top.draw(state, area: BodyArea(top: 1, height: state.layout.bodyHeight, width: state.width), into: &frame)
        Chrome.statusBar(state, into: &frame)
        Chrome.bottomLine(state, into: &frame)
        return frame
    }
}

/// The rows between the header and the status bar.
public struct BodyArea: Sendable {
    public let top: Int
    public let height: Int
    public let width: Int
    public var bottom: Int { top + height }
}

enum TooSmall {
    static func draw(_ state: AppState, into frame: inout Frame) {
        let lines = ["Terminal too small: \(state.width)x\(state.height).",
                     "twbrowse needs at least \(Layout.minimumWidth)x\(Layout.minimumHeight).",
                     "Enlarge the window; q quits."]
        // Each sentence wrapped to the width and every piece centred, so even a very narrow window shows all of it.
        let pieces = lines.enumerated().flatMap { i, line in
            RecordLayout.wrap(StyledLine(segments: [(line, i == 0 ? .warning : .text)]), width: max(1, state.width), indent: 0)
        }
        let top = max(0, (state.height - pieces.count) / 2)
        for (i, piece) in pieces.enumerated() where top + i < state.height {
            let text = piece.segments.map(\.0).joined().trimmingSpaces()
            let x = max(0, (state.width - TextWidth.of(text)) / 2)
            frame.put(text, x: x, y: top + i, role: piece.segments.first?.1 ?? .text)
        }
    }
}

/// Shared pieces for tables.
enum Table {
    /// The indices of the rows that fit on screen, starting at the position's top.
    static func selectionRange(_ p: ListPosition, count: Int, rows: Int) -> Range<Int> {
        let start = min(p.top, max(0, count - 1))
        return start..<min(count, start + rows)
    }

    /// The selected row gets a marker in column 0 rather than a full-width bar: moving the selection then
    /// rewrites two cells instead of two whole rows, which is what a slow SSH link feels on every key.
    /// The marker is a glyph, so the selection shows without colour too.
    static func markSelected(y: Int, into frame: inout Frame) {
        frame.put("▶", x: 0, y: y, role: .selection, maxWidth: 1, ellipsis: false)
    }

    /// "▲ 12 more" / "▼ 40 more" markers are cheaper than a scrollbar and say how much is hidden.
    static func scrollHint(above: Int, below: Int) -> String {
        var parts: [String] = []
        if above > 0 { parts.append("▲ \(above) above") }
        if below > 0 { parts.append("▼ \(below) below") }
        return parts.joined(separator: "  ")
    }

    /// A batch's progress bar with its counts: "[███░░░] 12/40 (1 failed) · Esc cancels".
    static func progress(_ batch: BatchProgress, y: Int, into frame: inout Frame) {
        let label = " \(batch.done)/\(batch.total)" + (batch.failed > 0 ? " (\(batch.failed) failed)" : "") + " · Esc cancels"
        let barWidth = max(10, min(40, frame.width - TextWidth.of(label) - 4))
        let fraction = batch.total == 0 ? 0 : min(1, max(0, Double(batch.done) / Double(batch.total)))
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        frame.put("[", x: 1, y: y, role: .muted)
        frame.put(String(repeating: "█", count: filled), x: 2, y: y, role: .progress)
        frame.put(String(repeating: "░", count: barWidth - filled), x: 2 + filled, y: y, role: .muted)
        frame.put("]" + label, x: 2 + barWidth, y: y, role: .muted)
    }
}
