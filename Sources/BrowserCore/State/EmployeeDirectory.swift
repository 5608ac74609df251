import TechWolfAPI

/// The employees the session knows, in display order: the API's pages first, then the worklist's and
/// looked-up ones that the pages have not (yet) listed. It also holds the list's filter, so the matching
/// rows are worked out once per change of the filter or the rows, not on every key or redraw.
public struct EmployeeDirectory: Sendable {
    /// The most rows `GET /employees` pages may add: a tenant (or a server) whose list never ends would
    /// otherwise grow the session without bound. Beyond it, employees are still found by ID.
    public static let maxListed = 100_000
    /// "100,000", for messages.
    public static var maxListedText: String {
        var digits = Array(String(maxListed))
        var i = digits.count - 3
        while i > 0 { digits.insert(",", at: i); i -= 3 }
        return String(digits)
    }

    public private(set) var rows: [EmployeeRow] = []
    private var index: [String: Int] = [:]
    /// Per row, what the filter searches (the ID and the position as the list shows them), lower-cased
    /// once when the row is added or updated.
    private var searchKeys: [String] = []
    /// Rows matching `filter`, in display order; nil while no filter is set.
    private var matches: [Int]?
    /// The filter as typed; matching ignores case.
    public private(set) var filter = ""
    private var needle = ""
    /// How many of `rows`, from the front, came from `GET /employees` pages.
    public private(set) var loadedFromServer = 0
    /// Total the server reported, if it did.
    public var serverCount: Int?
    /// The offset of the next page to load; nil when the server has no more.
    public var nextOffset: Int? = 0

    public init() {}

    /// Under a server filter (`:unit`, `:active`) the rows the server did not list — worklist and looked-up
    /// employees, often IDs only — are not shown: nothing says they are in the unit.
    public var hidesUnlisted = false

    /// Rows kept out of the list by `hidesUnlisted`.
    public var hiddenCount: Int { hidesUnlisted ? rows.count - loadedFromServer : 0 }

    /// The rows as shown: all of them, or those matching the filter.
    public var visible: VisibleRows {
        guard hidesUnlisted else { return VisibleRows(rows: rows, matches: matches.map { $0[...] }, shown: rows.count) }
        return VisibleRows(rows: rows, matches: matches.map { $0[..<lowerBound(in: $0, of: loadedFromServer)] }, shown: loadedFromServer)
    }

    /// Adds (or updates) an employee the session learned about outside the server's list.
    public mutating func add(_ id: String, employee: Employee? = nil) {
        if let i = index[id] {
            guard let employee else { return }
            rows[i].employee = employee
            searchKeys[i] = Self.searchKey(rows[i])
            updateMatch(of: i)
            return
        }
        index[id] = rows.count
        rows.append(EmployeeRow(id: id, employee: employee))
        searchKeys.append(Self.searchKey(rows[rows.count - 1]))
        if matches != nil, SearchText.contains(searchKeys[rows.count - 1], needle) { matches?.append(rows.count - 1) }
    }

    /// Appends a page from `GET /employees`: listed employees move up among the listed ones, ahead of the
    /// worklist's, so the list reads in the server's order. Only the part after the listed rows changes, so
    /// a page costs its own size plus the worklist rows, not the whole list.
    public mutating func addPage(_ items: [EmployeeListItem]) {
        let listedBefore = loadedFromServer
        var added: [EmployeeRow] = []
        var addedKeys: [String] = []
        var moved: Set<Int> = []
        var seen: Set<String> = []
        for item in items where seen.insert(item.externalID).inserted {
            if listedBefore + added.count >= Self.maxListed { break }
            let existing = index[item.externalID]
            if let i = existing, i < listedBefore { continue }
            var row = existing.map { rows[$0] } ?? EmployeeRow(id: item.externalID, employee: nil)
            if let i = existing { moved.insert(i) }
            if let e = item.employee { row.employee = e }
            added.append(row)
            addedKeys.append(Self.searchKey(row))
        }
        let stay = (listedBefore..<rows.count).filter { !moved.contains($0) }
        rows.replaceSubrange(listedBefore..., with: added + stay.map { rows[$0] })
        searchKeys.replaceSubrange(listedBefore..., with: addedKeys + stay.map { searchKeys[$0] })
        loadedFromServer = listedBefore + added.count
        for i in listedBefore..<rows.count { index[rows[i].id] = i }
        if var m = matches {
            m.removeSubrange(lowerBound(in: m, of: listedBefore)...)
            for i in listedBefore..<rows.count where SearchText.contains(searchKeys[i], needle) { m.append(i) }
            matches = m
        }
    }

