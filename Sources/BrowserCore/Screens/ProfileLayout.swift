import TechWolfAPI

/// Employee and vacancy fields as styled lines: the label in 14 columns, the value after one space, cut
/// to the width; the indented paragraphs of a description wrapped under the value column.
enum ProfileLayout {
    static let labelWidth = 14

    static func lines(_ described: [RecordLine], width: Int) -> [StyledLine] {
        var out: [StyledLine] = []
        for line in described {
            let role = Role(line.tone)
            let labelRole: Role = line.label == "Warning" ? .warning : .label
            let styled = StyledLine(segments: [(TextWidth.fit(line.label, columns: labelWidth), labelRole), (" ", .text), (line.value, role)])
            // Paragraphs (an empty label, an indented value) wrap; one-line fields are cut, J shows them whole.
            if line.label.isEmpty && line.value.hasPrefix("  ") {
                out += RecordLayout.wrap(styled, width: width, indent: labelWidth + 3)
            } else {
                out.append(styled)
            }
        }
        return out
    }

    /// Draws `lines` from row `top` of the area, at most `rows` of them.
    static func draw(_ lines: ArraySlice<StyledLine>, top: Int, rows: Int, into frame: inout Frame) {
        for (offset, line) in lines.prefix(rows).enumerated() {
            var x = documentLeft
            for (text, role) in line.segments {
                x += frame.put(text, x: x, y: top + offset, role: role, maxWidth: frame.width - x - 1)
            }
        }
    }
}

extension ProfileLayout {
    /// The column documents are drawn from.
    static let documentLeft = 1

    /// A scrolled document filling the area, with the search's matches; when it is longer than the area,
    /// the last row says how much is hidden.
    static func drawDocument(_ lines: [StyledLine], scroll: Int, search: ViewSearch?, area: BodyArea, into frame: inout Frame) {
        let rows = RecordLayout.visibleRows(lineCount: lines.count, height: area.height)
        let scroll = max(0, min(scroll, RecordLayout.maxScroll(lineCount: lines.count, height: area.height)))
        draw(lines.dropFirst(scroll), top: area.top, rows: rows, into: &frame)
        ViewSearching.highlight(search, in: SearchDocument(lines: lines, left: documentLeft), into: &frame) { line in
            (scroll..<(scroll + rows)).contains(line) ? area.top + line - scroll : nil
        }
        if lines.count > area.height {
            frame.put(Table.scrollHint(above: scroll, below: max(0, lines.count - scroll - rows)), x: 1, y: area.bottom - 1, role: .muted)
        }
    }
}
