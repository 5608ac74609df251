import TechWolfAPI

/// Where an argument's Tab completion comes from.
public enum Completion: Sendable {
    case none
    case themes
    case profiles
    /// Employee IDs the session has seen.
    case employees
    /// Interaction IDs the session has seen for the employee named by the argument before it.
    case interactionsOfPrevious
    case words([String])
}

public struct CommandArgument: Sendable {
    public let name: String
    public let completion: Completion
    public let optional: Bool

    init(_ name: String, _ completion: Completion = .none, optional: Bool = false) {
        self.name = name
        self.completion = completion
        self.optional = optional
    }
}

/// One `:` command. The one table drives the command line, its Tab completion, the help screen's list
/// and the "unknown command" message.
public struct Command: Sendable {
    public let name: String
    public let aliases: [String]
    public let arguments: [CommandArgument]
    public let help: String
    let run: @Sendable ([String], inout AppState) -> [Effect]

    /// How help shows it: ":interaction EMP INT", ":cache [clear]".
    public var usage: String {
        ([":" + name] + arguments.map { $0.optional ? "[\($0.name)]" : $0.name }).joined(separator: " ")
    }

    var names: [String] { [name] + aliases }
}

public enum CommandTable {
    public static let all: [Command] = [
        Command(name: "q", aliases: ["quit", "q!"], arguments: [], help: "Quit") { _, state in
            state.shouldQuit = true
            return [.cancelAll]
        },
        Command(name: "help", aliases: [], arguments: [], help: "Show this help") { _, state in
            state.push(HelpScreen())
            return []
        },
        Command(name: "employee", aliases: ["e"], arguments: [CommandArgument("ID", .employees)], help: "Open any employee") { args, state in
            do throws(ValidationError) {
                let id = try Validators.externalID(args[0], field: "employee ID")
                // A jump, not a step deeper: the breadcrumb reads employees › ID.
                Navigation.jumpToEmployees(&state)
                return Navigation.openEmployee(id, &state)
            } catch {
                state.show("\(error.field) \(error.message)", .error)
                return []
            }
        },
        Command(name: "interaction", aliases: ["i"], arguments: [CommandArgument("EMP", .employees), CommandArgument("INT", .interactionsOfPrevious)],
                help: "Open any record") { args, state in
            do throws(ValidationError) {
                let e = try Validators.externalID(args[0], field: "employee ID")
                let i = try Validators.externalID(args[1], field: "interaction ID")
                let key = InteractionKey(employee: e, interaction: i)
                if !(state.interactionLists[e]?.ids.contains(i) ?? false) { state.lookedUp.insert(key) }
                Navigation.jumpToEmployees(&state)
                return Navigation.openEmployee(e, &state) + Navigation.openRecord(key, &state)
            } catch {
                state.show("\(error.field) \(error.message)", .error)
                return []
            }
        },
        Command(name: "unit", aliases: [], arguments: [CommandArgument("ID", optional: true)],
                help: "List only this organisational unit's employees (on the server); no ID lists every unit") { args, state in
            var filter = state.serverFilter
            filter.unit = args.first.flatMap { $0.isEmpty ? nil : $0 }
            if let unit = filter.unit, !(1...255).contains(unit.count) || unit.unicodeScalars.contains(where: TerminalText.isUnsafe) {
                state.show("unit must be 1 to 255 printable characters", .error)
                return []
            }
            return ServerFiltering.apply(filter, &state)
        },
        Command(name: "active", aliases: [], arguments: [CommandArgument("yes|no|all", .words(["yes", "no", "all"]))],
                help: "List only active (yes) or inactive (no) employees, or all (on the server)") { args, state in
            var filter = state.serverFilter
            switch args[0].lowercased() {
            case "yes", "true": filter.active = true
            case "no", "false": filter.active = false
            case "all": filter.active = nil
            default:
                state.show(":active takes yes, no or all", .error)
                return []
            }
            return ServerFiltering.apply(filter, &state)
        },
        Command(name: "recent", aliases: [], arguments: [], help: "The records opened this session, newest first; Enter opens one") { _, state in
            RecentScreen.open(&state)
        },
        Command(name: "w", aliases: ["write"], arguments: [CommandArgument("FILE")],
                help: "Write the record, employee or vacancy shown to a new file, exactly as the server sent it (mode 0600)") { args, state in
            Export.write(args[0], overwrite: false, &state)
        },
        Command(name: "w!", aliases: [], arguments: [CommandArgument("FILE")],
                help: "The same over an existing file (never through a symbolic link)") { args, state in
            Export.write(args[0], overwrite: true, &state)
        },
        Command(name: "worklist", aliases: [], arguments: [CommandArgument("FILE")],
                help: "Open a worklist file: every pair with how it fared") { args, _ in
            [.readWorklist(args[0])]
        },
        Command(name: "theme", aliases: [], arguments: [CommandArgument("NAME", .themes)],
                help: "Switch theme: " + Theme.bundledNames.joined(separator: ", ")) { args, _ in
            [.setTheme(args[0])]
        },
        Command(name: "profile", aliases: [], arguments: [CommandArgument("NAME", .profiles)],
                help: "Switch to a profile from the config file (drops the cache)") { args, _ in
            [.switchProfile(args[0])]
        },
        Command(name: "connect", aliases: [], arguments: [], help: "Change tenant, region or token") { _, state in
            Connect.showForm(&state)
            state.form.focus = .tenant
            return []
        },
        Command(name: "cache", aliases: [], arguments: [CommandArgument("clear", .words(["clear"]), optional: true)],
                help: "Cache figures, or clear it") { args, state in
            if args.isEmpty { return [.reportCache] }
            guard args == ["clear"] else {
                state.show("usage: :cache  or  :cache clear", .error)
                return []
            }
            return [.clearCache]
        },
    ]

