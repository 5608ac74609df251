/// Why a theme could not be loaded. The message is meant for the user as is: it names the file, the
/// place in it when known, and what was wrong, so they can fix their theme without reading code.
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension Theme {
    /// Reads a theme from YAML text. `source` names where the text came from (a path or a bundled name)
    /// and starts every error message. Roles the text leaves out are not filled in: `style(_:)` falls
    /// back to `text` for them, which lets a user's theme be short.
    public static func parse(yaml: String, source: String) throws(ThemeError) -> Theme {
        let root: YAMLNode?
        do throws(YAMLError) {
            root = try YAMLReader.read(yaml)
        } catch {
            throw syntaxError(error, source: source)
        }
        guard let root else {
            throw ThemeError("\(source): the file is empty; expected 'name' and 'roles'")
        }
        return try ThemeDocument(source: source).theme(from: root)
    }

    private static func syntaxError(_ error: YAMLError, source: String) -> ThemeError {
        switch error {
        case let .syntax(line, column, problem):
            return ThemeError("\(source):\(line):\(column): YAML syntax error: \(problem)")
        case let .unsupported(line, what):
            return ThemeError(YAMLError.unsupportedMessage(source: source, line: line, what: what))
        }
    }
}

/// The walk over one parsed file; holds the source so every error can name it.
private struct ThemeDocument {
    let source: String

    private static let topLevelKeys: Set<String> = ["name", "description", "roles"]
    private static let styleKeys = "fg, bg, bold, underline, reverse, dim"

    func theme(from root: YAMLNode) throws(ThemeError) -> Theme {
        guard let mapping = root.mapping else {
            throw failure(at: root, "expected a mapping with 'name' and 'roles' at the top level")
        }
        var name: String?
        var roles: [(key: YAMLNode, value: YAMLNode)]?
        for (keyNode, value) in mapping {
            let key = try plainKey(keyNode)
            switch key {
            case "name":
                name = try nonEmptyString(value, what: "'name'")
            case "description":
                _ = try nonEmptyString(value, what: "'description'")
            case "roles":
                guard let roleMapping = value.mapping else {
                    throw failure(at: value, "'roles' must be a mapping of role name to style")
                }
                roles = roleMapping
            default:
                let known = Self.topLevelKeys.sorted().joined(separator: ", ")
                throw failure(at: keyNode, "unknown top-level key '\(key)' (expected \(known))")
            }
        }
        guard let name else { throw failure(at: root, "missing 'name'") }
        guard let roles else { throw failure(at: root, "missing 'roles'") }

        var styles: [Role: Style] = [:]
        for (keyNode, value) in roles {
            let roleName = try plainKey(keyNode)
            guard let role = Role(rawValue: roleName) else {
                let known = Role.allCases.map(\.rawValue).joined(separator: ", ")
                throw failure(at: keyNode, "unknown role '\(roleName)' (known roles: \(known))")
            }
            styles[role] = try style(value, role: roleName)
        }
        return Theme(name: name, styles: styles)
    }

    private func style(_ node: YAMLNode, role: String) throws(ThemeError) -> Style {
        guard let mapping = node.mapping else {
            throw failure(at: node, "role '\(role)': expected a mapping like { fg: blue, bold: true }")
        }
        var style = Style()
        for (keyNode, value) in mapping {
            let key = try plainKey(keyNode)
            switch key {
            case "fg": style.foreground = try color(value, role: role, key: key)
            case "bg": style.background = try color(value, role: role, key: key)
            case "bold": style.bold = try flag(value, role: role, key: key)
            case "underline": style.underline = try flag(value, role: role, key: key)
            case "reverse": style.reverse = try flag(value, role: role, key: key)
            case "dim": style.dim = try flag(value, role: role, key: key)
            default:
                throw failure(at: keyNode, "role '\(role)': unknown key '\(key)' (expected \(Self.styleKeys))")
            }
        }
        return style
    }

    private func color(_ node: YAMLNode, role: String, key: String) throws(ThemeError) -> ThemeColor {
        let context = "role '\(role)': \(key)"
        guard let scalar = node.scalar else {
            throw failure(at: node, "\(context): expected a colour, found a \(node.kind)")
        }
        switch node.type {
        case .null:
            // An unquoted `#rrggbb` starts a YAML comment and leaves the value empty: say so.
            throw failure(at: node, "\(context): missing colour (quote hex colours: \"#5fafff\")")
        case .int:
            guard let number = node.int, (0...255).contains(number) else {
                throw failure(at: node, "\(context): colour number \(scalar.text) is out of range 0–255")
            }
            return .indexed(number)
        case .string:
            break
        default:
            throw failure(at: node, "\(context): '\(scalar.text)' is not a colour")
        }
        let text = scalar.text.lowercased()
        if text.hasPrefix("#") {
            guard let rgb = Self.hexColor(text) else {
                throw failure(at: node, "\(context): malformed hex colour '\(scalar.text)' (expected #rrggbb)")
            }
            return rgb
        }
        guard let named = ThemeColor.named[text] else {
            throw failure(at: node, "\(context): unknown colour name '\(scalar.text)' "
                + "(expected default, a name like red or bright_blue, 0–255, or \"#rrggbb\")")
        }
        return named
    }

    private static func hexColor(_ text: String) -> ThemeColor? {
        let digits = text.dropFirst()
        guard digits.count == 6, digits.allSatisfy(\.isHexDigit), let value = UInt32(digits, radix: 16) else {
            return nil
        }
        return .rgb(UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff))
    }

    private func flag(_ node: YAMLNode, role: String, key: String) throws(ThemeError) -> Bool {
        // Only real YAML booleans: a quoted "true" is a string and most likely a mistake worth reporting.
        guard node.type == .bool, let value = node.bool else {
            let found = node.scalar.map { "'\($0.text)'" } ?? "a \(node.kind)"
            throw failure(at: node, "role '\(role)': \(key) must be true or false, found \(found)")
        }
        return value
    }

    private func plainKey(_ node: YAMLNode) throws(ThemeError) -> String {
        guard let scalar = node.scalar else {
            throw failure(at: node, "expected a plain key, found a \(node.kind)")
        }
        return scalar.text
    }

    private func nonEmptyString(_ node: YAMLNode, what: String) throws(ThemeError) -> String {
        guard let scalar = node.scalar, node.type == .string, !scalar.text.isEmpty else {
            throw failure(at: node, "\(what) must be a non-empty string")
        }
        return scalar.text
    }

    private func failure(at node: YAMLNode, _ problem: String) -> ThemeError {
        ThemeError("\(source):\(node.line):\(node.column): \(problem)")
    }
}

extension ThemeColor {
    /// The colour names a theme file may use; `bright_*` are ANSI 8–15.
    static let named: [String: ThemeColor] = {
        let base = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
        var names: [String: ThemeColor] = ["default": .terminalDefault]
        for (index, name) in base.enumerated() {
            names[name] = .ansi(index)
            names["bright_" + name] = .ansi(index + 8)
        }
        return names
    }()
}
