import Foundation

/// Axis ticks at "nice" values (1, 2 or 5 × 10^k), as in Heckbert's "Nice numbers for graph
/// labels" (Graphics Gems, 1990).
enum NiceTicks {
    /// About `target` ticks covering lo…hi; the values and the step.
    static func ticks(from lo: Double, to hi: Double, target: Int, minimumStep: Double = 0) -> (values: [Double], step: Double) {
        guard hi > lo, lo.isFinite, hi.isFinite else { return ([lo], 1) }
        let rough = (hi - lo) / Double(max(target, 1))
        let magnitude = pow(10, floor(log10(rough)))
        let fraction = rough / magnitude
        let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        let step = max(nice * magnitude, minimumStep)
        var values: [Double] = []
        var v = ceil(lo / step - 1e-9) * step
        while v <= hi + step * 1e-9 {
            values.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return (values, step)
    }

    /// A tick label with just enough decimals for the step.
    static func label(_ v: Double, step: Double) -> String {
        let decimals = max(0, Int(ceil(-log10(step) - 1e-9)))
        return String(format: "%.\(decimals)f", v)
    }
}
