import Foundation
import SeededRandom

/// A small, fully specified pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// The demo must give the same bytes for the same seed on every platform and Swift version, so
/// it never uses the standard library's `random(in:)` helpers, whose algorithms are not part of
/// any stability promise; every draw below is defined here.
struct SeededGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// An independent stream for one purpose (data, initial weights, batch order, ...).
    /// Different `stream` values give unrelated sequences for the same `seed`.
    init(seed: UInt64, stream: UInt64) {
        // SplitMix64 (Steele, Lea & Flood 2014) spreads the seed over the 256-bit state.
        var spread = SplitMix64(seed: seed &+ stream &* 0xD1B5_4A32_D192_ED03)
        state = (spread.next(), spread.next(), spread.next(), spread.next())
    }

    /// Next 64 random bits (xoshiro256**, Blackman & Vigna 2018).
    mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform integer in 0..<bound, without modulo bias (rejection on the top-bits product).
    mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        let threshold = (0 &- b) % b
        while true {
            let product = next().multipliedFullWidth(by: b)
            if product.low >= threshold { return Int(product.high) }
        }
    }

    /// Standard normal draw (Box–Muller: sqrt(-2 ln u1) · cos(2π u2)).
    mutating func nextGaussian() -> Double {
        let u1 = 1.0 - nextUnit()  // in (0, 1], so the logarithm is finite
        let u2 = nextUnit()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// Fisher–Yates shuffle of `values` in place.
    mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, nextInt(below: i + 1))
        }
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
