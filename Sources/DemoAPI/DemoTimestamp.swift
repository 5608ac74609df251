/// The timestamp shapes the real API is known to send, plus an explicit offset, which ISO 8601 allows and a
/// client must therefore read too.
enum DemoTimestampShape: Sendable, CaseIterable {
    /// `2023-06-08T14:42:31.130855`: no zone, microseconds (the documented example).
    case noZoneMicroseconds
    /// `2025-05-02`
    case dateOnly
    /// `2021-01-21T17:32:28Z`
    case utc
    /// `2024-03-01T09:15:00+02:00`
    case offset
}

enum DemoTimestamp {
    static let firstDay = CivilDate(year: 2021, month: 1, day: 1).daysSinceEpoch
    static let lastDay = CivilDate(year: 2026, month: 11, day: 30).daysSinceEpoch
    static let offsets = ["+01:00", "+02:00", "-05:00", "+09:00", "+05:30"]

    /// Mostly the documented shapes, with the no-zone example shape the most common.
    static func randomShape(using rng: inout SplitMix64) -> DemoTimestampShape {
        switch rng.int(in: 0...99) {
        case 0..<40: .noZoneMicroseconds
        case 40..<70: .utc
        case 70..<90: .dateOnly
        default: .offset
        }
    }

    static func random(shape: DemoTimestampShape, using rng: inout SplitMix64) -> String {
        let date = CivilDate(daysSinceEpoch: rng.int(in: firstDay...lastDay))
        let hour = rng.int(in: 6...21)
        let minute = rng.int(in: 0...59)
        let second = rng.int(in: 0...59)
        let microsecond = rng.int(in: 0...999_999)
        let offset = rng.pick(offsets)
        return format(date: date, hour: hour, minute: minute, second: second,
                      microsecond: microsecond, offset: offset, shape: shape)
    }

    static func format(date: CivilDate, hour: Int, minute: Int, second: Int,
                       microsecond: Int, offset: String, shape: DemoTimestampShape) -> String {
        let time = "\(CivilDate.pad(hour, 2)):\(CivilDate.pad(minute, 2)):\(CivilDate.pad(second, 2))"
        switch shape {
        case .noZoneMicroseconds: return "\(date.iso)T\(time).\(CivilDate.pad(microsecond, 6))"
        case .dateOnly: return date.iso
        case .utc: return "\(date.iso)T\(time)Z"
        case .offset: return "\(date.iso)T\(time)\(offset)"
        }
    }
}
