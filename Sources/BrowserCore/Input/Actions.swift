/// Where an action applies: a screen, a prompt, the text fields, or everywhere.
public enum ActionContext: String, Sendable, Hashable, CaseIterable {
    case everywhere, lists, employees, employee, record, vacancy, connect, help
    case worklist, recent
    /// The editing keys every text field shares (the connect form's fields and the prompts).
    case textField
    case commandLine, filterField, addIDsField, searchField
    /// The terminal is below the minimum size: only quitting, redrawing and suspending act.
    case tooSmall

    /// The contexts whose text fields take the editing keys.
    static let withTextField: Set<ActionContext> = [.connect, .commandLine, .filterField, .addIDsField, .searchField]
}

public enum ActionID: String, Sendable, Hashable, CaseIterable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case open, back, quit, forceQuit, suspend
    case filter, command, help, refresh, redraw
    case search, nextMatch, previousMatch
    case addInteractions, toggleJSON, nextRecord, previousRecord, openVacancy
    case removeInteraction
    case copyID, copyJSON, copyCurl, pager
    /// Back (first key) and forward (second) through the places visited.
    case history
    case nextField, previousField, submit
    /// A prompt's Enter, Esc and Tab.
    case accept, dismiss, complete
    /// Text editing. The two-way rows move or delete backward with their first key, forward with the second.
    case cursorByCharacter, cursorToEnd, deleteCharacter, deleteToStart, deleteWord, deleteToEnd, insertText
}

/// One thing the user can do: its keys, its help text and where it applies. The one table drives key
/// handling (nothing reacts to a key it does not list), the `?` help screen and the key-hint bar, so the
/// three cannot disagree.
public struct Action: Sendable {
    public let id: ActionID
    /// The keys help and the hint bar show.
    public let keys: [Key]
    /// Keys that act the same but are not shown (Emacs-style aliases in text fields).
    public let alsoKeys: [Key]
    /// A short label for the hint bar; nil keeps the action out of the bar.
    public let hint: String?
    public let help: String
    public let group: String
    public let contexts: Set<ActionContext>
    /// False keeps the row out of help (a prompt's Enter and Esc, Ctrl-Z); the hint bar shows what has a hint.
    public let listed: Bool
    /// Backward with the first key (and the first of `alsoKeys`), forward with the second.
    public let twoWay: Bool
    /// Also takes typed characters and pastes (the text-insertion row).
    public let takesText: Bool

    init(id: ActionID, keys: [Key], alsoKeys: [Key] = [], hint: String? = nil, help: String, group: String,
         contexts: Set<ActionContext>, listed: Bool = true, twoWay: Bool = false, takesText: Bool = false) {
        self.id = id
        self.keys = keys
        self.alsoKeys = alsoKeys
        self.hint = hint
        self.help = help
        self.group = group
        self.contexts = contexts
        self.listed = listed
        self.twoWay = twoWay
        self.takesText = takesText
    }

    /// How help shows the keys, e.g. "↑ k": made from the keys, never typed separately.
    public var keyLabel: String { keys.map(\.label).joined(separator: " ") }

    /// The hint bar's key: the first, or both ways of a two-way row ("^O/Tab").
    var hintKey: String {
        if twoWay && keys.count >= 2 { return keys[0].label + "/" + keys[1].label }
        return keys.first?.label ?? ""
    }
}

/// A key looked up in a context: the action, and for a two-way row, which way.
public struct ActionMatch: Equatable, Sendable {
    public let action: ActionID
    public let backward: Bool
}

public enum ActionTable {
    /// The screens that are places of the history: where Ctrl-O and Tab go back and forward.
    static let browsing: Set<ActionContext> = [.employees, .employee, .worklist, .recent, .record, .vacancy]

