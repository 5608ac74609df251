import TechWolfAPI

/// A screen whose view `/` searches: the record (and its JSON), the employee (profile and interactions),
/// the vacancy and help. On the lists `/` filters instead.
protocol SearchableScreen: Screen {
    /// The search in this view, if one is active.
    var search: ViewSearch? { get set }
    /// The whole document as the screen draws it (not only the lines on screen).
    func searchDocument(_ app: AppState) -> SearchDocument
    /// Scrolls so that document lines `lines` are on screen; a list row among them becomes the selection.
    mutating func reveal(_ lines: ClosedRange<Int>, _ app: AppState)
}

/// `/` inside a view: the prompt as the query is typed, the next and previous match, Esc, and what the
/// status bar and the highlights show.
enum ViewSearching {
    /// `/`: an empty prompt, as in less and vim: the search there is stays until the first key typed
    /// replaces it (and Enter on the empty prompt keeps it).
    static func open(_ state: inout AppState) {
        guard state.top is any SearchableScreen else { return }
        state.overlay = .search(TextField("", limit: 200))
    }

    /// As the query is typed: the first match is current and scrolled to. An empty query ends the search.
    static func setQuery(_ text: String, _ state: inout AppState) {
        withSearchable(&state) { screen, app in
            screen.search = text.isEmpty ? nil : ViewSearch(query: text)
            if let first = matches(screen, app).first { screen.reveal(first.lines, app) }
        }
    }

    /// Ctrl-N / Ctrl-P: the next or previous match, past the last back to the first (and the other way).
    static func step(by delta: Int, _ state: inout AppState) {
        withSearchable(&state) { screen, app in
            guard var search = screen.search else {
                app.show("No search: / searches this view.")
                return
            }
            let found = matches(screen, app)
            guard !found.isEmpty else { return }
            let count = found.count
            search.current = ((search.currentIndex(count: count) + delta) % count + count) % count
            screen.search = search
            screen.reveal(found[search.current].lines, app)
        }
    }

    /// Esc: ends the search, if there is one. True when it did.
    static func clear(_ state: inout AppState) -> Bool {
        var cleared = false
        withSearchable(&state) { screen, _ in
            cleared = screen.search != nil
            screen.search = nil
        }
        return cleared
    }

    static func matches(_ screen: any SearchableScreen, _ app: AppState) -> [SearchMatch] {
        guard let search = screen.search else { return [] }
        return SearchIndex.matches(search.needle, in: screen.searchDocument(app), width: app.width)
    }

    /// The status bar's word on the search: "match 2 of 5", or that nothing matches.
    static func status(_ state: AppState) -> (text: String, role: Role)? {
        guard let screen = state.top as? any SearchableScreen, let search = screen.search else { return nil }
        let found = matches(screen, state)
        if found.isEmpty { return ("no match for “\(TerminalText.sanitize(search.query))”", .warning) }
        return ("match \(search.currentIndex(count: found.count) + 1) of \(found.count)", .statusBar)
    }

    /// Paints every match on the lines drawn, the current one apart; `row` gives the frame row of a document
    /// line, nil when it is not on screen. Only roles change: the text drawn (sanitised) stays as it is.
    static func highlight(_ search: ViewSearch?, in document: SearchDocument, into frame: inout Frame, row: (Int) -> Int?) {
        guard let search else { return }
        let found = SearchIndex.matches(search.needle, in: document, width: frame.width)
        let current = search.currentIndex(count: found.count)
        for (i, match) in found.enumerated() {
            for span in match.spans {
                guard let y = row(span.line) else { continue }
                frame.restyle(x: span.columns.lowerBound, y: y, width: span.columns.count, role: i == current ? .searchCurrent : .searchMatch)
            }
        }
    }

    /// A scroll offset that shows `lines` (their first line when they do not all fit), moving as little as it can.
    static func scroll(_ scroll: Int, showing lines: ClosedRange<Int>, rows: Int, maxScroll: Int) -> Int {
        var s = scroll
        if lines.upperBound >= s + rows { s = lines.upperBound - rows + 1 }
        if lines.lowerBound < s { s = lines.lowerBound }
        return max(0, min(s, maxScroll))
    }

    /// Runs `body` on the top screen when it is searchable, and stores it back.
    static func withSearchable(_ state: inout AppState, _ body: (inout any SearchableScreen, inout AppState) -> Void) {
        state.withTop { screen, app in
            guard var searchable = screen as? any SearchableScreen else { return [] }
            body(&searchable, &app)
            screen = searchable
            return []
        }
    }
}
