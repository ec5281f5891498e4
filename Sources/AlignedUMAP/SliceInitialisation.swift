/// Starting positions of a slice (aligned-umap.md §2.7 and §2.9).
enum SliceInitialisation {
    /// The slice's spectral layout (largest |coordinate| 10), as float32 interleaved x, y.
    static func spectral(_ s: SliceGraph, seed: UInt64, index m: Int, threads: Int) -> [Float] {
        var rng = SeededRandom.stream(seed: seed, purpose: RandomPurpose.spectral.rawValue, index: UInt64(m))
        return SpectralInitialisation.layout(graph: s.graph, components: s.components, centroids: s.centroids,
                                             centroidDims: s.centroidDims, rng: &rng, threads: threads)
            .map { Float($0) }
    }

    /// `layout` rotated or reflected onto `previous` (the already aligned slice before) by
    /// orthogonal Procrustes over the samples both share: Y_m = Ŝ_m·UVᵀ with UΣVᵀ = Ŝ_m[q]ᵀ Y_{m−1}[p]
    /// (§2.7; no centring or scaling, as umap-learn). Unchanged if they share no sample.
    static func procrustesAligned(_ layout: [Float], sampleIDs: [Int], onto previous: [Float],
                                  previousIDs: [Int]) -> [Float] {
        let rowOf = AlignmentSprings.rowIndex(previousIDs)
        let pairs = sampleIDs.enumerated().compactMap { q, id in rowOf[id].map { (source: q, target: Int($0)) } }
        guard let r = OrthogonalTransform2D.procrustes(source: layout, target: previous, pairs: pairs) else { return layout }
        return r.apply(to: layout)
    }

    /// umap-learn's `update` initialisation through the relation (§2.9 step 2): a row whose
    /// sample is in the previous slice starts at its position there; otherwise at the
    /// G-weighted mean Σ w_ij·y_j / Σ w_ij of its graph neighbours that have such a position;
    /// otherwise (deviation: umap-learn draws from an unseeded global RNG) uniformly in
    /// [−10, 10)² from a stream of (seed, slice), so it stays reproducible.
    static func fromPrevious(_ s: SliceGraph, previous: [Float], previousIDs: [Int], seed: UInt64,
                             index m: Int) -> [Float] {
        let n = s.sampleIDs.count
        let rowOf = AlignmentSprings.rowIndex(previousIDs)
        var out = [Float](repeating: 0, count: 2 * n)
        var placed = [Bool](repeating: false, count: n)
        for (r, id) in s.sampleIDs.enumerated() {
            guard let q = rowOf[id].map(Int.init), previous[2 * q].isFinite, previous[2 * q + 1].isFinite else { continue }
            out[2 * r] = previous[2 * q]
            out[2 * r + 1] = previous[2 * q + 1]
            placed[r] = true
        }
        var rng = SeededRandom.stream(seed: seed, purpose: RandomPurpose.componentLayout.rawValue,
                                      index: 0x1_0000_0000 &+ UInt64(m))
        let g = s.graph
        for r in 0..<n where !placed[r] {
            var wx = 0.0, wy = 0.0, w = 0.0
            for e in g.rowStart[r]..<g.rowStart[r + 1] where placed[Int(g.columns[e])] {
                let c = Int(g.columns[e]), weight = Double(g.weights[e])
                wx += weight * Double(out[2 * c]); wy += weight * Double(out[2 * c + 1]); w += weight
            }
            if w > 0 {
                out[2 * r] = Float(wx / w); out[2 * r + 1] = Float(wy / w)
            } else {
                out[2 * r] = Float(rng.uniform(-10, 10)); out[2 * r + 1] = Float(rng.uniform(-10, 10))
            }
        }
        return out
    }
}
