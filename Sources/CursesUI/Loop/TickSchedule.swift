/// When the next `.tick` is due. Ticks run only while the app animates; idle, the loop sleeps for good.
struct TickSchedule {
    static let interval = Duration.milliseconds(100)
    private var next: ContinuousClock.Instant?

    /// Starts or stops the ticking to match the app.
    mutating func update(animating: Bool, now: ContinuousClock.Instant) {
        if !animating {
            next = nil
        } else if next == nil {
            next = now + Self.interval
        }
    }

    /// True when a tick is due, scheduling the one after. A late tick is not made up for (after a
    /// suspend, one tick, not a burst).
    mutating func takeDue(now: ContinuousClock.Instant) -> Bool {
        guard let due = next, now >= due else { return false }
        let following = due + Self.interval
        next = following > now ? following : now + Self.interval
        return true
    }

    func millisecondsUntilDue(now: ContinuousClock.Instant) -> Int? {
        next.map { Self.milliseconds($0 - now) }
    }

    /// Rounded up, so a poll never wakes just before the deadline and spins.
    static func milliseconds(_ duration: Duration) -> Int {
        guard duration > .zero else { return 0 }
        let (seconds, attoseconds) = duration.components
        return Int(seconds * 1_000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
