#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The ways a timestamp is shown: as sent, in UTC, in local time, and relative to now.
public enum TimestampText {
    public static func utc(_ ts: APITimestamp) -> String? {
        guard let date = ts.date else { return nil }
        if ts.isDateOnly { return CivilTime.text(date, time: false) + " (date only)" }
        // Seconds and the fraction are kept as sent (offsets are whole minutes), so microseconds survive.
        let text = CivilTime.text(date, time: true) + fraction(ts) + " UTC"
        if ts.zone == .none { return text + " (no zone given; read as UTC)" }
        return text
    }

    public static func local(_ ts: APITimestamp, zone: DisplayZone = .system) -> String? {
        guard let date = ts.date, !ts.isDateOnly else { return nil }
        let (offset, abbreviation) = zone.offset(at: date)
        return CivilTime.text(date, offset: offset, time: true) + " " + abbreviation
    }

    public static func relative(_ ts: APITimestamp, now: Date = Date()) -> String? {
        guard let date = ts.date else { return nil }
        if ts.isDateOnly {
            let days = Int((now.timeIntervalSince(date) / 86_400).rounded(.down))
            if days == 0 { return "today" }
            if days == 1 { return "yesterday" }
        }
        return RelativeTime.phrase(date, now: now)
    }

    /// A compact cell: "3 days ago", or the original text when it could not be parsed.
    public static func cell(_ ts: APITimestamp?, now: Date = Date()) -> String {
        guard let ts else { return "—" }
        return relative(ts, now: now) ?? TerminalText.excerpt(ts.original, limit: 24)
    }

    private static func fraction(_ ts: APITimestamp) -> String {
        guard let dot = ts.original.firstIndex(where: { $0 == "." || $0 == "," }) else { return "" }
        return "." + ts.original[ts.original.index(after: dot)...].prefix(while: \.isNumber)
    }
}
