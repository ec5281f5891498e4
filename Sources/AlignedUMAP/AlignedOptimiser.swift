/// The aligned SGD of aligned-umap.md §2.8, one slice-epoch at a time: per slice, UMAP's
/// attraction along graph edges and repulsion from random negative samples, plus springs pulling
/// each moved point towards its copies in the slices within the window.
///
/// The driver (`AlignedUMAPState.run`) decides which slices take an epoch and in what order;
/// this type only knows how one slice takes one epoch. Deterministic by construction: the
/// random stream of a slice-epoch depends only on (seed, slice, generation, epoch), springs read
/// a snapshot of the partners taken before the epoch, and a slice writes only its own rows.
/// (umap-learn instead interleaves the slices serially on one shared RNG and reads the partners'
/// live positions; the §5 comparison shows the snapshot changes nothing measurable.)
struct AlignedOptimiser: Sendable {
    let a: Float
    let b: Float
    let gamma: Float
    let negativeRate: Int

    static let clipBound: Float = 4

    @inline(__always)
    static func clip(_ x: Float) -> Float { max(-clipBound, min(clipBound, x)) }

    /// umap-learn's step size for local epoch `n` of `total`: epochs 0 and 1 use α₀, epoch
    /// n ≥ 1 uses α₀·(1 − (n − 1)/N) (§2.8 step 3: α is lowered after each epoch).
    static func alpha(epoch n: Int, of total: Int, learningRate: Float) -> Float {
        learningRate * (n == 0 ? 1 : 1 - Float(n - 1) / Float(total))
    }

    /// One epoch of one slice, in place.
    ///
    /// - Parameters:
    ///   - y: this slice's rows, interleaved x, y.
    ///   - next, nextNegative: the schedule's counters (§2.5), one per edge, updated.
    ///   - pull: the springs' forces for this epoch (partners frozen at the epoch's start).
    ///   - rng: this slice-epoch's own stream.
    ///
    /// This is the whole inner loop of the layout, so it is written on raw pointers: with
    /// arrays, bounds checks and the retain/release of the captured arrays cost about a third.
    func epoch(_ n: Int, alpha: Float, y base: UnsafeMutablePointer<Float>, rows: Int, schedule: EdgeSchedule,
               next: UnsafeMutablePointer<Float>, nextNegative: UnsafeMutablePointer<Float>,
               pull: SpringPull, rng: inout SeededRandom) {
        let epochF = Float(n)
        let a = self.a, b = self.b, gamma = self.gamma
        let negRate = Float(negativeRate)
        schedule.heads.withUnsafeBufferPointer { heads in
        schedule.tails.withUnsafeBufferPointer { tails in
        schedule.period.withUnsafeBufferPointer { period in
        for e in 0..<heads.count where next[e] <= epochF {
            let j = Int(heads[e]), k = Int(tails[e])
            var xx = base[2 * j], xy = base[2 * j + 1]
            var zx = base[2 * k], zy = base[2 * k + 1]
            // Attraction: β = −2ab·δ^{2(b−1)} / (1 + a·δ^{2b}), 0 at δ = 0 (§2.8 step 1).
            let d2 = (xx - zx) * (xx - zx) + (xy - zy) * (xy - zy)
            var beta: Float = 0
            if d2 > 0 {
                let pw = fastPower(d2, b)
                beta = -2 * a * b * (pw / d2) / (a * pw + 1)
            }
            // **Deviation** (quality, §2.8 step 2, move_other): both ends take the one attraction
            // step measured before either moves, in opposite directions, as umap-learn's UMAP
            // does. umap-learn's AlignedUMAP measures the tail's step again after the head has
            // moved, and early on (α near 1) the head's step of about 1.1·δ overshoots the
            // tail, which then barely moves or moves away: attraction loses about half its
            // pull while repulsion keeps all of it. On a 10k x 4,096 conv block's single slice
            // that gave trust@15 0.947 from umap-learn's own spectral start, where umap-learn's
            // UMAP reaches 0.965 (means of 4 / 3 seeds); the symmetric step gives 0.966 from our
            // start (README benchmarks).
            let sj = pull.sum(j, xx, xy)
            let gx = AlignedOptimiser.clip(beta * (xx - zx)), gy = AlignedOptimiser.clip(beta * (xy - zy))
            xx += alpha * AlignedOptimiser.clip(gx - sj.0)
            xy += alpha * AlignedOptimiser.clip(gy - sj.1)
            // The spring on the tail is its own, at its own (unmoved) position.
            let sk = pull.sum(k, zx, zy)
            zx += alpha * AlignedOptimiser.clip(-gx - sk.0)
            zy += alpha * AlignedOptimiser.clip(-gy - sk.1)
            base[2 * k] = zx; base[2 * k + 1] = zy
            next[e] += period[e]

            if negativeRate > 0 {
                // q = ⌊(n − next⁻)/ε⁻⌋ negatives, ε⁻ = ε/rate (§2.8 step 3).
                let negPeriod = period[e] / negRate
                let samples = max(0, Int((epochF - nextNegative[e]) / negPeriod))
                repel(head: j, x: &xx, y: &xy, samples: samples, alpha: alpha, y: base, rows: rows,
                      pull: pull, rng: &rng, a: a, b: b, gamma: gamma)
                nextNegative[e] += Float(samples) * negPeriod
            }
            base[2 * j] = xx; base[2 * j + 1] = xy
        }
        }}}
    }

