#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Proleptic Gregorian calendar arithmetic on seconds since 1970, done by hand. Foundation's calendar and
/// `DateFormatter` go through ICU: creating a formatter costs more than drawing a whole screen, and ICU
/// switches to the Julian calendar before 1582-10-15, so old dates came out up to ten days off. API
/// timestamps are ISO 8601, which is proleptic Gregorian throughout.
public enum CivilTime {
    public struct Fields: Equatable, Sendable {
        public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    /// Howard Hinnant's `days_from_civil`.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z of a UTC wall-clock time.
    public static func seconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int {
        days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// Howard Hinnant's `civil_from_days`, plus the time of day. Whole seconds, rounded down.
    public static func fields(_ seconds: Int) -> Fields {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return Fields(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day,
                      hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }

    /// "2024-03-05", or with `time` "2024-03-05 14:02:09".
    public static func text(_ date: Date, offset: Int = 0, time: Bool) -> String {
        let raw = (date.timeIntervalSince1970 + Double(offset)).rounded(.down)
        // Clamped so a far-off instant cannot trap in the conversion; API years are 0000–9999 anyway.
        let f = fields(Int(min(max(raw, -1e14), 1e14)))
        var s = pad(f.year, 4) + "-" + pad(f.month, 2) + "-" + pad(f.day, 2)
        if time { s += " " + pad(f.hour, 2) + ":" + pad(f.minute, 2) + ":" + pad(f.second, 2) }
        return s
    }

    /// "2026-11-30T07:37:00.123Z": ISO 8601 in UTC with milliseconds, for the request log.
    public static func iso8601(_ date: Date) -> String {
        let ms = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let millis = Int(ms.truncatingRemainder(dividingBy: 1000) + (ms < 0 ? 1000 : 0)) % 1000
        return text(date, time: true).replacingEvery(" ", with: "T") + "." + pad(millis, 3) + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }
}
