/// The `?` screen, generated from the action table so it can never disagree with the keys.
enum HelpContent {
    static let keyColumn = 16
    static let commandColumn = 22

    static var lines: [StyledLine] { indentedLines.map(\.line) }

    /// Every line with the column its wrapped continuation starts at: under its own text, not the label.
    static var indentedLines: [(line: StyledLine, indent: Int)] {
        var out: [(line: StyledLine, indent: Int)] = []
        func add(_ segments: [(String, Role)], indent: Int = keyColumn) {
            out.append((StyledLine(segments: segments), indent))
        }
        add([("Keys · Esc closes help · q on the top screen quits · Ctrl-C quits at once", .accent)])
        for group in ActionTable.groups {
            add([])
            add([(group.name, .header)])
            for action in group.actions {
                add([(TextWidth.fit(action.keyLabel, columns: keyColumn), .keyHintKey), (action.help, .text)])
            }
        }
        add([])
        add([("Text fields", .header)])
        for (keys, help) in ActionTable.textFieldHelp {
            add([(TextWidth.fit(keys, columns: keyColumn), .keyHintKey), (help, .text)])
        }
        add([])
        add([("Commands (after :)", .header)])
        for (command, help) in [(":q", "Quit"), (":employee ID", "Open any employee"), (":interaction EMP INT", "Open any record"),
                                (":theme NAME", "Switch theme: " + Theme.bundledNames.joined(separator: ", ")),
                                (":profile NAME", "Switch to a profile from the config file (drops the cache)"),
                                (":connect", "Change tenant, region or token"), (":cache", "Show cache statistics"),
                                (":cache clear", "Empty the cache")] {
            add([(TextWidth.fit(command, columns: commandColumn), .keyHintKey), (help, .text)], indent: commandColumn)
        }
        return out
    }

    /// The lines wrapped to the screen, so no help text is cut off.
    static func lines(width: Int) -> [StyledLine] {
        indentedLines.flatMap { RecordLayout.wrap($0.line, width: max(10, width - 3), indent: $0.indent) }
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
