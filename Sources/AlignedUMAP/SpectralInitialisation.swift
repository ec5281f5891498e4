/// Spectral initialisation of one slice (aligned-umap.md §2.7): the eigenvectors of the
/// normalised Laplacian L = I − D^{−½} G D^{−½} for its smallest non-trivial eigenvalues.
///
/// We find them as the largest eigenvectors of 2I − L = I + D^{−½} G D^{−½} (spectrum in [0, 2])
/// with the trivial vector √deg/‖√deg‖ deflated, by thick-restart Lanczos. A graph with several
/// connected components is laid out per component around anchors, as umap-learn does.
/// The result (n × 2, row-major, Double) is scaled so that its largest |coordinate| is 10.
struct SpectralInitialisation {
    static let dimensions = 2
    static let scale = 10.0

    /// - Parameter centroids: input-space centroid of each component (`components × dims`,
    ///   row-major); used only when there are more than 2·d components.
    static func layout(graph: FuzzyGraph, components: (label: [Int], count: Int), centroids: [Double],
                       centroidDims: Int, rng: inout SeededRandom, threads: Int) -> [Double] {
        let n = graph.count
        let d = dimensions
        var out: [Double]
        if components.count <= 1 {
            out = connectedLayout(graph: graph, rows: Array(0..<n), rng: &rng, threads: threads)
                ?? (0..<(n * d)).map { _ in rng.uniform(-10, 10) }
        } else {
            out = [Double](repeating: 0, count: n * d)
            let c = components.count
            let anchors = componentAnchors(count: c, centroids: centroids, dims: centroidDims, rng: &rng)
            var members = [[Int]](repeating: [], count: c)
            for r in 0..<n { members[components.label[r]].append(r) }
            for t in 0..<c {
                // Half the distance to the nearest other anchor bounds this component's cell.
                var nearest = Double.infinity
                for u in 0..<c where u != t {
                    var s = 0.0
                    for j in 0..<d { let g = anchors[t * d + j] - anchors[u * d + j]; s += g * g }
                    nearest = min(nearest, s.squareRoot())
                }
                let radius = nearest.isFinite ? 0.5 * nearest : 1
                let rows = members[t]
                var local: [Double]? = nil
                if rows.count >= 2 * d && rows.count > d + 1 {
                    local = connectedLayout(graph: graph, rows: rows, rng: &rng, threads: threads)
                }
                if var local {
                    let m = local.map(abs).max() ?? 0
                    let f = m > 0 ? radius / m : 0
                    for i in local.indices { local[i] *= f }
                    for (o, r) in rows.enumerated() { for j in 0..<d { out[r * d + j] = local[o * d + j] + anchors[t * d + j] } }
                } else {
                    for r in rows { for j in 0..<d { out[r * d + j] = rng.uniform(-radius, radius) + anchors[t * d + j] } }
                }
            }
        }
        let m = out.map(abs).max() ?? 0
        if m > 0 { let f = scale / m; for i in out.indices { out[i] *= f } }
        return out
    }

