import SeededRandom

/// Choosing which samples to draw when there are more than the user wants.
public enum SampleSubset {
    /// A deterministic subset of `count` sample indices, stratified by class: every class gets
    /// its share of `count` in proportion to its size (largest-remainder rounding, so the shares
    /// add up exactly), and within a class the samples are a seeded random choice. The result is
    /// sorted ascending and depends only on `labels`, `count` and `seed`, so the same subset is
    /// drawn in every panel and frame. Returns all indices when `count >= labels.count`.
    /// Samples with a negative label form their own stratum.
    public static func stratified(labels: [Int32], count: Int, seed: UInt64 = 0) -> [Int] {
        let n = labels.count
        guard count < n else { return Array(0..<n) }
        guard count > 0 else { return [] }
        var members: [Int32: [Int]] = [:]
        for (i, label) in labels.enumerated() { members[max(label, -1), default: []].append(i) }
        let classes = members.keys.sorted()
        // Quotas by largest remainder (Hamilton's method); ties go to the lower class index.
        let exact = classes.map { Double(members[$0]!.count) * Double(count) / Double(n) }
        var quota = exact.map { Int($0.rounded(.down)) }
        let missing = count - quota.reduce(0, +)
        let byRemainder = classes.indices.sorted { a, b in
            let ra = exact[a] - Double(quota[a]), rb = exact[b] - Double(quota[b])
            return ra != rb ? ra > rb : a < b
        }
        for k in 0..<missing { quota[byRemainder[k]] += 1 }
        var chosen: [Int] = []
        chosen.reserveCapacity(count)
        for (k, label) in classes.enumerated() {
            var pool = members[label]!
            var rng = SplitMix64(seed: seed ^ (UInt64(bitPattern: Int64(label)) &* 0x9E37_79B9_7F4A_7C15))
            rng.shuffle(&pool)
            chosen.append(contentsOf: pool.prefix(quota[k]))
        }
        return chosen.sorted()
    }
}
