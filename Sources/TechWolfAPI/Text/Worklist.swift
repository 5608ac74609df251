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
    /// Works on the UTF-8 bytes: every separator (LF, CR, space, tab, comma, slash, `#`) is ASCII, and a
    /// 100,000-line paste should not pay for grapheme breaking. A line ends at LF; CRs at its end are
    /// dropped (a CR alone does not end a line).
    public static func parse(_ text: String) -> (entries: [WorklistEntry], problems: [WorklistProblem]) {
        var text = text
        return text.withUTF8 { all in
            var entries: [WorklistEntry] = []
            var problems: [WorklistProblem] = []
            var bytes = all[...]
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
            var number = 0
            while true {
                number += 1
                let end = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
                switch parseLine(bytes[bytes.startIndex..<end], number: number) {
                case .entry(let e): entries.append(e)
                case .problem(let p): problems.append(p)
                case .skip: break
                }
                guard end < bytes.endIndex else { break }
                bytes = bytes[(end + 1)...]
            }
            return (entries, problems)
        }
    }

    public enum LineResult: Sendable, Equatable {
        case entry(WorklistEntry)
        case problem(WorklistProblem)
        case skip
    }

    static func parseLine(_ raw: Slice<UnsafeBufferPointer<UInt8>>, number: Int) -> LineResult {
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        var line = raw
        while let f = line.first, isBlank(f) { line = line.dropFirst() }
        // Trailing CRs too: the one of a CRLF, and any a line carried before it.
        while let l = line.last, isBlank(l) || l == 0x0D { line = line.dropLast() }
        if line.isEmpty || line.first == UInt8(ascii: "#") { return .skip }
        let parts = line.split(whereSeparator: { isBlank($0) || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "/") })
        guard parts.count == 2 else {
            return .problem(WorklistProblem(line: number, message: "expected two IDs (EMPLOYEE INTERACTION), found \(parts.count) part\(parts.count == 1 ? "" : "s")"))
        }
        do {
            // Cut at ASCII bytes of valid UTF-8, so each part is valid UTF-8 too.
            let e = try Validators.externalID(String(decoding: parts[0], as: UTF8.self), field: "employee ID")
            let i = try Validators.externalID(String(decoding: parts[1], as: UTF8.self), field: "interaction ID")
            return .entry(WorklistEntry(line: number, employee: e, interaction: i))
        } catch {
            return .problem(WorklistProblem(line: number, message: error.description))
        }
    }
}
