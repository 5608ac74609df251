#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An HTTP-date (RFC 9110 §5.6.7) in any of its three forms, read by hand so no date formatter (and ICU's
/// data behind it) is loaded for one header:
///   IMF-fixdate  `Sun, 06 Nov 1994 08:49:37 GMT`
///   RFC 850      `Sunday, 06-Nov-94 08:49:37 GMT`
///   asctime      `Sun Nov  6 08:49:37 1994`
/// Names match without regard to case; the weekday must be a weekday name but is not checked against the
/// date. A two-digit year lands within 80 years before and 20 after `now`.
enum HTTPDate {
    static func parse(_ text: String, now: Date) -> Date? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if words.count == 6, words[0].hasSuffix(","), isWeekday(words[0].dropLast(), long: false) {
            return fields(day: words[1], month: words[2], year: words[3], time: words[4], zone: words[5], twoDigitYear: false, now: now)
        }
        if words.count == 4, words[0].hasSuffix(","), isWeekday(words[0].dropLast(), long: true) {
            let parts = words[1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else { return nil }
            return fields(day: parts[0], month: parts[1], year: parts[2], time: words[2], zone: words[3], twoDigitYear: true, now: now)
        }
        if words.count == 5, isWeekday(Substring(words[0]), long: false) {
            return fields(day: words[2], month: words[1], year: words[4], time: words[3], zone: "GMT", twoDigitYear: false, now: now)
        }
        return nil
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    private static func isWeekday(_ word: Substring, long: Bool) -> Bool {
        let lower = word.lowercased()
        return long ? weekdays.contains(lower) : weekdays.contains { $0.prefix(3) == lower }
    }

    private static func fields(day: String, month: String, year: String, time: String, zone: String?,
                               twoDigitYear: Bool, now: Date) -> Date? {
        guard let zone, ["gmt", "utc", "ut"].contains(zone.lowercased()),
              let day = number(day, digits: 1...2), (1...31).contains(day),
              let month = months.firstIndex(of: month.lowercased()).map({ $0 + 1 }),
              let written = number(year, digits: twoDigitYear ? 2...2 : 4...4) else { return nil }
        let clock = time.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard clock.count == 3, let hour = number(clock[0], digits: 2...2), let minute = number(clock[1], digits: 2...2),
              let second = number(clock[2], digits: 2...2), hour < 24, minute < 60, second < 61 else { return nil }
        var fullYear = written
        if twoDigitYear {
            let thisYear = CivilTime.fields(Int(now.timeIntervalSince1970.rounded(.down))).year
            fullYear = (thisYear - 80) / 100 * 100 + written
            if fullYear < thisYear - 80 { fullYear += 100 }
        }
        guard day <= CivilTime.daysIn(month: month, year: fullYear) else { return nil }
        let seconds = CivilTime.seconds(year: fullYear, month: month, day: day, hour: hour, minute: minute, second: second)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func number(_ text: String, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(text)
    }
}
