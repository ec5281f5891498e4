/// The joint SGD of all slices (aligned-umap.md §2.8): per slice, UMAP's attraction along
/// graph edges and repulsion from random negative samples, plus springs pulling each moved
/// point towards its copies in the slices within the window.
///
/// Parallel and deterministic: within an epoch the slices are optimised in parallel, each with
/// its own random stream (seed, slice, epoch); springs read a snapshot of every slice taken at
/// the start of the epoch, and each slice writes only its own positions. So the result is the
/// same on any number of threads. (umap-learn instead interleaves slices serially and reads the
/// partners' live positions; the §5 comparison shows the snapshot changes nothing measurable.)
struct AlignedOptimiser: Sendable {
    let a: Float
    let b: Float
    let gamma: Float
    let learningRate: Float
    let negativeRate: Int
    let epochs: Int
    let seed: UInt64
    let threads: Int

    static let clipBound: Float = 4

    /// Optimises `positions` (all slices, concatenated: slice m at `offsets[m] ..< offsets[m+1]`,
    /// interleaved x, y) in place, calling `epochDone(epoch)` on the calling thread.
    func run(positions: inout [Float], offsets: [Int], schedules: [EdgeSchedule], springs: AlignmentSprings,
             epochDone: (Int) -> Void) {
        let slices = schedules.count
        var next = schedules.map { $0.period }
        var nextNegative = schedules.map { s in s.period.map { negativeRate > 0 ? $0 / Float(negativeRate) : 0 } }
        var snapshot = positions
        // Where each spring's partner sits in the concatenated positions (fixed for the run).
        let partnerIndex: [[Int]] = (0..<slices).map { m in
            zip(springs.partnerSlice[m], springs.partnerRow[m]).map { offsets[Int($0)] + 2 * Int($1) }
        }
        for n in 0..<epochs {
            // umap-learn's schedule: epochs 0 and 1 use α₀, epoch n ≥ 1 uses α₀(1 − (n − 1)/N).
            let alpha = learningRate * (n == 0 ? 1 : 1 - Float(n - 1) / Float(epochs))
            snapshot.withUnsafeMutableBufferPointer { s in
                positions.withUnsafeBufferPointer { p in s.baseAddress!.update(from: p.baseAddress!, count: p.count) }
            }
            positions.withUnsafeMutableBufferPointer { live in
                snapshot.withUnsafeBufferPointer { snap in
                    next.withUnsafeMutableBufferPointer { nx in
                        nextNegative.withUnsafeMutableBufferPointer { nn in
                            let y = SharedMutableBuffer(live), frozen = SharedBuffer(snap)
                            let nextShared = SharedMutableBuffer(nx), negShared = SharedMutableBuffer(nn)
                            // Slice m writes only its own position range and its own counters.
                            parallelChunks(slices, chunkSize: 1, threads: threads) { range in
                                for m in range {
                                    optimiseSlice(m, epoch: n, alpha: alpha, y: y, snapshot: frozen, offsets: offsets,
                                                  schedule: schedules[m], springs: springs, partnerIndex: partnerIndex[m],
                                                  next: &nextShared.base[m], nextNegative: &negShared.base[m])
                                }
                            }
                        }
                    }
                }
            }
            epochDone(n)
        }
    }

    @inline(__always)
    static func clip(_ x: Float) -> Float { max(-clipBound, min(clipBound, x)) }

    private func optimiseSlice(_ m: Int, epoch n: Int, alpha: Float, y: SharedMutableBuffer<Float>,
                               snapshot: SharedBuffer<Float>, offsets: [Int], schedule: EdgeSchedule,
                               springs: AlignmentSprings, partnerIndex: [Int], next: inout [Float],
                               nextNegative: inout [Float]) {
        let base = y.base + offsets[m]
        let rows = (offsets[m + 1] - offsets[m]) / 2
        let epochF = Float(n)
        var rng = SeededRandom.stream(seed: seed, purpose: RandomPurpose.optimiser.rawValue,
                                      index: UInt64(m) &* 1_000_003 &+ UInt64(n))
        let pull = SpringPull(slice: m, rows: rows, springs: springs, partnerIndex: partnerIndex, snapshot: snapshot)

        schedule.heads.withUnsafeBufferPointer { heads in
        schedule.tails.withUnsafeBufferPointer { tails in
        schedule.period.withUnsafeBufferPointer { period in
        next.withUnsafeMutableBufferPointer { next in
        nextNegative.withUnsafeMutableBufferPointer { nextNegative in
        for e in 0..<heads.count where next[e] <= epochF {
            let j = Int(heads[e]), k = Int(tails[e])
            var xx = base[2 * j], xy = base[2 * j + 1]
            var zx = base[2 * k], zy = base[2 * k + 1]
            // Attraction: β = −2ab·δ^{2(b−1)} / (1 + a·δ^{2b}), 0 at δ = 0.
            let d2 = (xx - zx) * (xx - zx) + (xy - zy) * (xy - zy)
            var beta: Float = 0
            if d2 > 0 {
                let pw = fastPower(d2, b)
                beta = -2 * a * b * (pw / d2) / (a * pw + 1)
            }
            let sj = pull.sum(j, xx, xy)
            xx += alpha * AlignedOptimiser.clip(AlignedOptimiser.clip(beta * (xx - zx)) - sj.0)
            xy += alpha * AlignedOptimiser.clip(AlignedOptimiser.clip(beta * (xy - zy)) - sj.1)
            base[2 * j] = xx; base[2 * j + 1] = xy
            // The tail moves too, towards the head's new position.
            let sk = pull.sum(k, zx, zy)
            zx += alpha * AlignedOptimiser.clip(AlignedOptimiser.clip(beta * (zx - xx)) - sk.0)
            zy += alpha * AlignedOptimiser.clip(AlignedOptimiser.clip(beta * (zy - xy)) - sk.1)
            base[2 * k] = zx; base[2 * k + 1] = zy
            next[e] += period[e]

            guard negativeRate > 0 else { continue }
            let negPeriod = period[e] / Float(negativeRate)
            let samples = max(0, Int((epochF - nextNegative[e]) / negPeriod))
            for _ in 0..<samples {
                let r = rng.below(rows)
                if r == j { continue }  // self: δ = 0, no force (umap-learn skips it)
                let vx = base[2 * r], vy = base[2 * r + 1]
                let dn = (xx - vx) * (xx - vx) + (xy - vy) * (xy - vy)
                var eta: Float = 0
                if dn > 0 { eta = 2 * gamma * b / ((0.001 + dn) * (a * fastPower(dn, b) + 1)) }
                // The spring acts again at every negative sample, as in umap-learn.
                let s = pull.sum(j, xx, xy)
                let gx = eta > 0 ? AlignedOptimiser.clip(eta * (xx - vx)) : 0
                let gy = eta > 0 ? AlignedOptimiser.clip(eta * (xy - vy)) : 0
                xx += alpha * AlignedOptimiser.clip(gx - s.0)
                xy += alpha * AlignedOptimiser.clip(gy - s.1)
            }
            base[2 * j] = xx; base[2 * j + 1] = xy
            nextNegative[e] += Float(samples) * negPeriod
        }
        }}}}}
    }
}

