#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An employee interaction (`GET /employees/{id}/interactions/{id}`), decoded leniently: a record that
/// breaks the documented rules is kept and flagged, never dropped, because the user is usually looking at
/// it precisely because something is wrong with it.
public struct InteractionRecord: Sendable, Equatable {
    /// What the interaction points at. The API says exactly one of `vacancy_id` and `title`.
    public enum Target: Sendable, Equatable {
        case vacancy(String)
        case title(String)
        case both(vacancyID: String, title: String)
        case neither
    }

    public let externalID: String?
    public let interactionType: String?
    public let timestamp: APITimestamp?
    public let target: Target
    /// Fields the model does not know, in the order the server sent them.
    public let unknownFields: [JSONMember]
    /// The whole body as sent, for printing as JSON.
    public let raw: JSONValue
    /// The body's bytes exactly as the server sent them, when this came as a response of its own (nil for
    /// one built from a JSON value, such as a row of a list).
    public internal(set) var body: Data? = nil
    /// Everything that breaks the documented rules, as short sentences.
    public private(set) var warnings: [String]

    public static let knownFields: Set<String> = ["external_id", "interaction_type", "timestamp", "vacancy_id", "title"]

    public init(json: JSONValue) throws(DecodingProblem) {
        let members = try json.requireObject("an interaction")
        var warnings: [String] = []
        func string(_ key: String) -> String? {
            guard let value = json[key] else { return nil }
            if case .null = value { return nil }
            guard let s = value.stringValue else {
                warnings.append("\(key) should be a string but is \(value.kindName)")
                return nil
            }
            return s
        }
        raw = json
        externalID = string("external_id")
        if externalID == nil && json["external_id"] == nil { warnings.append("external_id (required) is missing") }
        interactionType = string("interaction_type")
        if interactionType == nil && json["interaction_type"] == nil { warnings.append("interaction_type (required) is missing") }
        if let text = string("timestamp") {
            let ts = APITimestamp(parsing: text)
            if !ts.isValid { warnings.append("timestamp is not a valid ISO 8601 date or time") }
            timestamp = ts
        } else {
            timestamp = nil
        }
        let vacancyID = string("vacancy_id")
        let title = string("title")
        switch (vacancyID, title) {
        case let (v?, t?):
            target = .both(vacancyID: v, title: t)
            warnings.append("both vacancy_id and title are present; the API allows exactly one")
        case let (v?, nil): target = .vacancy(v)
        case let (nil, t?): target = .title(t)
        case (nil, nil):
            target = .neither
            warnings.append("neither vacancy_id nor title is present; the API requires exactly one")
        }
        unknownFields = unknownMembers(members, known: Self.knownFields)
        self.warnings = warnings
    }

    public var vacancyID: String? {
        switch target {
        case .vacancy(let v), .both(let v, _): return v
        default: return nil
        }
    }

    public var title: String? {
        switch target {
        case .title(let t), .both(_, let t): return t
        default: return nil
        }
    }

    /// The record with a warning when it names another interaction than the one asked for: a server (or
    /// a cache in between) may answer with the wrong record, and the user must not take it for the right one.
    public func checkedIdentity(requested: String) -> InteractionRecord {
        guard let warning = IdentityCheck.warning(sent: externalID, requested: requested, what: "record") else { return self }
        var flagged = self
        flagged.warnings.insert(warning, at: 0)
        return flagged
    }
}

/// Does the `external_id` a server sent match the ID that was asked for?
public enum IdentityCheck {
    /// The warning to show when it does not; nil when it does (or when none was sent, which the model
    /// already flags).
    public static func warning(sent: String?, requested: String, what: String) -> String? {
        guard let sent, sent != requested else { return nil }
        return "the \(what) says external_id \(TerminalText.excerpt(sent, limit: 110)); asked for \(TerminalText.excerpt(requested, limit: 110))"
    }
}