    public static let all: [Action] = [
        Action(id: .moveUp, keys: [.up, .char("k")], help: "Move up", group: "Move", contexts: [.lists, .record, .vacancy, .help]),
        Action(id: .moveDown, keys: [.down, .char("j")], hint: "move", help: "Move down", group: "Move", contexts: [.lists, .record, .vacancy, .help]),
        Action(id: .pageUp, keys: [.pageUp, .ctrl("b")], help: "Page up", group: "Move", contexts: [.lists, .record, .vacancy, .help]),
        Action(id: .pageDown, keys: [.pageDown, .ctrl("f")], help: "Page down", group: "Move", contexts: [.lists, .record, .vacancy, .help]),
        Action(id: .top, keys: [.home, .char("g")], help: "Go to the top", group: "Move", contexts: [.lists, .record, .vacancy, .help]),
        Action(id: .bottom, keys: [.end, .char("G")], help: "Go to the bottom", group: "Move", contexts: [.lists, .record, .vacancy, .help]),
        Action(id: .open, keys: [.enter, .right, .char("l")], hint: "open", help: "Open the selected item", group: "Move", contexts: [.lists]),
        Action(id: .back, keys: [.escape, .left, .char("h")], hint: "back", help: "Go back; Esc also cancels a request in flight and closes overlays (it never quits)", group: "Move", contexts: [.lists, .record, .vacancy, .help]),
        Action(id: .back, keys: [.escape], hint: "back", help: "Leave the form, back to where you were", group: "Connect", contexts: [.connect], listed: false),
        Action(id: .nextRecord, keys: [.char("n")], hint: "next", help: "Next interaction (of the employee, or of the worklist)", group: "Record", contexts: [.record]),
        Action(id: .previousRecord, keys: [.char("p")], hint: "prev", help: "Previous interaction (of the employee, or of the worklist)", group: "Record", contexts: [.record]),
        Action(id: .toggleJSON, keys: [.char("J")], hint: "JSON", help: "Toggle the raw JSON view", group: "Record", contexts: [.record, .employee, .vacancy]),
        Action(id: .openVacancy, keys: [.char("v")], hint: "vacancy", help: "Open the vacancy the record (or the selected row) points at", group: "Record", contexts: [.record, .employee]),
        Action(id: .open, keys: [.enter], help: "Open the vacancy the record points at", group: "Record", contexts: [.record], listed: false),
        Action(id: .addInteractions, keys: [.char("a")], hint: "add IDs", help: "Add interaction IDs: type one, or paste many at once", group: "Employee", contexts: [.employee]),
        Action(id: .removeInteraction, keys: [.char("d")], help: "Remove the selected interaction from the list (an ID added by mistake)", group: "Employee", contexts: [.employee]),
        Action(id: .copyID, keys: [.char("y")], hint: "copy", help: "Copy the ID under the cursor (or of the record, employee or vacancy shown) to the clipboard", group: "Copy", contexts: [.lists, .record, .vacancy]),
        Action(id: .copyJSON, keys: [.char("Y")], help: "Copy the record, employee or vacancy as JSON", group: "Copy", contexts: [.employee, .record, .vacancy]),
        Action(id: .copyCurl, keys: [.char("c")], help: "Copy a curl command for the record, employee or vacancy (with $TECHWOLF_TOKEN, never the token)", group: "Copy", contexts: [.employee, .record, .vacancy]),
        Action(id: .pager, keys: [.char("|")], help: "Show the JSON in $PAGER (default less -R); :w FILE writes it to a file as the server sent it", group: "Copy", contexts: [.employee, .record, .vacancy]),
        Action(id: .search, keys: [.char("/")], hint: "search", help: "Search this view as you type, ignoring case and accents (Enter keeps the search, Esc clears it)", group: "Search", contexts: [.record, .employee, .vacancy, .help]),
        // Ctrl-N and Ctrl-P rather than n/p (the next and previous record) or ] and [ (AltGr on many European
        // layouts); not being text, they also step through the matches while the query is being typed.
        Action(id: .nextMatch, keys: [.ctrl("n")], hint: "next match", help: "Next match (after the last, the first)", group: "Search", contexts: [.record, .employee, .vacancy, .help, .searchField]),
        Action(id: .previousMatch, keys: [.ctrl("p")], hint: "prev match", help: "Previous match (before the first, the last)", group: "Search", contexts: [.record, .employee, .vacancy, .help, .searchField]),
        Action(id: .filter, keys: [.char("/")], hint: "filter", help: "Filter the list as you type (Enter keeps it, Esc clears it)", group: "Lists", contexts: [.employees, .worklist]),
        Action(id: .refresh, keys: [.char("r")], hint: "refresh", help: "Refresh from the server, past the cache", group: "General", contexts: [.lists, .record, .vacancy]),
        Action(id: .command, keys: [.char(":")], hint: "cmd", help: "Command line: " + CommandTable.all.map(\.usage).joined(separator: "  "), group: "General", contexts: [.employees, .employee, .worklist, .recent, .record, .vacancy, .help]),
        Action(id: .help, keys: [.char("?"), .function(1)], hint: "help", help: "Show this help", group: "General", contexts: [.employees, .employee, .worklist, .recent, .record, .vacancy, .help]),
        Action(id: .redraw, keys: [.ctrl("l")], help: "Redraw the screen", group: "General", contexts: [.everywhere]),
        Action(id: .quit, keys: [.char("q")], hint: "quit", help: "Go back; quit at the top level", group: "General", contexts: [.employees, .employee, .worklist, .recent, .record, .vacancy, .help, .tooSmall]),
        Action(id: .forceQuit, keys: [.ctrl("c")], help: "Quit at once", group: "General", contexts: [.everywhere]),
        Action(id: .suspend, keys: [.ctrl("z")], help: "Suspend (fg resumes)", group: "General", contexts: [.everywhere], listed: false),
        Action(id: .nextField, keys: [.tab, .down], hint: "next field", help: "Next field", group: "Connect", contexts: [.connect]),
        Action(id: .previousField, keys: [.backTab, .up], help: "Previous field", group: "Connect", contexts: [.connect]),
        Action(id: .submit, keys: [.enter], hint: "connect", help: "Validate, check the token with /version, and connect", group: "Connect", contexts: [.connect]),

        Action(id: .cursorByCharacter, keys: [.left, .right], help: "Move the cursor", group: "Text fields", contexts: [.textField], twoWay: true),
        Action(id: .cursorToEnd, keys: [.home, .end], alsoKeys: [.ctrl("a"), .ctrl("e")], help: "Move the cursor", group: "Text fields", contexts: [.textField], twoWay: true),
        Action(id: .deleteCharacter, keys: [.backspace, .delete], alsoKeys: [.ctrl("h"), .ctrl("d")], help: "Delete a character", group: "Text fields", contexts: [.textField], twoWay: true),
        Action(id: .deleteToStart, keys: [.ctrl("u")], help: "Delete to the start / the previous word", group: "Text fields", contexts: [.textField]),
        Action(id: .deleteWord, keys: [.ctrl("w")], help: "Delete to the start / the previous word", group: "Text fields", contexts: [.textField]),
        Action(id: .deleteToEnd, keys: [.ctrl("k")], help: "Delete to the end", group: "Text fields", contexts: [.textField], listed: false),
        Action(id: .insertText, keys: [.paste("")], help: "Pasting works in every field", group: "Text fields", contexts: [.textField], takesText: true),

        Action(id: .accept, keys: [.enter], help: "Run the command, keep the filter or the search, add the IDs", group: "Prompts", contexts: [.commandLine, .filterField, .addIDsField, .searchField], listed: false),
        Action(id: .dismiss, keys: [.escape], help: "Close the prompt (Esc on a filter or a search also clears it)", group: "Prompts", contexts: [.commandLine, .filterField, .addIDsField, .searchField], listed: false),
        Action(id: .complete, keys: [.tab], help: "Complete the command or its argument", group: "Prompts", contexts: [.commandLine], listed: false),
        Action(id: .moveUp, keys: [.up], help: "Keep the filter and move up the list", group: "Prompts", contexts: [.filterField], listed: false),
        Action(id: .moveDown, keys: [.down], help: "Keep the filter and move down the list", group: "Prompts", contexts: [.filterField], listed: false),
        // Last, so its hint comes after the ones every screen had before it (it shows where the bar has room).
        Action(id: .history, keys: [.ctrl("o"), .tab], alsoKeys: [.altLeft, .altRight], hint: "history",
               help: "Back and forward through the places visited, each as you left it (Alt-← Alt-→ too; :recent lists the records opened)",
               group: "Move", contexts: browsing, twoWay: true),
    ]

