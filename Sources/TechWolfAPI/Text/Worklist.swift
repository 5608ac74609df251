/// (employee, interaction) pairs, one a line: `EMP INT`, `EMP,INT`, `EMP<TAB>INT` or `EMP/INT`. Blank lines
/// and `#` comments are skipped; a bad line is reported with its number and the rest still load.
public struct WorklistEntry: Sendable, Equatable, Hashable {
    public let line: Int
    public let employee: String
    public let interaction: String

    public init(line: Int, employee: String, interaction: String) {
        self.line = line
        self.employee = employee
        self.interaction = interaction
    }
}

public struct WorklistProblem: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

public enum WorklistParser {
    public static func parse(_ text: String) -> (entries: [WorklistEntry], problems: [WorklistProblem]) {
        var entries: [WorklistEntry] = []
        var problems: [WorklistProblem] = []
        var number = 0
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        // "\r\n" is one Character in Swift, so split on both or CRLF files would be one long line.
        for rawLine in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            switch parseLine(rawLine, number: number) {
            case .entry(let e): entries.append(e)
            case .problem(let p): problems.append(p)
            case .skip: break
            }
        }
        return (entries, problems)
    }

    public enum LineResult: Sendable, Equatable {
        case entry(WorklistEntry)
        case problem(WorklistProblem)
        case skip
    }

    public static func parseLine(_ raw: Substring, number: Int) -> LineResult {
        var line = raw
        if line.hasSuffix("\r") { line = line.dropLast() }
        let trimmed = line.trimmingWhitespace()
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return .skip }
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "/" })
        guard parts.count == 2 else {
            return .problem(WorklistProblem(line: number, message: "expected two IDs (EMPLOYEE INTERACTION), found \(parts.count) part\(parts.count == 1 ? "" : "s")"))
        }
        do {
            let e = try Validators.externalID(String(parts[0]), field: "employee ID")
            let i = try Validators.externalID(String(parts[1]), field: "interaction ID")
            return .entry(WorklistEntry(line: number, employee: e, interaction: i))
        } catch {
            return .problem(WorklistProblem(line: number, message: error.description))
        }
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
