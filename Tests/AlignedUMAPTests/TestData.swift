@testable import AlignedUMAP
import Foundation

/// Small deterministic inputs for the tests.
enum TestData {
    /// `count` points in `dims` dimensions, uniform in [0, 1), from `seed`.
    static func uniform(count: Int, dims: Int, seed: UInt64) -> AlignedUMAPSlice {
        var rng = SeededRandom(seed: seed)
        return AlignedUMAPSlice(rows: count, cols: dims, values: (0..<(count * dims)).map { _ in Float(rng.unit()) })
    }

    /// Gaussian blobs: `perBlob` points around each of `blobs` centres spaced `separation`
    /// apart on the axes, unit noise; returns the slice and each row's blob.
    static func blobs(blobs: Int, perBlob: Int, dims: Int, separation: Double, noise: Double = 1,
                      seed: UInt64) -> (slice: AlignedUMAPSlice, labels: [Int]) {
        var rng = SeededRandom(seed: seed)
        var values: [Float] = []
        var labels: [Int] = []
        for b in 0..<blobs {
            for _ in 0..<perBlob {
                for c in 0..<dims {
                    let centre = c == b % dims ? separation * Double(1 + b / dims) : 0
                    values.append(Float(centre + noise * rng.normal()))
                }
                labels.append(b)
            }
        }
        return (AlignedUMAPSlice(rows: blobs * perBlob, cols: dims, values: values), labels)
    }

    /// The same blobs drifting slightly over `slices` slices (fresh noise each slice).
    static func drifting(slices: Int, blobs: Int = 3, perBlob: Int = 40, dims: Int = 8, separation: Double = 12,
                         seed: UInt64 = 1) -> [AlignedUMAPSlice] {
        let base = TestData.blobs(blobs: blobs, perBlob: perBlob, dims: dims, separation: separation, seed: seed)
        var rng = SeededRandom(seed: seed &+ 99)
        return (0..<slices).map { m in
            var s = base.slice
            for i in s.values.indices { s.values[i] += Float(0.3 * Double(m) + 0.3 * rng.normal()) }
            return s
        }
    }

    /// Mean distance from each finite point to its nearest other point in 2D.
    static func meanNearestDistance(_ positions: [Float]) -> Double {
        let n = positions.count / 2
        var total = 0.0
        for i in 0..<n {
            var best = Double.infinity
            for j in 0..<n where j != i {
                let dx = Double(positions[2 * i] - positions[2 * j]), dy = Double(positions[2 * i + 1] - positions[2 * j + 1])
                best = min(best, (dx * dx + dy * dy).squareRoot())
            }
            total += best
        }
        return total / Double(n)
    }

    /// √(mean ‖y − ȳ‖²).
    static func rmsRadius(_ positions: [Float]) -> Double {
        let n = positions.count / 2
        var mx = 0.0, my = 0.0
        for i in 0..<n { mx += Double(positions[2 * i]); my += Double(positions[2 * i + 1]) }
        mx /= Double(n); my /= Double(n)
        var s = 0.0
        for i in 0..<n {
            let dx = Double(positions[2 * i]) - mx, dy = Double(positions[2 * i + 1]) - my
            s += dx * dx + dy * dy
        }
        return (s / Double(n)).squareRoot()
    }

    /// aligned-umap.md §5 stability: mean over consecutive pairs of mean displacement / mean RMS radius.
    static func stability(_ layouts: [SliceLayout]) -> Double {
        var total = 0.0
        for m in 0..<(layouts.count - 1) {
            let a = layouts[m].positions, b = layouts[m + 1].positions
            let n = a.count / 2
            var d = 0.0
            for i in 0..<n {
                let dx = Double(a[2 * i] - b[2 * i]), dy = Double(a[2 * i + 1] - b[2 * i + 1])
                d += (dx * dx + dy * dy).squareRoot()
            }
            total += (d / Double(n)) / (0.5 * (rmsRadius(a) + rmsRadius(b)))
        }
        return total / Double(layouts.count - 1)
    }

    /// Fraction of points whose `k` nearest 2D neighbours mostly share their label.
    static func knnAccuracy(_ positions: [Float], labels: [Int], k: Int = 5) -> Double {
        let n = labels.count
        var correct = 0
        for i in 0..<n {
            var d: [(Double, Int)] = []
            for j in 0..<n where j != i {
                let dx = Double(positions[2 * i] - positions[2 * j]), dy = Double(positions[2 * i + 1] - positions[2 * j + 1])
                d.append((dx * dx + dy * dy, j))
            }
            d.sort { $0.0 < $1.0 }
            var votes = [Int: Int]()
            for (_, j) in d.prefix(k) { votes[labels[j], default: 0] += 1 }
            if votes.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key == labels[i] {
                correct += 1
            }
        }
        return Double(correct) / Double(n)
    }

    /// Fraction of each point's `k` nearest neighbours in the input also among its k nearest in 2D.
    static func knnPreservation(_ slice: AlignedUMAPSlice, _ positions: [Float], k: Int) -> Double {
        let n = slice.rows, p = slice.cols
        func nearest(_ i: Int, _ dist: (Int, Int) -> Double) -> Set<Int> {
            Set((0..<n).filter { $0 != i }.sorted { (dist(i, $0), $0) < (dist(i, $1), $1) }.prefix(k))
        }
        var total = 0.0
        for i in 0..<n {
            let high = nearest(i) { a, b in
                var s = 0.0
                for c in 0..<p { let g = Double(slice.values[a * p + c] - slice.values[b * p + c]); s += g * g }
                return s
            }
            let low = nearest(i) { a, b in
                let dx = Double(positions[2 * a] - positions[2 * b]), dy = Double(positions[2 * a + 1] - positions[2 * b + 1])
                return dx * dx + dy * dy
            }
            total += Double(high.intersection(low).count) / Double(k)
        }
        return total / Double(n)
    }

    /// Pearson correlation between all pairwise input distances and 2D distances.
    static func distanceCorrelation(_ slice: AlignedUMAPSlice, _ positions: [Float]) -> Double {
        let n = slice.rows, p = slice.cols
        var xs: [Double] = [], ys: [Double] = []
        for i in 0..<n {
            for j in (i + 1)..<n {
                var s = 0.0
                for c in 0..<p { let g = Double(slice.values[i * p + c] - slice.values[j * p + c]); s += g * g }
                xs.append(s.squareRoot())
                ys.append(hypot(Double(positions[2 * i] - positions[2 * j]), Double(positions[2 * i + 1] - positions[2 * j + 1])))
            }
        }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (x, y) in zip(xs, ys) { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx); syy += (y - my) * (y - my) }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Fits with small, fast settings unless overridden.
    static func fit(_ slices: [AlignedUMAPSlice], _ configure: (inout AlignedUMAPParameters) -> Void = { _ in })
        throws -> [SliceLayout] {
        var p = AlignedUMAPParameters()
        p.nEpochs = 100
        configure(&p)
        return try AlignedUMAP(parameters: p).fit(sliceCount: slices.count, loadSlice: { slices[$0] })
    }
}