    /// What a key does in a context: the first row, in table order, that lists it; else the text row for a
    /// typed character or a paste. Nil: the key does nothing there.
    public static func match(_ key: Key, in context: ActionContext) -> ActionMatch? {
        for action in all where applies(action, in: context) {
            if let i = action.keys.firstIndex(of: key) { return ActionMatch(action: action.id, backward: action.twoWay && i % 2 == 0) }
            if let i = action.alsoKeys.firstIndex(of: key) { return ActionMatch(action: action.id, backward: action.twoWay && i % 2 == 0) }
        }
        switch key {
        case .char, .paste:
            if let row = all.first(where: { $0.takesText && applies($0, in: context) }) { return ActionMatch(action: row.id, backward: false) }
        default:
            break
        }
        return nil
    }

    /// The action a key triggers in a context.
    public static func action(for key: Key, in context: ActionContext) -> ActionID? { match(key, in: context)?.action }

    public static func applies(_ action: Action, in context: ActionContext) -> Bool {
        action.contexts.contains(context)
            || (action.contexts.contains(.everywhere))
            || (action.contexts.contains(.lists) && (context == .employees || context == .employee || context == .worklist || context == .recent))
            || (action.contexts.contains(.textField) && ActionContext.withTextField.contains(context))
    }

    /// The hint bar's entries for a context: (action, key, label).
    public static func hints(for context: ActionContext) -> [(id: ActionID, key: String, label: String)] {
        hintsByContext[context] ?? []
    }

    /// Worked out once: the bottom line is drawn on every frame.
    private static let hintsByContext: [ActionContext: [(id: ActionID, key: String, label: String)]] = Dictionary(
        uniqueKeysWithValues: ActionContext.allCases.map { context in
            (context, all.filter { $0.hint != nil && applies($0, in: context) }
                .map { ($0.id, $0.hintKey, $0.hint!) })
        })

    /// Help, grouped, in table order: the listed rows, those with the same help text in a group on one
    /// line ("← →  Home End   Move the cursor").
    public static var groups: [(name: String, lines: [(keys: String, help: String)])] {
        var order: [String] = []
        var byGroup: [String: [(keys: String, help: String)]] = [:]
        for action in all where action.listed {
            if byGroup[action.group] == nil { order.append(action.group) }
            if let last = byGroup[action.group]?.last, last.help == action.help {
                byGroup[action.group]![byGroup[action.group]!.count - 1].keys += "  " + action.keyLabel
            } else {
                byGroup[action.group, default: []].append((action.keyLabel, action.help))
            }
        }
        return order.map { ($0, byGroup[$0]!) }
    }
}
