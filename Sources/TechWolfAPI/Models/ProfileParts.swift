/// Reads the fields of one object leniently: a value of the wrong kind becomes nil and a sentence in
/// `problems`, never an error, so a server that sends a surprising shape still shows everything else.
struct LenientReader {
    let json: JSONValue
    /// Where the fields are, for the sentences ("working_history[2].")
    let prefix: String
    var problems: [String] = []

    init(_ json: JSONValue, prefix: String = "") {
        self.json = json
        self.prefix = prefix
    }

    private mutating func wrong(_ key: String, _ expected: String, _ value: JSONValue) {
        problems.append("\(prefix)\(key) should be \(expected) but is \(value.kindName)")
    }

    /// Text: strings as they are, numbers as written (an ID sent as a number is still readable).
    mutating func text(_ key: String) -> String? {
        guard let value = json[key] else { return nil }
        switch value {
        case .null: return nil
        case .string(let s): return s
        case .number(let n): return n
        default:
            wrong(key, "a string", value)
            return nil
        }
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = json[key] else { return nil }
        switch value {
        case .null: return nil
        case .bool(let b): return b
        default:
            wrong(key, "true or false", value)
            return nil
        }
    }

    mutating func timestamp(_ key: String) -> APITimestamp? {
        guard let text = text(key) else { return nil }
        let ts = APITimestamp(parsing: text)
        if !ts.isValid { problems.append("\(prefix)\(key) is not a valid ISO 8601 date or time") }
        return ts
    }

    mutating func location(_ key: String) -> GeoLocation? {
        guard let value = json[key] else { return nil }
        if case .null = value { return nil }
        guard case .object = value else {
            wrong(key, "an object {lat, lng}", value)
            return nil
        }
        let lat = value["lat"]?.doubleValue
        let lng = value["lng"]?.doubleValue
        if lat == nil || lng == nil { problems.append("\(prefix)\(key) should have numbers lat and lng") }
        return GeoLocation(latitude: lat, longitude: lng)
    }

    /// The elements of an array of objects, each decoded by `make`; elements of another kind are skipped
    /// with a sentence.
    mutating func list<T>(_ key: String, _ make: (inout LenientReader) -> T) -> [T] {
        guard let value = json[key] else { return [] }
        if case .null = value { return [] }
        guard let elements = value.arrayValue else {
            wrong(key, "an array", value)
            return []
        }
        var result: [T] = []
        for (index, element) in elements.enumerated() {
            guard case .object = element else {
                problems.append("\(prefix)\(key)[\(index)] should be an object but is \(element.kindName)")
                continue
            }
            var reader = LenientReader(element, prefix: "\(prefix)\(key)[\(index)].")
            result.append(make(&reader))
            problems += reader.problems
        }
        return result
    }
}

/// `{lat, lng}`: either may be missing from a broken body.
public struct GeoLocation: Sendable, Equatable {
    public let latitude: Double?
    public let longitude: Double?

    /// "51.0543, 3.7174", the way maps take it.
    public var text: String {
        "\(latitude.map { Self.degrees($0) } ?? "?"), \(longitude.map { Self.degrees($0) } ?? "?")"
    }

    static func degrees(_ value: Double) -> String {
        let scaled = (value * 10_000).rounded()
        guard scaled.isFinite, abs(scaled) < 1e12 else { return String(value) }
        let n = Int(scaled)
        let magnitude = abs(n)
        let fraction = String(magnitude % 10_000)
        return "\(n < 0 ? "-" : "")\(magnitude / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}

/// One entry of `working_history`. `endDate` nil with a start date: the current job.
public struct WorkExperience: Sendable, Equatable {
    public let startDate: APITimestamp?
    public let endDate: APITimestamp?
    public let company: String?
    public let jobTitle: String?
    public let jobDescription: String?

    init(_ r: inout LenientReader) {
        startDate = r.timestamp("start_date")
        endDate = r.timestamp("end_date")
        company = r.text("company")
        jobTitle = r.text("job_title")
        jobDescription = r.text("job_description")
    }
}

/// One entry of `education_history`.
public struct Education: Sendable, Equatable {
    public let startDate: APITimestamp?
    public let endDate: APITimestamp?
    public let school: String?
    public let degreeName: String?

    init(_ r: inout LenientReader) {
        startDate = r.timestamp("start_date")
        endDate = r.timestamp("end_date")
        school = r.text("school")
        degreeName = r.text("degree_name")
    }
}

/// `{language, level}`: an ISO 639-1 code and a level from 1 to 5.
public struct LanguageSkill: Sendable, Equatable {
    public let code: String?
    public let level: Int?

    init(_ r: inout LenientReader) {
        code = r.text("language")
        if let value = r.json["level"], value != .null {
            level = value.intValue
            if level == nil || !(1...5).contains(level!) { r.problems.append("\(r.prefix)level should be a number from 1 to 5") }
        } else {
            level = nil
        }
    }

    /// The language's English name, where the code is a common one.
    public var name: String? { code.flatMap { Self.names[$0.lowercased()] } }

    static let names: [String: String] = [
        "en": "English", "nl": "Dutch", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
        "pt": "Portuguese", "ja": "Japanese", "zh": "Chinese", "ko": "Korean", "pl": "Polish", "ar": "Arabic",
        "ru": "Russian", "tr": "Turkish", "sv": "Swedish", "da": "Danish", "fi": "Finnish", "no": "Norwegian",
    ]
}

/// One of `desired_functions` or `non_desired_functions`. Importance's scale is not documented: kept as text.
public struct FunctionPreference: Sendable, Equatable {
    public let title: String?
    public let importance: String?

    init(_ r: inout LenientReader) {
        title = r.text("title")
        importance = r.text("importance")
    }
}

/// `{property_name, property_value}`; the value may be any JSON, shown as text.
public struct CustomProperty: Sendable, Equatable {
    public let name: String?
    public let value: String?

    init(_ r: inout LenientReader) {
        name = r.text("property_name")
        value = r.json["property_value"].flatMap { $0 == .null ? nil : $0.displayText }
    }
}

extension LenientReader {
    mutating func languages() -> [LanguageSkill] { list("languages") { LanguageSkill(&$0) } }
    mutating func customProperties() -> [CustomProperty] { list("custom_properties") { CustomProperty(&$0) } }
}
