/// One node of a YAML document as `YAMLReader` reads it, with the place it starts (1-based line and
/// column) so that errors about its content can point at it.
struct YAMLNode: Sendable, Equatable {
    enum Content: Sendable, Equatable {
        case scalar(YAMLScalar)
        /// Entries in file order.
        case mapping([Entry])
        case sequence([YAMLNode])
    }

    struct Entry: Sendable, Equatable {
        let key: YAMLNode
        let value: YAMLNode
    }

    let content: Content
    let line: Int
    let column: Int

    var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { scalar } else { nil }
    }

    var mapping: [(key: YAMLNode, value: YAMLNode)]? {
        if case .mapping(let entries) = content { entries.map { ($0.key, $0.value) } } else { nil }
    }

    var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { items } else { nil }
    }

    /// The text of a scalar, whatever its type (`~` is "~", an empty value ""); nil for a collection.
    var string: String? { scalar?.text }

    /// What the scalar means under YAML 1.1's rules for unquoted text; quoted text is always a string.
    var type: YAMLScalarType? {
        scalar.map { $0.style == .plain ? YAMLScalarType.resolve($0.text) : .string }
    }

    /// A YAML 1.1 integer (`12`, `-1`, `0x1f`, `017`, `0b101`, `1_000`, `1:30`); nil for anything else or
    /// one that does not fit an `Int`.
    var int: Int? {
        guard type == .int, let text = string else { return nil }
        return YAMLScalarType.integer(text)
    }

    /// A YAML 1.1 boolean (`true`, `no`, `On`…); nil for anything else, a quoted "true" included.
    var bool: Bool? {
        guard type == .bool, let text = string else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    /// "value", "mapping" or "list", for messages.
    var kind: String {
        switch content {
        case .scalar: "value"
        case .mapping: "mapping"
        case .sequence: "list"
        }
    }
}

struct YAMLScalar: Sendable, Equatable {
    enum Style: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted
    }

    /// The value with quotes removed and escapes applied.
    let text: String
    let style: Style
}
