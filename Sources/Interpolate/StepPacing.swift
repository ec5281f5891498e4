/// Shares a motion duration between steps.
public enum StepPacing {
    /// Seconds per step proportional to `weights` (all positive): `d_k = total · w_k / Σw`.
    public static func proportional(weights: [Double], total: Double) -> [Double] {
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return weights.map { _ in total / Double(max(weights.count, 1)) } }
        return weights.map { total * $0 / sum }
    }

    /// Adaptive pacing: `d_k = clamp(λ · c_k, minSeconds, maxSeconds)` with λ chosen so that
    /// `Σ d_k = total` (water filling). Steps with no measured change get a weight of 1e-6 of the
    /// largest change, so they sit at `minSeconds` unless the total needs them longer; if nothing
    /// changes at all the steps share the time evenly.
    ///
    /// - Throws: `adaptiveBoundsInfeasible` unless `minSeconds ≤ total / n ≤ maxSeconds`.
    public static func adaptive(changes: [Double], total: Double, minSeconds: Double,
                                maxSeconds: Double) throws -> [Double] {
        let n = changes.count
        guard n > 0 else { return [] }
        let mean = total / Double(n)
        // A relative tolerance keeps "exactly at the bound" feasible despite rounding.
        let slack = 1e-12 * max(1, abs(total))
        guard minSeconds >= 0, minSeconds <= maxSeconds,
              mean >= minSeconds - slack, mean <= maxSeconds + slack else {
            throw InterpolateError.adaptiveBoundsInfeasible(minSeconds: minSeconds, maxSeconds: maxSeconds,
                                                            meanStepSeconds: mean)
        }
        let finite = changes.map { $0.isFinite && $0 > 0 ? $0 : 0 }
        let largest = finite.max() ?? 0
        guard largest > 0 else { return [Double](repeating: mean, count: n) }
        let weights = finite.map { max($0, largest * 1e-6) }

        func filled(_ lambda: Double) -> Double {
            weights.reduce(0) { $0 + min(max(lambda * $1, minSeconds), maxSeconds) }
        }
        // g(λ) = Σ clamp(λ·w_k) rises continuously from n·min (λ = 0) to n·max (λ = hi);
        // bisection to full Double precision.
        var lo = 0.0
        var hi = weights.reduce(0) { max($0, maxSeconds / $1) }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { break }
            if filled(mid) < total { lo = mid } else { hi = mid }
        }
        var durations = weights.map { min(max(hi * $0, minSeconds), maxSeconds) }
        // Put the last rounding residue on the steps strictly inside their bounds.
        let residue = total - durations.reduce(0, +)
        let free = durations.indices.filter { durations[$0] > minSeconds && durations[$0] < maxSeconds }
        if !free.isEmpty {
            let share = residue / Double(free.count)
            for k in free { durations[k] = min(max(durations[k] + share, minSeconds), maxSeconds) }
        }
        return durations
    }
}
