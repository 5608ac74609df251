/// The `?` screen, generated from the action table so it can never disagree with the keys.
enum HelpContent {
    static let keyColumn = 16

    static var lines: [StyledLine] {
        var out: [StyledLine] = []
        out.append(StyledLine(segments: [("Keys · Esc closes help · q on the top screen quits · Ctrl-C quits at once", .accent)]))
        for group in ActionTable.groups {
            out.append(StyledLine(segments: []))
            out.append(StyledLine(segments: [(group.name, .header)]))
            for action in group.actions {
                out.append(StyledLine(segments: [(TextWidth.fit(action.keyLabel, columns: keyColumn), .keyHintKey), (action.help, .text)]))
            }
        }
        out.append(StyledLine(segments: []))
        out.append(StyledLine(segments: [("Text fields", .header)]))
        for (keys, help) in ActionTable.textFieldHelp {
            out.append(StyledLine(segments: [(TextWidth.fit(keys, columns: keyColumn), .keyHintKey), (help, .text)]))
        }
        out.append(StyledLine(segments: []))
        out.append(StyledLine(segments: [("Commands (after :)", .header)]))
        for (command, help) in [(":q", "Quit"), (":employee ID", "Open any employee"), (":interaction EMP INT", "Open any record"),
                                (":theme NAME", "Switch theme: " + Theme.bundledNames.joined(separator: ", ")),
                                (":profile NAME", "Switch to a profile from the config file (drops the cache)"),
                                (":connect", "Change tenant, region or token"), (":cache", "Show cache statistics"),
                                (":cache clear", "Empty the cache")] {
            out.append(StyledLine(segments: [(TextWidth.fit(command, columns: 22), .keyHintKey), (help, .text)]))
        }
        return out
    }

    /// The lines wrapped to the screen, so no help text is cut off.
    static func lines(width: Int) -> [StyledLine] {
        lines.flatMap { RecordLayout.wrap($0, width: max(10, width - 3), indent: keyColumn) }
    }

    static func lineCount(width: Int) -> Int { lines(width: width).count }
}

enum HelpScreen {
    static func draw(scroll: Int, state: AppState, area: BodyArea, into frame: inout Frame) {
        let lines = HelpContent.lines(width: frame.width)
        let start = max(0, min(scroll, max(0, lines.count - area.height)))
        for (offset, line) in lines.dropFirst(start).prefix(area.height).enumerated() {
            var x = 2
            for (text, role) in line.segments {
                x += frame.put(text, x: x, y: area.top + offset, role: role, maxWidth: frame.width - x - 1)
            }
        }
        let below = lines.count - start - area.height
        if below > 0 {
            let hint = "▼ \(below) more (j/↓)"
            frame.put(hint, x: frame.width - TextWidth.of(hint) - 1, y: area.bottom - 1, role: .muted)
        }
    }
}