    /// True once the pages have filled the list to `maxListed`: no more pages are asked for.
    public var isFull: Bool { loadedFromServer >= Self.maxListed }

    public func row(_ id: String) -> EmployeeRow? { index[id].map { rows[$0] } }

    /// Where an employee is in the list as shown, or nil when it is not shown (unknown or filtered out).
    public func visiblePosition(of id: String) -> Int? {
        guard let row = index[id], !hidesUnlisted || row < loadedFromServer else { return nil }
        guard let m = matches else { return row }
        let lo = lowerBound(in: m, of: row)
        return lo < m.count && m[lo] == row ? lo : nil
    }

    /// The directory without anything the server listed (after switching tenants or on refresh).
    public var extrasOnly: EmployeeDirectory {
        var d = EmployeeDirectory()
        d.hidesUnlisted = hidesUnlisted
        for row in rows[loadedFromServer...] { d.add(row.id) }
        d.setFilter(filter)
        return d
    }

    /// Sets the filter. Typing one more character only searches the rows that matched before.
    public mutating func setFilter(_ text: String) {
        let newNeedle = SearchText.fold(text)
        filter = text
        defer { needle = newNeedle }
        if newNeedle.isEmpty {
            matches = nil
        } else if let previous = matches, !needle.isEmpty, newNeedle.hasPrefix(needle) {
            matches = previous.filter { SearchText.contains(searchKeys[$0], newNeedle) }
        } else {
            needle = newNeedle
            rematch()
        }
    }

    /// Re-decides one row after its text changed; `matches` stays in row order.
    private mutating func updateMatch(of row: Int) {
        guard var m = matches else { return }
        let lo = lowerBound(in: m, of: row)
        let listed = lo < m.count && m[lo] == row
        let matching = SearchText.contains(searchKeys[row], needle)
        if listed && !matching { m.remove(at: lo) } else if !listed && matching { m.insert(row, at: lo) } else { return }
        matches = m
    }

    /// The first position in the sorted `m` whose value is not below `row`.
    private func lowerBound(in m: [Int], of row: Int) -> Int {
        var lo = 0, hi = m.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if m[mid] < row { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private mutating func rematch() {
        guard !needle.isEmpty else { matches = nil; return }
        var found: [Int] = []
        for i in searchKeys.indices where SearchText.contains(searchKeys[i], needle) { found.append(i) }
        matches = found
    }

    /// Only what the list shows, so every match can be seen to match. U+0001 cannot be typed into the
    /// filter (text fields drop control characters), so no match spans the two fields.
    private static func searchKey(_ row: EmployeeRow) -> String {
        guard let position = row.employee?.assignedPosition else { return SearchText.fold(row.id) }
        return SearchText.fold(row.id + "\u{1}" + TerminalText.sanitize(position))
    }
}

/// The employees list as shown: a view over the directory's rows, through the filter's matches when one
/// is set. Copying it copies two references, not the rows.
public struct VisibleRows: RandomAccessCollection, Sendable {
    let rows: [EmployeeRow]
    let matches: ArraySlice<Int>?
    /// Rows from the front shown when no filter is set.
    let shown: Int
    public var startIndex: Int { 0 }
    public var endIndex: Int { matches?.count ?? shown }
    public subscript(i: Int) -> EmployeeRow { rows[matches.map { $0[$0.startIndex + i] } ?? i] }
}
