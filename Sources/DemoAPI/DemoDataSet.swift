/// The sample tenant the demo server serves: employees, their interactions and the vacancies those point at.
/// The same seed always gives the same data, byte for byte.
public struct DemoDataSet: Sendable, Equatable {
    public static let standardSeed: UInt64 = 0x7477_6272_6F77_7365

    /// Built on first use and shared: a `static let` is initialised lazily and exactly once.
    public static let standard = DemoDataSet(seed: standardSeed)

    /// Ordered by ID: `E-1001`, `E-1002`, ...
    public let employees: [DemoEmployee]
    /// Grouped by employee, in employee order.
    public let interactions: [DemoInteraction]
    public let vacancies: [DemoVacancy]

    private let employeeIndex: [String: Int]
    private let interactionIndex: [String: Int]
    private let vacancyIndex: [String: Int]

    public init(seed: UInt64) {
        var builder = DemoDataSetBuilder(seed: seed)
        let built = builder.build()
        self.init(employees: built.employees, interactions: built.interactions, vacancies: built.vacancies)
    }

    /// Builds the set in two steps on the calling thread: `people` receives it without interactions as soon
    /// as employees and vacancies exist (a quarter of the work), then the whole set is returned. The result
    /// equals `DemoDataSet(seed:)`.
    public static func buildInStages(seed: UInt64, people: (DemoDataSet) -> Void) -> DemoDataSet {
        var builder = DemoDataSetBuilder(seed: seed)
        let (employees, vacancies) = builder.buildPeople()
        people(DemoDataSet(employees: employees, interactions: [], vacancies: vacancies))
        return DemoDataSet(employees: employees, interactions: builder.buildInteractions(of: employees), vacancies: vacancies)
    }

    private init(employees: [DemoEmployee], interactions: [DemoInteraction], vacancies: [DemoVacancy]) {
        self.employees = employees
        self.interactions = interactions
        self.vacancies = vacancies
        employeeIndex = Dictionary(uniqueKeysWithValues: employees.enumerated().map { ($1.externalID, $0) })
        interactionIndex = Dictionary(uniqueKeysWithValues: interactions.enumerated().map { ($1.externalID, $0) })
        vacancyIndex = Dictionary(uniqueKeysWithValues: vacancies.enumerated().map { ($1.externalID, $0) })
    }

    /// Every (employee, interaction) pair: what a user would paste into the browser, since the API has no
    /// endpoint that lists an employee's interactions.
    public var worklist: [(employee: String, interaction: String)] {
        interactions.map { (employee: $0.employeeID, interaction: $0.externalID) }
    }

    /// How `worklistText()` starts, so a file can be recognised as one.
    public static let worklistHeaderPrefix = "# twbrowse demo worklist:"

    public func worklistText() -> String {
        let employeeCount = Set(interactions.map(\.employeeID)).count
        var text = "\(Self.worklistHeaderPrefix) \(interactions.count) interactions of \(employeeCount) employees, "
            + "one \"employee-id interaction-id\" pair a line\n"
        for interaction in interactions {
            text += "\(interaction.employeeID) \(interaction.externalID)\n"
        }
        return text
    }

    func employee(id: String) -> DemoEmployee? {
        employeeIndex[id].map { employees[$0] }
    }

    func interaction(employeeID: String, id: String) -> DemoInteraction? {
        guard let index = interactionIndex[id], interactions[index].employeeID == employeeID else { return nil }
        return interactions[index]
    }

    func vacancy(id: String) -> DemoVacancy? {
        vacancyIndex[id].map { vacancies[$0] }
    }
}
