#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Human wording for time spans: "3 days ago", "in 2 h".
public enum RelativeTime {
    /// "45 s", "12 min", "3 h 5 min", "4 days", "2 months", "3 years".
    public static func duration(_ seconds: TimeInterval) -> String {
        // Spans come from servers and tokens (Retry-After: 9223372036854775807, a JWT exp of 1e300): clamp
        // before converting, because Int(Double) traps on NaN and beyond Int's range.
        let s = Int(seconds.isNaN ? 0 : min(max(seconds, -1e15), 1e15).rounded())
        switch s {
        case ..<60: return "\(s) s"
        case ..<3600: return "\(s / 60) min"
        case ..<86_400:
            let m = (s % 3600) / 60
            return m == 0 ? "\(s / 3600) h" : "\(s / 3600) h \(m) min"
        case ..<(86_400 * 61): let d = s / 86_400; return d == 1 ? "1 day" : "\(d) days"
        case ..<(86_400 * 730): return "\(s / (86_400 * 30)) months"
        default: return "\(s / (86_400 * 365)) years"
        }
    }

    /// "3 days ago", "in 5 min", "just now".
    public static func phrase(_ date: Date, now: Date = Date()) -> String {
        let delta = now.timeIntervalSince(date)
        if abs(delta) < 5 { return "just now" }
        return delta > 0 ? "\(duration(delta)) ago" : "in \(duration(-delta))"
    }
}
