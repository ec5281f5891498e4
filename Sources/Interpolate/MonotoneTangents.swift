/// Fritsch–Carlson tangents for a monotone piecewise cubic Hermite interpolant.
///
/// F. N. Fritsch and R. E. Carlson, "Monotone Piecewise Cubic Interpolation", SIAM J. Numer.
/// Anal. 17(2), 1980. With secants δₖ = (y_{k+1} − yₖ)/hₖ:
/// 1. interior tangents mₖ = 0 where δ_{k−1} and δₖ differ in sign or either is 0 (a local extremum
///    stays put), otherwise the weighted harmonic mean of Fritsch & Butland (1984),
///    mₖ = (w₁ + w₂) / (w₁/δ_{k−1} + w₂/δₖ), w₁ = 2hₖ + h_{k−1}, w₂ = hₖ + 2h_{k−1};
/// 2. end tangents equal the adjacent secant, or 0 at keyframes marked `rest`;
/// 3. per step with αₖ = mₖ/δₖ, βₖ = m_{k+1}/δₖ, if α² + β² > 9 both are scaled by 3/√(α² + β²).
/// Step 3 only ever shrinks tangents, so earlier steps stay inside the monotone region; together
/// with step 1 every step stays between its two keyframe values.
enum MonotoneTangents {
    /// Tangents (units per second) for values `y` (NaN = absent) at keyframes separated by
    /// `stepSeconds`. Absent keyframes split the series: each present stretch is treated as its
    /// own curve, and its ends get tangent 0 unless they are the ends of the whole timeline.
    static func compute(_ y: [Double], stepSeconds h: [Double], rest: [Bool]) -> [Double] {
        var m: [Double] = [], delta: [Double] = []
        compute(y, stepSeconds: h, rest: rest, into: &m, scratch: &delta)
        return m
    }

    /// The same, writing into `m` and reusing `delta` as scratch so a caller looping over many
    /// coordinates allocates nothing per coordinate.
    static func compute(_ y: [Double], stepSeconds h: [Double], rest: [Bool], into m: inout [Double],
                        scratch delta: inout [Double]) {
        let n = y.count
        if m.count != n { m = [Double](repeating: 0, count: n) }
        for k in 0..<n { m[k] = 0 }
        guard n > 1 else { return }
        if delta.count != n - 1 { delta = [Double](repeating: .nan, count: n - 1) }
        for k in 0..<(n - 1) {
            delta[k] = y[k].isNaN || y[k + 1].isNaN ? .nan : (y[k + 1] - y[k]) / h[k]
        }
        for k in 0..<n where !y[k].isNaN && !rest[k] {
            let before = k > 0 ? delta[k - 1] : .nan
            let after = k < n - 1 ? delta[k] : .nan
            switch (before.isNaN, after.isNaN) {
            case (true, true):
                m[k] = 0
            case (true, false):
                m[k] = k == 0 ? after : 0
            case (false, true):
                m[k] = k == n - 1 ? before : 0
            case (false, false):
                if before == 0 || after == 0 || (before > 0) != (after > 0) {
                    m[k] = 0
                } else {
                    let w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1]
                    m[k] = (w1 + w2) / (w1 / before + w2 / after)
                }
            }
        }
        for k in 0..<(n - 1) where !delta[k].isNaN {
            if delta[k] == 0 {
                m[k] = 0
                m[k + 1] = 0
                continue
            }
            let alpha = m[k] / delta[k], beta = m[k + 1] / delta[k]
            let radius2 = alpha * alpha + beta * beta
            if radius2 > 9 {
                let tau = 3 / radius2.squareRoot()
                m[k] = tau * alpha * delta[k]
                m[k + 1] = tau * beta * delta[k]
            }
        }
    }
}
