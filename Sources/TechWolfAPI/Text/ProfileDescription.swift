#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An employee or a vacancy as labelled lines, shared by the browser's screens and `--format text`.
/// Labels fit in 14 columns; a group's later lines have an empty label; a multi-line description is one
/// line per paragraph, indented, for the caller to wrap.
public enum ProfileDescription {
    public static func employee(_ e: Employee, source: DataSource?, now: Date = Date()) -> [RecordLine] {
        let s = TerminalText.sanitize
        var out: [RecordLine] = []
        out.append(RecordLine("Position", (e.assignedPosition.map(s) ?? "—") + (e.assignedPositionID.map { "  (\(s($0)))" } ?? "")))
        out.append(RecordLine("Active", yesNo(e.active)))
        out.append(RecordLine("Unit", e.organisationalUnit.map(s) ?? "—"))
        out.append(RecordLine("Last updated", updated(e.lastUpdated, now: now) + (source.map { "   · \($0.summary)" } ?? "")))
        out += warnings(e.warnings, raw: e.raw)
        if let low = e.lowDataAvailability {
            out.append(RecordLine("Low data", low ? "yes: little is known about this employee" : "no", tone: low ? .warning : .normal))
        }
        if let location = e.location { out.append(RecordLine("Location", location.text)) }
        if e.raw["working_history"] != nil {
            group("Working", e.workingHistory.isEmpty ? ["none"] : [], into: &out)
            for (index, job) in e.workingHistory.enumerated() {
                let what = [job.jobTitle, job.company].compactMap { $0.map(s) }.joined(separator: " · ")
                out.append(RecordLine(index == 0 ? "Working" : "", period(job.startDate, job.endDate) + "  " + (what.isEmpty ? "—" : what)))
                out += paragraphs(job.jobDescription)
            }
        }
        if e.raw["education_history"] != nil {
            group("Education", e.educationHistory.isEmpty ? ["none"] : [], into: &out)
            for (index, school) in e.educationHistory.enumerated() {
                let what = [school.degreeName, school.school].compactMap { $0.map(s) }.joined(separator: " · ")
                out.append(RecordLine(index == 0 ? "Education" : "", period(school.startDate, school.endDate, open: "—") + "  " + (what.isEmpty ? "—" : what)))
            }
        }
        out += languages(e.languages, present: e.raw["languages"] != nil)
        for (label, key, list) in [("Desired", "desired_functions", e.desiredFunctions), ("Not desired", "non_desired_functions", e.nonDesiredFunctions)]
        where e.raw[key] != nil {
            group(label, list.map { function in
                (function.title.map(s) ?? "(no title)") + (function.importance.map { "  (importance \(s($0)))" } ?? "")
            }, into: &out)
        }
        out += customProperties(e.customProperties)
        out += unknown(e.unknownFields)
        return out
    }

    public static func vacancy(_ v: Vacancy, id: String, source: DataSource?, now: Date = Date()) -> [RecordLine] {
        let s = TerminalText.sanitize
        var out: [RecordLine] = []
        out.append(RecordLine("Vacancy", s(v.externalID ?? id)))
        out.append(RecordLine("Title", v.jobTitle.map(s) ?? "(no job_title)", tone: v.jobTitle == nil ? .muted : .normal))
        out.append(RecordLine("Active", yesNo(v.active)))
        out.append(RecordLine("Company ID", v.company.map(s) ?? "—"))
        out.append(RecordLine("Last updated", updated(v.lastUpdated, now: now)))
        out += warnings(v.warnings, raw: v.raw)
        if let location = v.location { out.append(RecordLine("Location", location.text)) }
        out += languages(v.languages, present: v.raw["languages"] != nil)
        if let description = v.jobDescription {
            out.append(RecordLine("Description", ""))
            out += paragraphs(description)
        }
        out += customProperties(v.customProperties)
        out += unknown(v.unknownFields)
        if let source { out.append(RecordLine("Source", source.summary, tone: .muted)) }
        return out
    }

