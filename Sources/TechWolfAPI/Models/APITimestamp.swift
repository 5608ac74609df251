#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A timestamp as the API sent it. The API uses three shapes (`2023-06-08T14:42:31.130855` without a zone,
/// `2025-05-02` date only, `2021-01-21T17:32:28Z`) and may send any ISO 8601 with an offset. The original
/// text is kept, and whether a zone was given: a time without one is not silently taken as UTC.
public struct APITimestamp: Sendable, Equatable {
    public enum Zone: Sendable, Equatable {
        /// No zone in the text; `date` was computed as if it were UTC.
        case none
        case utc
        /// Offset from UTC in seconds.
        case offset(Int)
    }

    public let original: String
    /// The instant, nil when the text could not be parsed.
    public let date: Date?
    public let zone: Zone
    public let isDateOnly: Bool

    public var isValid: Bool { date != nil }

    public init(parsing text: String) {
        original = text
        if let parsed = Self.parse(text) {
            date = parsed.date
            zone = parsed.zone
            isDateOnly = parsed.dateOnly
        } else {
            date = nil
            zone = .none
            isDateOnly = false
        }
    }

    private static func parse(_ text: String) -> (date: Date, zone: Zone, dateOnly: Bool)? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2) else { return nil }
        guard (1...12).contains(month), (1...CivilTime.daysIn(month: month, year: year)).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var zone = Zone.none
        let dateOnly = i == b.count
        if !dateOnly {
            guard i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") else { return nil }
            i += 1
            guard let h = digits(2), expect(0x3A), let m = digits(2) else { return nil }
            hour = h; minute = m
            if expect(0x3A) {
                guard let s = digits(2) else { return nil }
                second = s
                if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                    i += 1
                    let start = i
                    while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
                    guard i > start, i - start <= 12 else { return nil }
                    fraction = Double("0." + String(decoding: b[start..<i], as: UTF8.self)) ?? 0
                }
            }
            guard hour <= 23, minute <= 59, second <= 60 else { return nil }
            if i < b.count {
                if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                    i += 1
                    zone = .utc
                } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                    let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    _ = expect(0x3A)
                    let om = digits(2) ?? 0
                    guard oh <= 23, om <= 59 else { return nil }
                    let seconds = sign * (oh * 3600 + om * 60)
                    zone = seconds == 0 ? .utc : .offset(seconds)
                }
            }
            guard i == b.count else { return nil }
        }
        let base = Date(timeIntervalSince1970: Double(CivilTime.seconds(year: year, month: month, day: day, hour: hour,
                                                                        minute: minute, second: min(second, 59))))
        var offset = 0
        if case .offset(let s) = zone { offset = s }
        let date = base.addingTimeInterval(fraction + Double(second == 60 ? 1 : 0) - Double(offset))
        return (date, zone, dateOnly)
    }
}