    /// The negative samples of one positive sample: the head (x, y) is pushed away from
    /// `samples` random rows, and the spring acts again at every one, as in umap-learn.
    ///
    /// **Deviation** (speed, aligned-umap.md §2.8 step 4): umap-learn evaluates each repulsion
    /// at the head's position after the previous negative; we evaluate a batch of up to 8 at
    /// the position before the batch, then apply the clipped steps one by one, the spring still
    /// evaluated at the current position. Each repulsion is then independent of the others, so
    /// the processor overlaps their pow and divisions instead of waiting for each in turn (the
    /// loop was latency bound). The head moves at most α·4 per coordinate per negative, late
    /// in the schedule far less, so the gradients hardly change within a batch; quality is
    /// checked by the §5 protocol (report of issue 14).
    ///
    /// Repulsion: η = 2γb / ((0.001 + δ²)(1 + a·δ^{2b})), step clip(η·(x − v)); at δ = 0 (a
    /// duplicate) the step is 0; self is skipped (umap-learn skips it).
    @inline(__always)
    private func repel(head j: Int, x xx: inout Float, y xy: inout Float, samples: Int, alpha: Float,
                       y base: UnsafeMutablePointer<Float>, rows: Int, pull: SpringPull, rng: inout SeededRandom,
                       a: Float, b: Float, gamma: Float) {
        var remaining = samples
        // Scalar slots, written and read one float at a time: inserting into a SIMD vector at
        // a run-time index went through the stack and stalled every read on store forwarding.
        var gx: (Float, Float, Float, Float, Float, Float, Float, Float) = (0, 0, 0, 0, 0, 0, 0, 0)
        var gy = gx
        while remaining > 0 {
            let batch = min(8, remaining)
            remaining -= batch
            var used = 0
            withUnsafeMutableBytes(of: &gx) { gxRaw in
            withUnsafeMutableBytes(of: &gy) { gyRaw in
                let sx = gxRaw.baseAddress!.assumingMemoryBound(to: Float.self)
                let sy = gyRaw.baseAddress!.assumingMemoryBound(to: Float.self)
                for _ in 0..<batch {
                    let r = rng.below(rows)
                    if r == j { continue }
                    let dx = xx - base[2 * r], dy = xy - base[2 * r + 1]
                    let dn = dx * dx + dy * dy
                    var eta: Float = 0
                    if dn > 0 { eta = 2 * gamma * b / ((0.001 + dn) * (a * fastPower(dn, b) + 1)) }
                    sx[used] = AlignedOptimiser.clip(eta * dx)
                    sy[used] = AlignedOptimiser.clip(eta * dy)
                    used += 1
                }
                for u in 0..<used {
                    let s = pull.sum(j, xx, xy)
                    xx += alpha * AlignedOptimiser.clip(sx[u] - s.0)
                    xy += alpha * AlignedOptimiser.clip(sy[u] - s.1)
                }
            }}
        }
    }
}

/// The spring force on each row of one slice during one epoch, its partners' positions frozen
/// at the epoch's start: S(p) = Σ_o clip(κ_o·(p − u_o)) per coordinate (§2.8).
///
/// While no term reaches the clip bound, S(p) = K·p − U with K = Σκ_o and U = Σκ_o·u_o, which
/// costs O(1) instead of O(springs); a per-row box around the partners tells when that holds,
/// and the exact sum is used otherwise. The summary lives in caller-owned scratch memory.
struct SpringPull {
    /// Per row: K, Ux, Uy, box centre x/y, box half-extent x/y, κ_max.
    private let summary: UnsafeMutablePointer<Float>
    private let start: UnsafePointer<Int32>
    private let position: UnsafePointer<Int>
    private let kappa: UnsafePointer<Float>
    private let snapshot: UnsafePointer<Float>

    static let stride = 8

    /// - Parameters:
    ///   - scratch: at least `rows * SpringPull.stride` floats, overwritten.
    ///   - start, position, kappa: the slice's spring lists (`AlignmentSprings`), with each
    ///     partner's x index in `snapshot`.
    init(rows: Int, start: UnsafePointer<Int32>, position: UnsafePointer<Int>, kappa: UnsafePointer<Float>,
         snapshot: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        self.start = start
        self.position = position
        self.kappa = kappa
        self.snapshot = snapshot
        summary = scratch
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
            let o = i * SpringPull.stride
            scratch[o] = k
            scratch[o + 1] = ux
            scratch[o + 2] = uy
            scratch[o + 3] = (lox + hix) / 2
            scratch[o + 4] = (loy + hiy) / 2
            scratch[o + 5] = (hix - lox) / 2
            scratch[o + 6] = (hiy - loy) / 2
            scratch[o + 7] = kmax
        }
    }

    @inline(__always)
    func sum(_ i: Int, _ px: Float, _ py: Float) -> (Float, Float) {
        let o = i * SpringPull.stride
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