    /// Spectral layout of the subgraph induced by `rows` (one connected component), or nil if
    /// the eigensolver does not converge.
    static func connectedLayout(graph: FuzzyGraph, rows: [Int], rng: inout SeededRandom, threads: Int) -> [Double]? {
        let n = rows.count
        let d = dimensions
        guard n > d + 1 else { return nil }
        var local = [Int](repeating: -1, count: graph.count)
        for (o, r) in rows.enumerated() { local[r] = o }
        // Sub-CSR in local numbering.
        var start = [0], cols: [Int], weights: [Double]
        cols = []; weights = []
        var degree = [Double](repeating: 0, count: n)
        for (o, r) in rows.enumerated() {
            for e in graph.rowStart[r]..<graph.rowStart[r + 1] {
                let c = local[Int(graph.columns[e])]
                if c < 0 { continue }
                cols.append(c)
                weights.append(Double(graph.weights[e]))
                degree[o] += Double(graph.weights[e])
            }
            start.append(cols.count)
        }
        let invSqrt = degree.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        var trivial = degree.map { $0.squareRoot() }
        let norm = trivial.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return nil }
        trivial = trivial.map { $0 / norm }
        let (startC, colsC, weightsC) = (start, cols, weights)
        let apply: ([Double]) -> [Double] = { x in
            // (I + D^{−½} G D^{−½}) x, rows in parallel; each row sums in a fixed order.
            var y = [Double](repeating: 0, count: n)
            x.withUnsafeBufferPointer { xb in
                y.withUnsafeMutableBufferPointer { yb in
                    let xs = SharedBuffer(xb), ys = SharedMutableBuffer(yb)
                    // Chunk writes y[range] only.
                    parallelChunks(n, chunkSize: 1024, threads: threads) { range in
                        for i in range {
                            var s = 0.0
                            for e in startC[i]..<startC[i + 1] { s += weightsC[e] * invSqrt[colsC[e]] * xs[colsC[e]] }
                            ys[i] = xs[i] + invSqrt[i] * s
                        }
                    }
                }
            }
            return y
        }
        let maxProducts = max(200, 5 * n)
        guard var result = largestEigenvectors(dimension: n, wanted: d, deflate: [trivial],
                                               maxProducts: maxProducts, rng: &rng, apply: apply) else { return nil }
        if result.vectors.contains(where: { isLocalised($0) }) {
            // A handful of points barely attached to the rest has an eigenvalue next to the
            // trivial one, and its eigenvector is zero almost everywhere else: scaled to
            // max |·| = 10, it puts those few points at the edge and squeezes every other into
            // a tenth of the range (10k-sample CNN run, seed 2: eight points, the rest within
            // ±1; trust@15 of the optimised first slice 0.952 against 0.960-0.966 over ten other
            // seeds). The layout takes the next eigenvectors that spread over the points.
            let wider = largestEigenvectors(dimension: n, wanted: d + localisedSpare, deflate: [trivial],
                                            maxProducts: maxProducts, rng: &rng, apply: apply)
            if let wider {
                let spread = wider.vectors.indices.filter { !isLocalised(wider.vectors[$0]) }
                if spread.count >= d {
                    result = (spread.prefix(d).map { wider.values[$0] }, spread.prefix(d).map { wider.vectors[$0] })
                }
            }
        }
        var out = [Double](repeating: 0, count: n * d)
        for j in 0..<d { for i in 0..<n { out[i * d + j] = result.vectors[j][i] } }
        return out
    }

    /// Extra eigenvectors computed when one of the first `dimensions` is localised.
    static let localisedSpare = 4

    /// Whether eigenvector `v` lives on fewer than 1 % of its points: its participation ratio
    /// (Σ vᵢ²)² / Σ vᵢ⁴ (Bell & Dean 1970; n for a vector spread evenly, m for one spread evenly
    /// over m points) is below n / 100. Low-frequency eigenvectors of a kNN graph that
    /// describe its clusters spread over hundreds of points at least (682-4,569 on the 10k CNN
    /// run); the localised one there had 7.9.
    static func isLocalised(_ v: [Double]) -> Bool {
        var s2 = 0.0, s4 = 0.0
        for x in v { let q = x * x; s2 += q; s4 += q * q }
        guard s4 > 0 else { return false }
        return s2 * s2 / s4 < Double(v.count) / 100
    }

    /// Where each component's layout is centred (`count × 2`, row-major). Up to 2·d components
    /// sit at ±e_t (the first ⌈c/2⌉ on the positive axes); more are placed by a spectral
    /// embedding of their centroids' affinity exp(−‖μ_s − μ_t‖²), scaled to max |·| = 1.
    static func componentAnchors(count c: Int, centroids: [Double], dims p: Int, rng: inout SeededRandom) -> [Double] {
        let d = dimensions
        var anchors = [Double](repeating: 0, count: c * d)
        if c <= 2 * d || centroids.count != c * p {
            let half = (c + 1) / 2
            for t in 0..<c {
                let axis = t < half ? t : t - half
                anchors[t * d + (axis % d)] = t < half ? 1 : -1
            }
            return anchors
        }
        var affinity = [Double](repeating: 0, count: c * c)
        for s in 0..<c {
            for t in 0..<c {
                var q = 0.0
                for j in 0..<p { let g = centroids[s * p + j] - centroids[t * p + j]; q += g * g }
                affinity[s * c + t] = exp(-q)
            }
        }
        let degree = (0..<c).map { s in (0..<c).reduce(0.0) { $0 + affinity[s * c + $1] } }
        let invSqrt = degree.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        var trivial = degree.map { $0.squareRoot() }
        let norm = trivial.reduce(0) { $0 + $1 * $1 }.squareRoot()
        trivial = trivial.map { norm > 0 ? $0 / norm : 0 }
        let result = largestEigenvectors(dimension: c, wanted: d, deflate: norm > 0 ? [trivial] : [],
                                         maxProducts: max(200, 5 * c), rng: &rng) { x in
            (0..<c).map { s in
                var v = 0.0
                for t in 0..<c { v += affinity[s * c + t] * invSqrt[t] * x[t] }
                return x[s] + invSqrt[s] * v
            }
        }
        if let result {
            for t in 0..<c { for j in 0..<d { anchors[t * d + j] = result.vectors[j][t] } }
        } else {
            for i in anchors.indices { anchors[i] = rng.uniform(-1, 1) }
        }
        let m = anchors.map(abs).max() ?? 0
        if m > 0 { for i in anchors.indices { anchors[i] /= m } }
        return anchors
    }
}

import Foundation
