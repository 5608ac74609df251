/// SplitMix64 (Steele, Lea, Flood 2014). The data set must be identical on every machine and every run,
/// so it draws from its own seeded generator instead of the system one; the fuzz and monkey tests use it
/// for the same reason (a seed names its inputs on every Swift release).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `range`. Modulo bias is irrelevant for sample data, and unlike the standard library's
    /// `Int.random(in:using:)` the mapping is spelled out here, so it cannot change between Swift releases.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % width)
    }

    /// True with the given chance in percent.
    public mutating func chance(_ percent: Int) -> Bool {
        int(in: 0...99) < percent
    }

    public mutating func pick<T>(_ items: [T]) -> T {
        items[int(in: 0...(items.count - 1))]
    }
}
