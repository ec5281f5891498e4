import SeededRandom

/// The algorithm's draws on the project's one generator (`SplitMix64`): one independent
/// stream per purpose is derived with `stream(_:_:)` so results never depend on the order in
/// which threads run, plus the fast draws the optimiser's inner loop needs.
struct SeededRandom: RandomNumberGenerator {
    private var core: SplitMix64

    init(seed: UInt64) { core = SplitMix64(seed: seed) }

    /// A generator for (`seed`, `purpose`, `index`), decorrelated by mixing each part in.
    static func stream(seed: UInt64, purpose: UInt64, index: UInt64 = 0) -> SeededRandom {
        var g = SeededRandom(seed: seed ^ 0x6A09_E667_F3BC_C909)
        var s = g.next() ^ (purpose &* 0x9E37_79B9_7F4A_7C15)
        s = SeededRandom.mix(s) ^ (index &* 0xBF58_476D_1CE4_E5B9)
        g = SeededRandom(seed: SeededRandom.mix(s))
        return g
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 { SplitMix64.mix(x) }

    @inline(__always)
    mutating func next() -> UInt64 { core.next() }

    /// Uniform integer in 0..<bound (bound > 0), by Lemire's multiply-shift (bias < 2⁻³²·bound).
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        Int((UInt64(truncatingIfNeeded: next() >> 32) &* UInt64(bound)) >> 32)
    }

    /// Uniform Double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform Double in [lo, hi).
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }

    /// Standard normal by Box–Muller.
    mutating func normal() -> Double {
        let u1 = max(unit(), 0x1p-60)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// Purposes of the independent random streams.
enum RandomPurpose: UInt64 {
    case projectionTrees = 1, nnDescent, spectral, componentLayout, optimiser
}

import Foundation
