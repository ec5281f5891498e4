import SeededRandom

/// The order points are painted in: a seeded shuffle of the samples, so no class always ends up
/// on top, and the same order in every panel and frame (no flicker).
public enum DrawOrder {
    /// `samples` permuted by a SplitMix64 Fisher–Yates shuffle seeded with `seed`.
    public static func shuffled(_ samples: [Int], seed: UInt64) -> [Int] {
        var order = samples
        var rng = SplitMix64(seed: seed &+ 0x5DEE_CE66_D1CE_4E5B)
        rng.shuffle(&order)
        return order
    }
}
