#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The zone "local time" is shown in. By default the system's, read with `localtime_r` from the C library
/// (TZ and /etc/localtime, as `date` does): Foundation's `TimeZone` answers through ICU, and its first use
/// loads ICU's data, megabytes of memory for one offset and abbreviation.
public struct DisplayZone: Sendable {
    private enum Kind: Sendable {
        case system
        case foundation(TimeZone)
    }
    private let kind: Kind

    /// The machine's local zone.
    public static let system = DisplayZone(kind: .system)

    private init(kind: Kind) { self.kind = kind }

    /// A named zone (tests fix one so their output does not depend on the machine).
    public init(_ zone: TimeZone) { kind = .foundation(zone) }

    /// Seconds east of UTC at `date`, and the zone's abbreviation then ("CET", "EDT", or "+0530" style).
    public func offset(at date: Date) -> (seconds: Int, abbreviation: String) {
        switch kind {
        case .foundation(let zone):
            return (zone.secondsFromGMT(for: date), zone.abbreviation(for: date) ?? zone.identifier)
        case .system:
            let raw = date.timeIntervalSince1970.rounded(.down)
            var time = time_t(min(max(raw, -1e14), 1e14))
            var parts = tm()
            guard localtime_r(&time, &parts) != nil else { return (0, "UTC") }
            let seconds = Int(parts.tm_gmtoff)
            let name = parts.tm_zone.map { String(cString: $0) } ?? ""
            return (seconds, name.isEmpty ? Self.numeric(seconds) : name)
        }
    }

    static func numeric(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        let text = String(minutes / 60 * 100 + minutes % 60)
        return (seconds < 0 ? "-" : "+") + String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}
