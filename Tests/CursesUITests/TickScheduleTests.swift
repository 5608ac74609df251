import Testing
@testable import CursesUI

@Suite struct TickScheduleTests {
    @Test func idleMeansNoTimeout() {
        var ticks = TickSchedule()
        ticks.update(animating: false, now: .now)
        #expect(ticks.millisecondsUntilDue(now: .now) == nil)
    }

    @Test func animatingTicksEveryHundredMilliseconds() {
        let start = ContinuousClock.now
        var ticks = TickSchedule()
        ticks.update(animating: true, now: start)
        #expect(ticks.millisecondsUntilDue(now: start) == 100)
        let early = ticks.takeDue(now: start + .milliseconds(99))
        let due = ticks.takeDue(now: start + .milliseconds(100))
        #expect(!early)
        #expect(due)
        #expect(ticks.millisecondsUntilDue(now: start + .milliseconds(100)) == 100)
    }

    @Test func aLateTickIsNotFollowedByABurst() {
        let start = ContinuousClock.now
        var ticks = TickSchedule()
        ticks.update(animating: true, now: start)
        let late = start + .seconds(5)
        let first = ticks.takeDue(now: late)
        let second = ticks.takeDue(now: late)
        #expect(first)
        #expect(!second)
    }

    @Test func roundsUpSoPollNeverWakesEarly() {
        #expect(TickSchedule.milliseconds(.microseconds(1)) == 1)
        #expect(TickSchedule.milliseconds(.zero) == 0)
        #expect(TickSchedule.milliseconds(.milliseconds(-3)) == 0)
    }
}
