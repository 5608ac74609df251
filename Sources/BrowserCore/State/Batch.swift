import TechWolfAPI

/// `a` on the employee screen: one ID typed, or many pasted at once.
enum Batch {
    /// The most IDs one paste may add; more are refused with a message rather than silently dropped.
    static let maxIDs = 20_000

    static func add(_ text: String, employee: String, _ state: inout AppState) -> [Effect] {
        // Line by line, in the worklist format `check` reads: `EMP INT` (or `EMP,INT`, `EMP/INT`) pairs, bare
        // interaction IDs (several to a line), blank lines and # comments.
        var words: [Substring] = []
        var otherEmployees: [(String, String)] = []
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0.isNewline || $0 == TextField.lineBreak }) {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == ";" || $0 == "/" })
            if parts.count == 2, parts[0] == employee[...] {
                words.append(parts[1])
            } else if parts.count == 2, state.directory.row(String(parts[0])) != nil,
                      (try? Validators.externalID(String(parts[1]), field: "interaction ID")) != nil {
                otherEmployees.append((String(parts[0]), String(parts[1])))
            } else {
                words += parts
            }
        }
        for (other, id) in otherEmployees { state.interactionLists[other, default: InteractionList()].add(id) }
        guard !words.isEmpty else {
            if !otherEmployees.isEmpty { state.show("\(otherEmployees.count) pair\(otherEmployees.count == 1 ? "" : "s") added to other employees") }
            return []
        }
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
            do {
                let id = try Validators.externalID(raw, field: "interaction ID")
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
        let refusal = invalid > 0 ? "\(invalid) refused (\(firstProblem ?? ""))" : nil
        if let refusal { state.show(refusal, .error) }
        guard !toFetch.isEmpty else {
            if invalid == 0 { state.show("already known") }
            return []
        }
        return start(toFetch, employee: employee, refused: invalid, refusal: refusal, &state)
    }

    /// Fetches `ids` as a batch. The runner adds them to a batch already running for the same employee, so
    /// the progress does too (its total grows) instead of starting again at 0 under the running one.
    static func start(_ ids: [String], employee: String, refused: Int = 0, refusal: String? = nil, _ state: inout AppState) -> [Effect] {
        if let running = state.batch, running.owner == .employee(employee) {
            state.batch = BatchProgress(employee: employee, total: running.total + ids.count, done: running.done, failed: running.failed,
                                        refused: running.refused + refused, firstRefusal: running.firstRefusal ?? refusal)
        } else {
            state.batch = BatchProgress(employee: employee, total: ids.count, done: 0, failed: 0, refused: refused, firstRefusal: refusal)
        }
        return [.addInteractions(employee: employee, ids: ids)]
    }
}
