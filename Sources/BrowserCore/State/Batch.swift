import TechWolfAPI

/// `a` on the employee screen: one ID typed, or many pasted at once.
enum Batch {
    /// The most IDs one paste may add; more are refused with a message rather than silently dropped.
    static let maxIDs = 20_000

    static func add(_ text: String, employee: String, _ state: inout AppState) -> [Effect] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == ";" || $0.isNewline })
        guard !words.isEmpty else { return [] }
        guard words.count <= maxIDs else {
            state.show("\(words.count) IDs pasted; at most \(maxIDs) at once", .error)
            return []
        }
        var valid: [String] = []
        var invalid = 0
        var firstProblem: String?
        var seen: Set<String> = []
        for word in words {
            let raw = String(word)
            // "EMP/INT" pairs from a worklist are accepted when EMP is this employee.
            let candidate = raw.hasPrefix(employee + "/") ? String(raw.dropFirst(employee.count + 1)) : raw
            do {
                let id = try Validators.externalID(candidate, field: "interaction ID")
                if seen.insert(id).inserted { valid.append(id) }
            } catch {
                invalid += 1
                if firstProblem == nil { firstProblem = "\(TerminalText.excerpt(raw, limit: 30)): \(error.message)" }
            }
        }
        var list = state.interactionLists[employee] ?? InteractionList()
        var toFetch: [String] = []
        for id in valid {
            list.add(id)
            let key = InteractionKey(employee: employee, interaction: id)
            if state.records[key]?.value == nil {
                state.records[key] = .loading
                toFetch.append(id)
            }
        }
        state.interactionLists[employee] = list
        if invalid > 0 {
            state.show("\(invalid) ID\(invalid == 1 ? "" : "s") refused — \(firstProblem ?? "")", .error)
        }
        guard !toFetch.isEmpty else {
            if invalid == 0 { state.show("already known") }
            return []
        }
        if let running = state.batch, running.employee == employee {
            state.batch = BatchProgress(employee: employee, total: running.total + toFetch.count, done: running.done, failed: running.failed)
        } else {
            state.batch = BatchProgress(employee: employee, total: toFetch.count, done: 0, failed: 0)
        }
        return [.addInteractions(employee: employee, ids: toFetch)]
    }
}
