import TechWolfAPI

/// The employees the session knows, in display order: the API's pages first, then the worklist's and
/// looked-up ones that the pages have not (yet) listed. It also holds the list's filter, so the matching
/// rows are worked out once per change of the filter or the rows, not on every key or redraw.
public struct EmployeeDirectory: Sendable {
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

    /// The rows as shown: all of them, or those matching the filter.
    public var visible: VisibleRows { VisibleRows(rows: rows, matches: matches) }

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
    /// worklist's, so the list reads in the server's order.
    public mutating func addPage(_ items: [EmployeeListItem]) {
        var listed = Array(rows[..<loadedFromServer])
        var listedIDs = Set(listed.map(\.id))
        var known: [String: EmployeeRow] = [:]
        for row in rows[loadedFromServer...] { known[row.id] = row }
        for item in items where !listedIDs.contains(item.externalID) {
            var row = known.removeValue(forKey: item.externalID) ?? EmployeeRow(id: item.externalID, employee: nil)
            if let e = item.employee { row.employee = e }
            listed.append(row)
            listedIDs.insert(item.externalID)
        }
        let extras = rows[loadedFromServer...].filter { known[$0.id] != nil }
        // Keys of rows that did not change are reused: a page must not cost a pass over every row's text.
        var oldKeys: [String: String] = [:]
        oldKeys.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() { oldKeys[row.id] = searchKeys[i] }
        rows = listed + extras
        loadedFromServer = listed.count
        index = [:]
        index.reserveCapacity(rows.count)
        searchKeys = []
        searchKeys.reserveCapacity(rows.count)
        let changed = Set(items.map(\.externalID))
        for (i, row) in rows.enumerated() {
            index[row.id] = i
            searchKeys.append(changed.contains(row.id) ? Self.searchKey(row) : (oldKeys[row.id] ?? Self.searchKey(row)))
        }
        if matches != nil { rematch() }
    }

    public func row(_ id: String) -> EmployeeRow? { index[id].map { rows[$0] } }

    /// Where an employee is in the list as shown, or nil when it is not shown (unknown or filtered out).
    public func visiblePosition(of id: String) -> Int? {
        guard let row = index[id] else { return nil }
        guard let m = matches else { return row }
        var lo = 0, hi = m.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if m[mid] < row { lo = mid + 1 } else { hi = mid }
        }
        return lo < m.count && m[lo] == row ? lo : nil
    }

    /// The directory without anything the server listed (after switching tenants or on refresh).
    public var extrasOnly: EmployeeDirectory {
        var d = EmployeeDirectory()
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
        var lo = 0, hi = m.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if m[mid] < row { lo = mid + 1 } else { hi = mid }
        }
        let listed = lo < m.count && m[lo] == row
        let matching = SearchText.contains(searchKeys[row], needle)
        if listed && !matching { m.remove(at: lo) } else if !listed && matching { m.insert(row, at: lo) } else { return }
        matches = m
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
    let matches: [Int]?
    public var startIndex: Int { 0 }
    public var endIndex: Int { matches?.count ?? rows.count }
    public subscript(i: Int) -> EmployeeRow { rows[matches?[i] ?? i] }
}