    static func yesNo(_ flag: Bool?) -> String { flag.map { $0 ? "yes" : "no" } ?? "—" }

    static func updated(_ ts: APITimestamp?, now: Date) -> String {
        guard let ts else { return "—" }
        let original = TerminalText.sanitize(ts.original)
        return (TimestampText.relative(ts, now: now) ?? original) + "  (\(original))"
    }

    /// "2020-01-01 – now": an open end is the current job.
    static func period(_ start: APITimestamp?, _ end: APITimestamp?, open: String = "now") -> String {
        let s = TerminalText.sanitize
        switch (start, end) {
        case (nil, nil): return "dates not given"
        case (let a?, nil): return s(a.original) + " – " + open
        case (nil, let b?): return "? – " + s(b.original)
        case (let a?, let b?): return s(a.original) + " – " + s(b.original)
        }
    }

    /// The shape problems, and whether any text held characters a terminal must not see raw (they are
    /// shown as placeholders, and the reader should know the text is not what it looks like).
    static func warnings(_ problems: [String], raw: JSONValue) -> [RecordLine] {
        var out = problems.map { RecordLine("Warning", TerminalText.sanitize($0), tone: .warning) }
        if holdsUnsafeText(raw) {
            out.append(RecordLine("Warning", "some text holds control or bidi characters, shown as ␛ or <U+…>", tone: .warning))
        }
        return out
    }

    /// Any string or key in the tree with a scalar `TerminalText` replaces, line breaks and tabs aside
    /// (descriptions have paragraphs).
    public static func holdsUnsafeText(_ json: JSONValue) -> Bool {
        func unsafe(_ scalar: Unicode.Scalar) -> Bool {
            scalar != "\n" && scalar != "\r" && scalar != "\t" && TerminalText.isUnsafe(scalar)
        }
        switch json {
        case .string(let text): return text.unicodeScalars.contains(where: unsafe)
        case .array(let items): return items.contains(where: holdsUnsafeText)
        case .object(let members):
            return members.contains { $0.key.unicodeScalars.contains(where: unsafe) || holdsUnsafeText($0.value) }
        default: return false
        }
    }

    static func group(_ label: String, _ values: [String], into out: inout [RecordLine]) {
        for (index, value) in values.enumerated() {
            out.append(RecordLine(index == 0 ? label : "", value, tone: value == "none" ? .muted : .normal))
        }
    }

    static func languages(_ list: [LanguageSkill], present: Bool) -> [RecordLine] {
        guard present else { return [] }
        var out: [RecordLine] = []
        group("Languages", list.isEmpty ? ["none"] : list.map { skill in
            let code = skill.code.map(TerminalText.sanitize) ?? "?"
            return [code, skill.name, skill.level.map { "\($0)/5" }].compactMap { $0 }.joined(separator: "  ")
        }, into: &out)
        return out
    }

    static func customProperties(_ list: [CustomProperty]?) -> [RecordLine] {
        guard let list else { return [] }
        var out: [RecordLine] = []
        group("Custom", list.isEmpty ? ["none"] : list.map { property in
            (property.name.map(TerminalText.sanitize) ?? "(no name)") + ": " + (property.value.map(TerminalText.sanitize) ?? "—")
        }, into: &out)
        return out
    }

    static func unknown(_ members: [JSONMember]) -> [RecordLine] {
        var out: [RecordLine] = []
        group("Other fields", members.map { TerminalText.sanitize($0.key) + ": " + TerminalText.sanitize($0.value.displayText) }, into: &out)
        return out
    }

    /// A description, one indented line per paragraph (the caller wraps), sanitised.
    static func paragraphs(_ text: String?) -> [RecordLine] {
        guard let text else { return [] }
        return text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
            RecordLine("", "  " + TerminalText.sanitize(String($0)), tone: .muted)
        }
    }
}
