/// Per-point ρ (distance to the nearest positive-distance neighbour) and σ (bandwidth) of
/// umap-learn's `smooth_knn_dist` (aligned-umap.md §2.2), in float32 like the reference.
///
/// σ solves Σ_{j=1}^{k−1} exp(−max(0, d_j − ρ)/σ) = log₂(k) by bisection (64 steps, tolerance
/// 1e-5), then is floored at 1e-3 × the mean neighbour distance (of the row when ρ > 0,
/// else of all rows). Infinite distances (no neighbour) are left out of the means.
struct SmoothKNNDistance {
    var rho: [Float]
    var sigma: [Float]

    static let tolerance: Float = 1e-5
    static let minKDistScale: Float = 1e-3

    init(neighbours nl: NeighbourList, localConnectivity: Float = 1, bandwidth: Float = 1) {
        let n = nl.count, k = nl.k
        let target = log2(Float(k)) * bandwidth
        rho = [Float](repeating: 0, count: n)
        sigma = [Float](repeating: 0, count: n)
        var total: Double = 0
        var finite = 0
        for d in nl.distances where d.isFinite { total += Double(d); finite += 1 }
        let meanAll = finite > 0 ? Float(total / Double(finite)) : 0
        let index = Int(localConnectivity.rounded(.down))
        let interpolation = localConnectivity - Float(index)

        for i in 0..<n {
            let row = nl.distances[(i * k)..<((i + 1) * k)]
            let positive = row.filter { $0 > 0 && $0.isFinite }
            var r: Float = 0
            if positive.count >= index {
                if index > 0 {
                    r = positive[index - 1]
                    if interpolation > SmoothKNNDistance.tolerance {
                        r += interpolation * (positive[index] - positive[index - 1])
                    }
                } else {
                    r = interpolation * positive[0]
                }
            } else if !positive.isEmpty {
                r = positive.max()!
            }
            rho[i] = r

            var lo: Float = 0, hi = Float.greatestFiniteMagnitude, mid: Float = 1
            for _ in 0..<64 {
                var psum: Float = 0
                for j in 1..<k {
                    let d = row[row.startIndex + j] - r
                    psum += d > 0 ? exp(-(d / mid)) : 1
                }
                if abs(psum - target) < SmoothKNNDistance.tolerance { break }
                if psum > target {
                    hi = mid
                    mid = (lo + hi) / 2
                } else {
                    lo = mid
                    if hi == Float.greatestFiniteMagnitude { mid *= 2 } else { mid = (lo + hi) / 2 }
                }
            }
            if r > 0 {
                let finiteRow = row.filter { $0.isFinite }
                let meanRow = finiteRow.reduce(0, +) / Float(finiteRow.count)
                mid = max(mid, SmoothKNNDistance.minKDistScale * meanRow)
            } else {
                mid = max(mid, SmoothKNNDistance.minKDistScale * meanAll)
            }
            sigma[i] = mid
        }
    }

    /// Membership strength of neighbour column `c` of row `i` (§2.3): 0 for self or a missing
    /// neighbour, 1 within ρ, exp(−(d − ρ)/σ) beyond.
    func membership(_ nl: NeighbourList, row i: Int, column c: Int) -> Float {
        let j = nl.indices[i * nl.k + c]
        if j < 0 || Int(j) == i { return 0 }
        let d = nl.distances[i * nl.k + c]
        if !d.isFinite { return 0 }
        if d - rho[i] <= 0 || sigma[i] == 0 { return 1 }
        return exp(-((d - rho[i]) / sigma[i]))
    }
}

import Foundation
