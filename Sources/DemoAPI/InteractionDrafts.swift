/// An interaction without its ID: everything its record says besides.
struct InteractionDraft: Sendable, Equatable {
    var type: String
    var timestamp: String
    var vacancyID: String?
    var title: String?
    var extraFields: [JSONMember] = []

    func json(externalID: String) -> String {
        var members = [
            JSONMember("external_id", .string(externalID)),
            JSONMember("interaction_type", .string(type)),
            JSONMember("timestamp", .string(timestamp)),
        ]
        if let vacancyID { members.append(JSONMember("vacancy_id", .string(vacancyID))) }
        if let title { members.append(JSONMember("title", .string(title))) }
        return JSONText.object(members + extraFields).rendered
    }
}

/// Decides what each employee's interactions look like: a few hand-placed records that exercise every case a
/// client must handle, and seeded random ones around them.
struct InteractionDraftMaker {
    /// The only vacancy ID in the data set that does not resolve.
    static let missingVacancyID = "vac-9999"

    /// Servers add fields over time; a handful of records carry fields the documentation does not list.
    static let extraFieldVariants: [[JSONMember]] = [
        [JSONMember("channel", .string("mobile"))],
        [JSONMember("score", .number("0.87"))],
        [JSONMember("meta", .object([JSONMember("source", .string("import"))]))],
        [JSONMember("channel", .string("web")), JSONMember("campaign_id", .null)],
        [JSONMember("channel", .string("mobile")), JSONMember("score", .number("0.42")),
         JSONMember("meta", .object([JSONMember("source", .string("import")), JSONMember("batch", .int(7))]))],
    ]

    /// Every so many generated records gets extra fields; a stride rather than a dice roll, so the count
    /// cannot fall below what the tests rely on for any seed.
    private static let extraFieldStride = 337

    private var generatedCount = 0

    mutating func drafts(forEmployeeAt index: Int, count: Int, using rng: inout SplitMix64) -> [InteractionDraft] {
        var drafts = handPlaced(forEmployeeAt: index, using: &rng)
        for _ in 0..<count {
            var draft = Self.random(using: &rng)
            generatedCount += 1
            if generatedCount % Self.extraFieldStride == 100 {
                draft.extraFields = Self.extraFieldVariants[(generatedCount / Self.extraFieldStride)
                    % Self.extraFieldVariants.count]
            }
            drafts.append(draft)
        }
        return drafts
    }

    private func handPlaced(forEmployeeAt index: Int, using rng: inout SplitMix64) -> [InteractionDraft] {
        switch index {
        case 0: Self.showcase(using: &rng)
        case 1: Self.contractBreakers(using: &rng)
        case 2: [Self.hostileTitle(using: &rng)]
        default: []
        }
    }

    private static func random(using rng: inout SplitMix64) -> InteractionDraft {
        let shape = DemoTimestamp.randomShape(using: &rng)
        let timestamp = DemoTimestamp.random(shape: shape, using: &rng)
        if rng.chance(82) {
            let type = rng.chance(90) ? "vacancy_liked" : "vacancy_applied"
            let vacancy = DemoDataSetBuilder.vacancyID(number: rng.int(in: 1...DemoVocabulary.vacancyTitles.count))
            return InteractionDraft(type: type, timestamp: timestamp, vacancyID: vacancy)
        }
        let type = rng.chance(60) ? "title_searched" : "vacancy_liked"
        return InteractionDraft(type: type, timestamp: timestamp, title: rng.pick(DemoVocabulary.freeTextTitles))
    }

    /// `E-1001`, the employee every demo opens first: one record of each kind worth showing.
    private static func showcase(using rng: inout SplitMix64) -> [InteractionDraft] {
        func at(_ shape: DemoTimestampShape) -> String { DemoTimestamp.random(shape: shape, using: &rng) }
        return [
            InteractionDraft(type: "vacancy_liked", timestamp: at(.noZoneMicroseconds), vacancyID: vacancy("機械エンジニア")),
            InteractionDraft(type: "vacancy_liked", timestamp: at(.dateOnly), vacancyID: vacancy("Mechanical Engineer")),
            InteractionDraft(type: "vacancy_applied", timestamp: at(.utc), vacancyID: vacancy("Ingénieur mécanique")),
            InteractionDraft(type: "title_searched", timestamp: at(.utc), title: "mechanical engineer"),
            InteractionDraft(type: "vacancy_liked", timestamp: at(.dateOnly), vacancyID: vacancy("数据分析师")),
            InteractionDraft(type: "vacancy_liked", timestamp: at(.noZoneMicroseconds), title: "データサイエンティスト"),
            InteractionDraft(type: "vacancy_liked", timestamp: at(.offset), vacancyID: vacancy("Bäckereifachverkäuferin")),
            InteractionDraft(type: "vacancy_liked", timestamp: at(.noZoneMicroseconds),
                             vacancyID: vacancy("Senior Data Analyst"), extraFields: extraFieldVariants[4]),
            InteractionDraft(type: "vacancy_liked", timestamp: at(.utc), vacancyID: missingVacancyID),
            InteractionDraft(type: "vacancy_liked", timestamp: at(.noZoneMicroseconds),
                             vacancyID: vacancy("Técnico de mantenimiento")),
            InteractionDraft(type: "title_searched", timestamp: at(.dateOnly), title: "Ingénieur qualité"),
            InteractionDraft(type: "vacancy_liked", timestamp: at(.utc), vacancyID: vacancy("데이터 분석가")),
        ]
    }

    /// `E-1002`: records that break the documented "either vacancy_id or title, not both" rule, which a
    /// client must still show (with a warning) rather than reject.
    private static func contractBreakers(using rng: inout SplitMix64) -> [InteractionDraft] {
        [
            InteractionDraft(type: "vacancy_liked", timestamp: DemoTimestamp.random(shape: .utc, using: &rng),
                             vacancyID: vacancy("Data Engineer"), title: "Data Engineer"),
            InteractionDraft(type: "vacancy_liked",
                             timestamp: DemoTimestamp.random(shape: .noZoneMicroseconds, using: &rng)),
        ]
    }

    /// `E-1003`: a free-text title carrying terminal escape sequences and control characters, which the
    /// browser must draw as visible placeholders and never send to the terminal raw.
    private static func hostileTitle(using rng: inout SplitMix64) -> InteractionDraft {
        InteractionDraft(type: "title_searched", timestamp: DemoTimestamp.random(shape: .utc, using: &rng),
                         title: "\u{1B}[31mURGENT\u{1B}[0m hiring\tnow\u{07}")
    }

    private static func vacancy(_ title: String) -> String {
        guard let index = DemoVocabulary.vacancyTitles.firstIndex(where: { $0.title == title }) else {
            preconditionFailure("hand-placed interaction names a vacancy title that is not in the vocabulary")
        }
        return DemoDataSetBuilder.vacancyID(number: index + 1)
    }
}