    static func command(named name: String) -> Command? { all.first { $0.names.contains(name) } }

    /// Runs a typed command line.
    static func run(_ line: String, _ state: inout AppState) -> [Effect] {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let name = words.first else { return [] }
        guard let command = command(named: name) else {
            state.show(unknown(name), .error)
            return []
        }
        let args = Array(words.dropFirst())
        let required = command.arguments.filter { !$0.optional }.count
        guard args.count >= required && args.count <= command.arguments.count else {
            let choices: String
            switch command.arguments.first?.completion {
            case .themes?: choices = " (\(Theme.bundledNames.joined(separator: ", ")))"
            case .profiles?: choices = " (see twbrowse config show)"
            default: choices = ""
            }
            state.show("usage: \(command.usage)\(choices)", .error)
            return []
        }
        return command.run(args, &state)
    }

    /// "unknown command :emplyee — did you mean :employee?", or the list of commands.
    static func unknown(_ name: String) -> String {
        let shown = TerminalText.excerpt(name, limit: 30)
        let names = all.flatMap(\.names)
        let close = names.filter { $0.hasPrefix(name) }.first
            ?? names.map { ($0, editDistance($0, name)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
        if let close { return "unknown command :\(shown) — did you mean :\(close)?" }
        return "unknown command :\(shown) — commands: " + all.map { ":" + $0.name }.joined(separator: " ")
    }

    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }

    // MARK: Completion

    /// Tab on the command line: the word being typed completed as far as its candidates agree. With one
    /// candidate a space follows; with several and nothing to add, `candidates` lists them.
    static func complete(_ line: String, _ state: AppState) -> (line: String, candidates: [String]) {
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if line.isEmpty || line.hasSuffix(" ") { words.append("") }
        let word = words[words.count - 1]
        let options: [String]
        if words.count == 1 {
            options = all.flatMap(\.names)
        } else if let command = command(named: words[0]), words.count - 2 < command.arguments.count {
            options = values(command.arguments[words.count - 2].completion, previous: words[words.count - 2], state)
        } else {
            options = []
        }
        let matches = Array(Set(options.filter { $0.hasPrefix(word) })).sorted()
        guard let first = matches.first else { return (line, []) }
        let prefix = String(words.dropLast().map { $0 + " " }.joined())
        if matches.count == 1 { return (prefix + first + " ", []) }
        let common = matches.dropFirst().reduce(first) { String(zip($0, $1).prefix { $0 == $1 }.map(\.0)) }
        if common.count > word.count { return (prefix + common, []) }
        return (line, matches)
    }

    static func values(_ completion: Completion, previous: String, _ state: AppState) -> [String] {
        switch completion {
        case .none: return []
        case .themes: return Theme.bundledNames
        case .profiles: return state.profileNames
        case .employees: return state.directory.rows.map(\.id)
        case .interactionsOfPrevious: return state.interactionLists[previous]?.ids ?? []
        case .words(let words): return words
        }
    }
}
