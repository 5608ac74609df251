#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What is known about an interaction's vacancy.
public enum VacancyLookup: Sendable, Equatable {
    case resolved(Vacancy)
    case loading
    case failed(String)
}

/// One labelled line of a decoded record, shared by the command line's text format and the UI's record screen.
public struct RecordLine: Sendable, Equatable {
    public enum Tone: Sendable, Equatable { case normal, muted, warning, error }
    public let label: String
    /// Already sanitised for a terminal.
    public let value: String
    public let tone: Tone

    public init(_ label: String, _ value: String, tone: Tone = .normal) {
        self.label = label
        self.value = value
        self.tone = tone
    }
}

/// Turns a record into labelled lines: every field, the timestamp three ways, what the record points at,
/// warnings for broken records, unknown fields, and where the data came from.
public enum RecordDescription {
    public static func lines(_ record: InteractionRecord, vacancy: VacancyLookup?, source: DataSource?,
                             now: Date = Date(), zone: DisplayZone = .system) -> [RecordLine] {
        let s = TerminalText.sanitize
        var out: [RecordLine] = []
        // Raw strings, before sanitising: the reader should know a text is not what it looks like.
        out += ProfileDescription.warnings(record.warnings, raw: record.raw)
        out.append(RecordLine("Interaction", record.externalID.map(s) ?? "(missing)", tone: record.externalID == nil ? .warning : .normal))
        out.append(RecordLine("Type", record.interactionType.map(s) ?? "(missing)", tone: record.interactionType == nil ? .warning : .normal))
        if let ts = record.timestamp {
            out.append(RecordLine("Timestamp", s(ts.original) + (ts.zone == .none && !ts.isDateOnly && ts.isValid ? "  (no zone given)" : "")))
            if let utc = TimestampText.utc(ts) { out.append(RecordLine("  UTC", utc)) }
            if let local = TimestampText.local(ts, zone: zone) {
                out.append(RecordLine("  Local", local + (ts.zone == .none ? " (if the server meant UTC)" : "")))
            }
            if let rel = TimestampText.relative(ts, now: now) { out.append(RecordLine("  Relative", rel)) }
            if !ts.isValid { out.append(RecordLine("  ", "could not be parsed as ISO 8601", tone: .warning)) }
        } else {
            out.append(RecordLine("Timestamp", "(not given)", tone: .muted))
        }
        if let vacancyID = record.vacancyID {
            out.append(RecordLine("Vacancy ID", s(vacancyID)))
            switch vacancy {
            case .resolved(let v)?:
                if let warning = IdentityCheck.warning(sent: v.externalID, requested: vacancyID, what: "vacancy") {
                    out.append(RecordLine("  Warning", warning, tone: .warning))
                }
                out.append(RecordLine("  Job title", v.jobTitle.map(s) ?? "(the vacancy has no job_title)", tone: v.jobTitle == nil ? .muted : .normal))
                if let company = v.company { out.append(RecordLine("  Company ID", s(company))) }
            case .loading?: out.append(RecordLine("  Job title", "resolving…", tone: .muted))
            case .failed(let why)?: out.append(RecordLine("  Job title", "not resolved: " + s(why), tone: .warning))
            case nil: break
            }
        }
        if let title = record.title {
            out.append(RecordLine("Title", s(title)))
        }
        if !record.unknownFields.isEmpty {
            out.append(RecordLine("Other fields", "\(record.unknownFields.count) not in the documented record", tone: .muted))
            for member in record.unknownFields {
                out.append(RecordLine("  " + s(member.key), s(member.value.displayText)))
            }
        }
        if let source { out.append(RecordLine("Source", source.summary, tone: .muted)) }
        return out
    }

    /// Plain text, label column aligned, for `get --format text`.
    public static func text(_ lines: [RecordLine]) -> String {
        let width = min(24, lines.map { $0.label.count }.max() ?? 0)
        return lines.map { line in
            let label = line.label.padded(toUTF16Length: max(width, line.label.count))
            return "\(label)  \(line.value)"
        }.joined(separator: "\n")
    }
}
