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

/// When and how long to wait before trying a GET again. Only idempotent reads are retried: 429, 502, 503,
/// 504 and connection failures.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval
    /// Returns a number in 0..<1; injectable so tests are deterministic.
    public var random: @Sendable () -> Double

    public init(maxAttempts: Int = 3, baseDelay: TimeInterval = 0.25, maxDelay: TimeInterval = 4,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.random = random
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    public static func isRetryable(status: Int) -> Bool {
        [429, 502, 503, 504].contains(status)
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1): the server's `Retry-After` when it
    /// sent one, else exponential backoff with full jitter.
    public func delay(afterAttempt attempt: Int, retryAfter: TimeInterval?) -> TimeInterval {
        if let retryAfter { return max(0, retryAfter) }
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return ceiling / 2 + random() * ceiling / 2
    }

    /// `Retry-After` as seconds or an HTTP-date (RFC 9110), relative to `now`.
    public static func parseRetryAfter(_ value: String?, now: Date = Date()) -> TimeInterval? {
        guard let raw = value?.trimmingSpaces(), !raw.isEmpty else { return nil }
        // Digits only (no sign, no spaces), however many: a huge value is a wait no deadline allows.
        if raw.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return Double(raw).map { min($0, ClientConfiguration.maxTimeout * 2) }
        }
        return HTTPDate.parse(raw, now: now).map { max(0, $0.timeIntervalSince(now)) }
    }
}
