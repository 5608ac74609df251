/// One employee as the server sends it. `json` is exactly the body of `GET /employees/{externalID}`.
public struct DemoEmployee: Sendable, Equatable {
    public let externalID: String
    public let json: String
    /// Kept beside the JSON so the list endpoint can filter without parsing its own output.
    let active: Bool
    let organisationalUnit: String?
}

/// One interaction. `json` is exactly the body of `GET /employees/{employeeID}/interactions/{externalID}`.
public struct DemoInteraction: Sendable, Equatable {
    public let employeeID: String
    public let externalID: String
    /// Kept as its parts and written out on request: a demo reads a handful of its 2,600 records, and their
    /// text would be most of the demo's heap.
    let draft: InteractionDraft

    public var json: String { draft.json(externalID: externalID) }
}

/// One vacancy. `json` is exactly the body of `GET /vacancies/{externalID}`.
public struct DemoVacancy: Sendable, Equatable {
    public let externalID: String
    public let jobTitle: String
    public let json: String
}

/// The custom properties of an employee or a vacancy, made from its ID when asked for
/// (`include=custom_properties`): nothing is stored, so they cost the data set no memory or start-up time.
enum DemoCustomProperties {
    static func rendered(for id: String) -> String {
        // FNV-1a of the ID seeds the draws: the same ID always gets the same properties.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        var rng = SplitMix64(seed: hash)
        let names = DemoVocabulary.customPropertyNames
        let count = rng.int(in: 1...names.count)
        return JSONText.array((0..<count).map { index in
            .object([JSONMember("property_name", .string(names[index])),
                     JSONMember("property_value", .string(rng.pick(DemoVocabulary.customPropertyValues[index])))])
        }).rendered
    }

    /// `json` (one object) with `custom_properties` added as its last member.
    static func appended(to json: String, id: String) -> String {
        String(json.dropLast()) + #", "custom_properties": "# + rendered(for: id) + "}"
    }
}
