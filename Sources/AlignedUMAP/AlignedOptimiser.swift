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
                                                  schedule: schedules[m], springs: springs,
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
                               springs: AlignmentSprings, next: inout [Float], nextNegative: inout [Float]) {
        let base = y.base + offsets[m]
        let rows = (offsets[m + 1] - offsets[m]) / 2
        let epochF = Float(n)
        var rng = SeededRandom.stream(seed: seed, purpose: RandomPurpose.optimiser.rawValue,
                                      index: UInt64(m) &* 1_000_003 &+ UInt64(n))
        let start = springs.start[m], pSlice = springs.partnerSlice[m], pRow = springs.partnerRow[m]
        let kappa = springs.kappa[m]

        /// Σ over the row's springs of clip(κ·(p − u)) per coordinate (p = the row's position).
        @inline(__always)
        func springSum(_ row: Int, _ px: Float, _ py: Float) -> (Float, Float) {
            var sx: Float = 0, sy: Float = 0
            for s in Int(start[row])..<Int(start[row + 1]) {
                let u = offsets[Int(pSlice[s])] + 2 * Int(pRow[s])
                let k = kappa[s]
                sx += AlignedOptimiser.clip(k * (px - snapshot[u]))
                sy += AlignedOptimiser.clip(k * (py - snapshot[u + 1]))
            }
            return (sx, sy)
        }

        let heads = schedule.heads, tails = schedule.tails, period = schedule.period
        for e in 0..<heads.count where next[e] <= epochF {
            let j = Int(heads[e]), k = Int(tails[e])
            var xx = base[2 * j], xy = base[2 * j + 1]
            var zx = base[2 * k], zy = base[2 * k + 1]
            // Attraction: β = −2ab·δ^{2(b−1)} / (1 + a·δ^{2b}), 0 at δ = 0.
            let d2 = (xx - zx) * (xx - zx) + (xy - zy) * (xy - zy)
            var beta: Float = 0
            if d2 > 0 {
                let pw = pow(d2, b)
                beta = -2 * a * b * (pw / d2) / (a * pw + 1)
            }
            let sj = springSum(j, xx, xy)
            xx += alpha * AlignedOptimiser.clip(AlignedOptimiser.clip(beta * (xx - zx)) - sj.0)
            xy += alpha * AlignedOptimiser.clip(AlignedOptimiser.clip(beta * (xy - zy)) - sj.1)
            base[2 * j] = xx; base[2 * j + 1] = xy
            // The tail moves too, towards the head's new position.
            let sk = springSum(k, zx, zy)
            zx += alpha * AlignedOptimiser.clip(AlignedOptimiser.clip(beta * (zx - xx)) - sk.0)
            zy += alpha * AlignedOptimiser.clip(AlignedOptimiser.clip(beta * (zy - xy)) - sk.1)
            base[2 * k] = zx; base[2 * k + 1] = zy
            next[e] += period[e]

            guard negativeRate > 0 else { continue }
            let negPeriod = period[e] / Float(negativeRate)
            let samples = Int((epochF - nextNegative[e]) / negPeriod)
            for _ in 0..<max(0, samples) {
                let r = rng.below(rows)
                if r == j { continue }  // self: δ = 0, no force (umap-learn skips it)
                let vx = base[2 * r], vy = base[2 * r + 1]
                let dn = (xx - vx) * (xx - vx) + (xy - vy) * (xy - vy)
                var eta: Float = 0
                if dn > 0 { eta = 2 * gamma * b / ((0.001 + dn) * (a * pow(dn, b) + 1)) }
                let s = springSum(j, xx, xy)
                let gx = eta > 0 ? AlignedOptimiser.clip(eta * (xx - vx)) : 0
                let gy = eta > 0 ? AlignedOptimiser.clip(eta * (xy - vy)) : 0
                xx += alpha * AlignedOptimiser.clip(gx - s.0)
                xy += alpha * AlignedOptimiser.clip(gy - s.1)
            }
            base[2 * j] = xx; base[2 * j + 1] = xy
            nextNegative[e] += Float(max(0, samples)) * negPeriod
        }
    }
}

import Foundation
