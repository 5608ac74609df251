/// Generates the data set. Every choice comes from one seeded generator in a fixed order, so changing the
/// order of the steps below changes the data: keep it stable.
struct DemoDataSetBuilder {
    static let employeeCount = 240
    static let firstEmployeeNumber = 1001
    /// Employees given no interactions or very many, whatever the seed, so the demo always shows both.
    static let employeesWithoutInteractions: Set<Int> = [9, 57, 130]
    static let busyEmployees: Set<Int> = [4, 88, 201]

    private var rng: SplitMix64
    /// Draws for the profile details (levels, importances, descriptions): a stream of its own, so adding
    /// detail never changes the records and IDs the main stream makes.
    private var details: SplitMix64
    private var interactionIDs = InteractionIDMaker()

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
        details = SplitMix64(seed: seed ^ 0x6465_7461_696C_7321)
    }

    mutating func build() -> (employees: [DemoEmployee], interactions: [DemoInteraction], vacancies: [DemoVacancy]) {
        let (employees, vacancies) = buildPeople()
        return (employees, buildInteractions(of: employees), vacancies)
    }

    /// The first step: vacancies and employees (what a first screen needs).
    mutating func buildPeople() -> (employees: [DemoEmployee], vacancies: [DemoVacancy]) {
        let vacancies = (0..<DemoVocabulary.vacancyTitles.count).map { makeVacancy(index: $0) }
        let employees = (0..<Self.employeeCount).map { makeEmployee(index: $0) }
        return (employees, vacancies)
    }

    /// The second step, which must follow `buildPeople` on the same builder (one random stream).
    mutating func buildInteractions(of employees: [DemoEmployee]) -> [DemoInteraction] {
        var interactions: [DemoInteraction] = []
        var draftMaker = InteractionDraftMaker()
        for (index, employee) in employees.enumerated() {
            let drafts = draftMaker.drafts(forEmployeeAt: index, count: interactionCount(index: index), using: &rng)
            for draft in drafts {
                let id = interactionIDs.next(using: &rng)
                interactions.append(DemoInteraction(employeeID: employee.externalID, externalID: id, draft: draft))
            }
        }
        return interactions
    }

    static func employeeID(index: Int) -> String {
        "E-\(firstEmployeeNumber + index)"
    }

    static func vacancyID(number: Int) -> String {
        "vac-\(CivilDate.pad(number, 4))"
    }

    /// How many generated interactions an employee gets besides any hand-placed ones.
    private mutating func interactionCount(index: Int) -> Int {
        if index == 0 { return 0 }
        if Self.employeesWithoutInteractions.contains(index) { return 0 }
        if Self.busyEmployees.contains(index) { return rng.int(in: 30...44) }
        switch rng.int(in: 0...99) {
        case 0..<7: return 0
        case 7..<12: return rng.int(in: 30...44)
        default: return rng.int(in: 6...14)
        }
    }

    private mutating func makeVacancy(index: Int) -> DemoVacancy {
        let entry = DemoVocabulary.vacancyTitles[index]
        let id = Self.vacancyID(number: index + 1)
        let sameLanguage = DemoVocabulary.places.filter { $0.language == entry.language }
        let place = rng.pick(sameLanguage.isEmpty ? DemoVocabulary.places : sameLanguage)
        let employerIndex = rng.int(in: 0...(DemoVocabulary.employers.count - 1))
        let employer = DemoVocabulary.employers[employerIndex]
        var languages = [entry.language]
        if entry.language != "en", rng.chance(40) { languages.append("en") }
        let object = JSONText.object([
            JSONMember("external_id", .string(id)),
            JSONMember("job_title", .string(entry.title)),
            JSONMember("job_description", .string(DemoVocabulary.jobDescription(
                title: entry.title, language: entry.language, employer: employer, city: place.city))),
            JSONMember("active", .bool(rng.chance(85))),
            JSONMember("last_updated", .string(randomTimestamp())),
            JSONMember("company", .string(DemoVocabulary.companyID(employerIndex))),
            JSONMember("location", Self.location(latitude: place.latitude, longitude: place.longitude)),
            JSONMember("languages", .array(languageLevels(languages))),
        ])
        return DemoVacancy(externalID: id, jobTitle: entry.title, json: object.rendered)
    }

    private mutating func makeEmployee(index: Int) -> DemoEmployee {
        let id = Self.employeeID(index: index)
        // The first employee is the one every demo opens, so give it a full, readable profile.
        let isShowcase = index == 0
        let positionIndex = isShowcase ? 20 : rng.int(in: 0...(DemoVocabulary.positions.count - 1))
        let place = isShowcase ? DemoVocabulary.places[0] : rng.pick(DemoVocabulary.places)
        let active = isShowcase || rng.chance(92)
        let lowData = !isShowcase && rng.chance(8)
        let unit: String? = isShowcase || !rng.chance(4) ? rng.pick(DemoVocabulary.organisationalUnitIDs) : nil
        let lastUpdated = randomTimestamp()
        let location: JSONText = lowData ? .null : Self.location(
            latitude: place.latitude + rng.int(in: -300...300),
            longitude: place.longitude + rng.int(in: -300...300))
        let object = JSONText.object([
            JSONMember("external_id", .string(id)),
            JSONMember("assigned_position", .string(DemoVocabulary.positions[positionIndex])),
            JSONMember("assigned_position_id", .string("pos-\(CivilDate.pad(positionIndex + 1, 3))")),
            JSONMember("active", .bool(active)),
            JSONMember("low_data_availability", .bool(lowData)),
            JSONMember("organisational_unit", .optionalString(unit)),
            JSONMember("last_updated", .string(lastUpdated)),
            JSONMember("location", location),
            JSONMember("languages", .array(lowData ? [] : languageLevels(languages(primary: place.language)))),
            JSONMember("working_history", .array(lowData ? [] : workingHistory(minimum: isShowcase ? 2 : 0))),
            JSONMember("education_history", .array(lowData ? [] : educationHistory(minimum: isShowcase ? 1 : 0))),
            JSONMember("desired_functions", .array(lowData ? [] : desiredFunctions())),
            JSONMember("non_desired_functions", .array(lowData ? [] : nonDesiredFunctions(minimum: isShowcase ? 1 : 0))),
        ])
        return DemoEmployee(externalID: id, json: object.rendered, active: active, organisationalUnit: unit)
    }

    private mutating func randomTimestamp() -> String {
        let shape = DemoTimestamp.randomShape(using: &rng)
        return DemoTimestamp.random(shape: shape, using: &rng)
    }

    private mutating func languages(primary: String) -> [String] {
        var result = [primary]
        for _ in 0..<rng.int(in: 0...2) {
            let extra = rng.pick(DemoVocabulary.languages)
            if !result.contains(extra) { result.append(extra) }
        }
        return result
    }

    /// Most recent job first; the current one has no end date.
    private mutating func workingHistory(minimum: Int) -> [JSONText] {
        var nextStart = CivilDate(year: rng.int(in: 2018...2024), month: rng.int(in: 1...12), day: 1)
        return (0..<rng.int(in: minimum...max(minimum, 3))).map { position in
            let start = CivilDate(year: nextStart.year - rng.int(in: 1...4), month: rng.int(in: 1...12), day: 1)
            let end: JSONText = position == 0 ? .null : .string(nextStart.iso)
            let entry = JSONText.object([
                JSONMember("start_date", .string(position == 0 ? nextStart.iso : start.iso)),
                JSONMember("end_date", end),
                JSONMember("job_title", .string(rng.pick(DemoVocabulary.positions))),
                JSONMember("company", .string(rng.pick(DemoVocabulary.employers))),
                JSONMember("job_description", .string(details.pick(DemoVocabulary.jobSummaries))),
            ])
            nextStart = start
            return entry
        }
    }

    private mutating func educationHistory(minimum: Int) -> [JSONText] {
        (0..<rng.int(in: minimum...max(minimum, 2))).map { _ in
            let graduation = rng.int(in: 1998...2022)
            let degree = rng.pick(DemoVocabulary.degrees)
            let school = rng.pick(DemoVocabulary.institutions)
            return JSONText.object([
                JSONMember("start_date", .string(CivilDate(year: graduation - rng.int(in: 2...5), month: 9, day: 1).iso)),
                JSONMember("end_date", .string(CivilDate(year: graduation, month: 6, day: 30).iso)),
                JSONMember("school", .string(school)),
                JSONMember("degree_name", .string(degree)),
            ])
        }
    }

    private mutating func desiredFunctions() -> [JSONText] {
        var picked: [String] = []
        for _ in 0..<rng.int(in: 0...3) {
            let function = rng.pick(DemoVocabulary.positions)
            if !picked.contains(function) { picked.append(function) }
        }
        return picked.map { preference($0) }
    }

    private mutating func nonDesiredFunctions(minimum: Int) -> [JSONText] {
        var picked: [String] = []
        for _ in 0..<details.int(in: minimum...max(minimum, 2)) {
            let function = details.pick(DemoVocabulary.positions)
            if !picked.contains(function) { picked.append(function) }
        }
        return picked.map { preference($0) }
    }

    private mutating func preference(_ title: String) -> JSONText {
        .object([JSONMember("title", .string(title)),
                 JSONMember("importance", .number(DemoVocabulary.importances[details.int(in: 0...(DemoVocabulary.importances.count - 1))]))])
    }

    private mutating func languageLevels(_ codes: [String]) -> [JSONText] {
        codes.enumerated().map { index, code in
            .object([JSONMember("language", .string(code)),
                     JSONMember("level", .int(index == 0 ? 5 : details.int(in: 1...4)))])
        }
    }

    /// Degrees from integral 1e-4 units, so the text never depends on floating-point printing.
    static func location(latitude: Int, longitude: Int) -> JSONText {
        .object([JSONMember("lat", .number(decimalDegrees(latitude))),
                 JSONMember("lng", .number(decimalDegrees(longitude)))])
    }

    static func decimalDegrees(_ tenThousandths: Int) -> String {
        let sign = tenThousandths < 0 ? "-" : ""
        let magnitude = abs(tenThousandths)
        return "\(sign)\(magnitude / 10_000).\(CivilDate.pad(magnitude % 10_000, 4))"
    }
}

/// Interaction IDs look like the real ones often do (`int-` and eight base-36 characters), never repeat,
/// and are deliberately not UUIDs: the API only promises `[A-Za-z0-9_-]`.
struct InteractionIDMaker {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
    private var used: Set<String> = []

    mutating func next(using rng: inout SplitMix64) -> String {
        while true {
            let suffix = String((0..<8).map { _ in Self.alphabet[rng.int(in: 0...(Self.alphabet.count - 1))] })
            let id = "int-" + suffix
            if used.insert(id).inserted { return id }
        }
    }
}
