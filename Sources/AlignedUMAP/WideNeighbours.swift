/// Neighbours of wide slices (many features): candidates from a cheap reduction, the final
/// k chosen by exact distances in the full space.
///
/// **Deviation** (umap-learn measures every distance in full dimension): for D ≥
/// `WideNeighbours.threshold` the rows are first mapped to r = 128 dimensions by a very sparse
/// random projection (Li, Hastie & Church 2006: R_ij = ±√s with probability 1/(2s) each, 0
/// otherwise, s = √D; y = xR/√r preserves squared distances in expectation, JL-style), the
/// 3k nearest neighbours are searched there (exact or NN-descent as for a narrow slice), and
/// those 3k candidates are re-ranked by their true distance. Cost: n·r·√D for the projection
/// and n·3k·D for the re-ranking, instead of the search's many distance evaluations per point
/// at D each. Recall against exact neighbours is printed by `umap-bench --recall`.
enum WideNeighbours {
    /// Slices with at least this many features take the reduced path.
    static let threshold = 1024
    /// Dimensions of the projection.
    static let reducedDims = 128
    /// Candidates per point, as a multiple of k: 2k gave recall@15 0.945 on the 4,096-d lift
    /// of the 1k digits block, 3k gives 0.977 (r = 256 with 2k: 0.976, at twice the search).
    static let candidateFactor = 3

    /// Very sparse random projection of `rows` (n × p) to `r` columns, deterministic from `seed`.
    static func project(_ rows: [Float], count n: Int, dims p: Int, to r: Int, seed: UInt64, threads: Int) -> [Float] {
        // Per output column, the input indices with their signs (≈ p/s = √p of them each).
        let s = max(1.0, Double(p).squareRoot())
        var rng = SeededRandom.stream(seed: seed, purpose: RandomPurpose.projectionTrees.rawValue, index: 0xD1_4E)
        var taps: [[Int32]] = Array(repeating: [], count: r)
        for c in 0..<r {
            for j in 0..<p {
                let u = rng.unit()
                if u < 1 / (2 * s) { taps[c].append(Int32(j)) } else if u < 1 / s { taps[c].append(-Int32(j) - 1) }
            }
        }
        let scale = Float((s / Double(r)).squareRoot())
        let columns = taps
        var out = [Float](repeating: 0, count: n * r)
        rows.withUnsafeBufferPointer { xb in
            out.withUnsafeMutableBufferPointer { ob in
                let x = SharedBuffer(xb), o = SharedMutableBuffer(ob)
                // Chunk writes the projected rows of its own points only.
                parallelChunks(n, chunkSize: 64, threads: threads) { range in
                    for i in range {
                        let xi = x.base + i * p
                        for c in 0..<r {
                            var acc: Float = 0
                            for t in columns[c] { acc += t >= 0 ? xi[Int(t)] : -xi[Int(-t - 1)] }
                            o[i * r + c] = acc * scale
                        }
                    }
                }
            }
        }
        return out
    }

    /// The k nearest among each row's `candidates` by the metric's true distance (self first).
    static func rerank<D: PointDistance>(_ candidates: NeighbourList, rows: [Float], dims p: Int, k: Int,
                                         distance: D.Type, threads: Int) -> NeighbourList {
        let n = candidates.count, kc = candidates.k
        var indices = [Int32](repeating: -1, count: n * k)
        var distances = [Float](repeating: .infinity, count: n * k)
        rows.withUnsafeBufferPointer { xb in
        indices.withUnsafeMutableBufferPointer { ib in
        distances.withUnsafeMutableBufferPointer { db in
            let x = SharedBuffer(xb), outI = SharedMutableBuffer(ib), outD = SharedMutableBuffer(db)
            // Chunk writes output rows of its own points only.
            parallelChunks(n, chunkSize: 32, threads: threads) { range in
                var scored: [(Float, Int32)] = []
                for i in range {
                    scored.removeAll(keepingCapacity: true)
                    for c in 0..<kc {
                        let j = candidates.indices[i * kc + c]
                        if j < 0 || Int(j) == i { continue }
                        scored.append((D.surrogate(x.base + i * p, x.base + Int(j) * p, p), j))
                    }
                    // Ascending distance, ties by ascending index (as the exact search).
                    scored.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                    outI[i * k] = Int32(i)
                    outD[i * k] = 0
                    for (c, (s, j)) in scored.prefix(k - 1).enumerated() {
                        outI[i * k + 1 + c] = j
                        outD[i * k + 1 + c] = D.distance(fromSurrogate: s)
                    }
                }
            }
        }}}
        return NeighbourList(count: n, k: k, indices: indices, distances: distances)
    }
}
