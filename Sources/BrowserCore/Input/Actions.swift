/// Where an action applies.
public enum ActionContext: String, Sendable, Hashable, CaseIterable {
    case everywhere, lists, employees, employee, record, connect, help
}

public enum ActionID: String, Sendable, Hashable, CaseIterable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case open, back, quit, forceQuit
    case filter, command, help, refresh, redraw
    case addInteractions, toggleJSON, nextRecord, previousRecord
    case copyID, copyJSON, copyCurl
    case nextField, previousField, submit
}

/// One thing the user can do: its keys, its help text and where it applies. The one table drives key
/// handling, the `?` help screen and the key-hint bar, so the three cannot disagree.
public struct Action: Sendable {
    public let id: ActionID
    public let keys: [Key]
    /// How help shows the keys, e.g. "↑ k".
    public let keyLabel: String
    /// A short label for the hint bar; nil keeps the action out of the bar.
    public let hint: String?
    public let help: String
    public let group: String
    public let contexts: Set<ActionContext>
}

public enum ActionTable {
    public static let all: [Action] = [
        Action(id: .moveUp, keys: [.up, .char("k")], keyLabel: "↑ k", hint: nil, help: "Move up", group: "Move", contexts: [.lists, .record, .help]),
        Action(id: .moveDown, keys: [.down, .char("j")], keyLabel: "↓ j", hint: "move", help: "Move down", group: "Move", contexts: [.lists, .record, .help]),
        Action(id: .pageUp, keys: [.pageUp, .ctrl("b")], keyLabel: "PgUp ^B", hint: nil, help: "Page up", group: "Move", contexts: [.lists, .record, .help]),
        Action(id: .pageDown, keys: [.pageDown, .ctrl("f")], keyLabel: "PgDn ^F", hint: nil, help: "Page down", group: "Move", contexts: [.lists, .record, .help]),
        Action(id: .top, keys: [.home, .char("g")], keyLabel: "Home g", hint: nil, help: "Go to the top", group: "Move", contexts: [.lists, .record, .help]),
        Action(id: .bottom, keys: [.end, .char("G")], keyLabel: "End G", hint: nil, help: "Go to the bottom", group: "Move", contexts: [.lists, .record, .help]),
        Action(id: .open, keys: [.enter, .right, .char("l")], keyLabel: "⏎ → l", hint: "open", help: "Open the selected item", group: "Move", contexts: [.lists]),
        Action(id: .back, keys: [.escape, .left, .char("h")], keyLabel: "Esc ← h", hint: "back", help: "Go back; Esc also cancels a request in flight and closes overlays (it never quits)", group: "Move", contexts: [.everywhere]),
        Action(id: .nextRecord, keys: [.char("n")], keyLabel: "n", hint: "next", help: "Next interaction of this employee", group: "Record", contexts: [.record]),
        Action(id: .previousRecord, keys: [.char("p")], keyLabel: "p", hint: "prev", help: "Previous interaction of this employee", group: "Record", contexts: [.record]),
        Action(id: .toggleJSON, keys: [.char("J")], keyLabel: "J", hint: "JSON", help: "Toggle the raw JSON view", group: "Record", contexts: [.record]),
        Action(id: .addInteractions, keys: [.char("a")], keyLabel: "a", hint: "add IDs", help: "Add interaction IDs: type one, or paste many at once", group: "Employee", contexts: [.employee]),
        Action(id: .copyID, keys: [.char("y")], keyLabel: "y", hint: "copy", help: "Copy the ID under the cursor (or of the open record) to the clipboard", group: "Copy", contexts: [.lists, .record]),
        Action(id: .copyJSON, keys: [.char("Y")], keyLabel: "Y", hint: nil, help: "Copy the record as JSON", group: "Copy", contexts: [.employee, .record]),
        Action(id: .copyCurl, keys: [.char("c")], keyLabel: "c", hint: nil, help: "Copy a curl command for the record (with $TECHWOLF_TOKEN, never the token)", group: "Copy", contexts: [.employee, .record]),
        Action(id: .filter, keys: [.char("/")], keyLabel: "/", hint: "filter", help: "Filter the list as you type (Enter keeps it, Esc clears it)", group: "Lists", contexts: [.lists]),
        Action(id: .refresh, keys: [.char("r")], keyLabel: "r", hint: "refresh", help: "Refresh from the server, past the cache", group: "General", contexts: [.lists, .record]),
        Action(id: .command, keys: [.char(":")], keyLabel: ":", hint: "cmd", help: "Command line: :q  :employee ID  :interaction EMP INT  :theme NAME  :connect  :cache  :cache clear", group: "General", contexts: [.employees, .employee, .record, .help]),
        Action(id: .help, keys: [.char("?"), .function(1)], keyLabel: "? F1", hint: "help", help: "Show this help", group: "General", contexts: [.employees, .employee, .record, .help]),
        Action(id: .redraw, keys: [.ctrl("l")], keyLabel: "^L", hint: nil, help: "Redraw the screen", group: "General", contexts: [.everywhere]),
        Action(id: .quit, keys: [.char("q")], keyLabel: "q", hint: "quit", help: "Go back; quit at the top level", group: "General", contexts: [.employees, .employee, .record, .help]),
        Action(id: .forceQuit, keys: [.ctrl("c")], keyLabel: "^C", hint: nil, help: "Quit at once", group: "General", contexts: [.everywhere]),
        Action(id: .nextField, keys: [.tab, .down], keyLabel: "Tab ↓", hint: "next field", help: "Next field", group: "Connect", contexts: [.connect]),
        Action(id: .previousField, keys: [.backTab, .up], keyLabel: "S-Tab ↑", hint: nil, help: "Previous field", group: "Connect", contexts: [.connect]),
        Action(id: .submit, keys: [.enter], keyLabel: "⏎", hint: "connect", help: "Validate, check the token with /version, and connect", group: "Connect", contexts: [.connect]),
    ]

    /// The action a key triggers in a context (the first match in table order).
    public static func action(for key: Key, in context: ActionContext) -> ActionID? {
        all.first { $0.keys.contains(key) && applies($0, in: context) }?.id
    }

    public static func applies(_ action: Action, in context: ActionContext) -> Bool {
        action.contexts.contains(.everywhere) || action.contexts.contains(context)
            || (action.contexts.contains(.lists) && (context == .employees || context == .employee))
    }

    /// The hint bar's entries for a context: (keys, label).
    public static func hints(for context: ActionContext) -> [(key: String, label: String)] {
        hintsByContext[context] ?? []
    }

    /// Worked out once: the bottom line is drawn on every frame.
    private static let hintsByContext: [ActionContext: [(key: String, label: String)]] = Dictionary(
        uniqueKeysWithValues: ActionContext.allCases.map { context in
            (context, all.filter { $0.hint != nil && applies($0, in: context) }
                .map { (String($0.keyLabel.split(separator: " ").first ?? ""), $0.hint!) })
        })

    /// Help, grouped, in table order.
    public static var groups: [(name: String, actions: [Action])] {
        var order: [String] = []
        var byGroup: [String: [Action]] = [:]
        for action in all {
            if byGroup[action.group] == nil { order.append(action.group) }
            byGroup[action.group, default: []].append(action)
        }
        return order.map { ($0, byGroup[$0]!) }
    }

    /// Editing keys shared by every text field, listed in help.
    public static let textFieldHelp: [(String, String)] = [
        ("← →  Home End", "Move the cursor"),
        ("Backspace Del", "Delete a character"),
        ("^U  ^W", "Delete to the start / the previous word"),
        ("paste", "Pasting works in every field"),
    ]
}