/// The spring force on each row of one slice during one epoch, its partners' positions frozen
/// at the epoch's start: S(p) = Σ_o clip(κ_o·(p − u_o)) per coordinate.
///
/// While no term reaches the clip bound, S(p) = K·p − U with K = Σκ_o and U = Σκ_o·u_o, which
/// costs O(1) instead of O(springs); a per-row box around the partners tells when that holds,
/// and the exact sum is used otherwise.
struct SpringPull {
    /// Per row: K, Ux, Uy, box centre x/y, box half-extent x/y, κ_max.
    private var summary: [Float]
    private let start: [Int32]
    private let position: [Int]
    private let kappa: [Float]
    private let snapshot: SharedBuffer<Float>

    /// - Parameter partnerIndex: per spring of slice `m`, the partner's x index in `snapshot`.
    init(slice m: Int, rows: Int, springs: AlignmentSprings, partnerIndex: [Int], snapshot: SharedBuffer<Float>) {
        start = springs.start[m]
        kappa = springs.kappa[m]
        self.snapshot = snapshot
        position = partnerIndex
        summary = [Float](repeating: 0, count: rows * 8)
        for i in 0..<rows {
            var k: Float = 0, ux: Float = 0, uy: Float = 0, kmax: Float = 0
            var lox = Float.infinity, hix = -Float.infinity, loy = Float.infinity, hiy = -Float.infinity
            for s in Int(start[i])..<Int(start[i + 1]) {
                let px = snapshot[position[s]], py = snapshot[position[s] + 1]
                k += kappa[s]; ux += kappa[s] * px; uy += kappa[s] * py
                kmax = max(kmax, kappa[s])
                lox = min(lox, px); hix = max(hix, px); loy = min(loy, py); hiy = max(hiy, py)
            }
            if start[i] == start[i + 1] { lox = 0; hix = 0; loy = 0; hiy = 0 }
            summary[i * 8] = k
            summary[i * 8 + 1] = ux
            summary[i * 8 + 2] = uy
            summary[i * 8 + 3] = (lox + hix) / 2
            summary[i * 8 + 4] = (loy + hiy) / 2
            summary[i * 8 + 5] = (hix - lox) / 2
            summary[i * 8 + 6] = (hiy - loy) / 2
            summary[i * 8 + 7] = kmax
        }
    }

    @inline(__always)
    func sum(_ i: Int, _ px: Float, _ py: Float) -> (Float, Float) {
        let o = i * 8
        let kmax = summary[o + 7]
        if kmax == 0 { return (0, 0) }
        // Largest |p − u_o| per coordinate is at most |p − centre| + half-extent.
        let reachX = (abs(px - summary[o + 3]) + summary[o + 5]) * kmax
        let reachY = (abs(py - summary[o + 4]) + summary[o + 6]) * kmax
        if reachX < AlignedOptimiser.clipBound && reachY < AlignedOptimiser.clipBound {
            return (summary[o] * px - summary[o + 1], summary[o] * py - summary[o + 2])
        }
        var sx: Float = 0, sy: Float = 0
        for s in Int(start[i])..<Int(start[i + 1]) {
            sx += AlignedOptimiser.clip(kappa[s] * (px - snapshot[position[s]]))
            sy += AlignedOptimiser.clip(kappa[s] * (py - snapshot[position[s] + 1]))
        }
        return (sx, sy)
    }
}

import Foundation
