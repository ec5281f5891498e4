/// k nearest neighbours of every point of a slice, the point itself first (umap-learn's
/// convention: k counts self), each row sorted by ascending distance, ties by ascending index.
public struct NeighbourList: Sendable, Equatable {
    /// Points (rows).
    public let count: Int
    /// Columns per row, self included.
    public let k: Int
    /// `count * k` row indices; −1 where fewer than k neighbours were found.
    public var indices: [Int32]
    /// `count * k` metric distances (not surrogates); +∞ where the index is −1.
    public var distances: [Float]

    public init(count: Int, k: Int, indices: [Int32], distances: [Float]) {
        self.count = count
        self.k = k
        self.indices = indices
        self.distances = distances
    }

    /// Fraction of `reference`'s neighbours (self excluded) that this list also found.
    public func recall(against reference: NeighbourList) -> Double {
        precondition(reference.count == count && reference.k == k, "recall needs lists of the same shape")
        guard k > 1, count > 0 else { return 1 }
        var hits = 0, total = 0
        for i in 0..<count {
            let mine = Set(indices[(i * k + 1)..<(i * k + k)])
            for c in 1..<k where reference.indices[i * k + c] >= 0 {
                total += 1
                if mine.contains(reference.indices[i * k + c]) { hits += 1 }
            }
        }
        return total == 0 ? 1 : Double(hits) / Double(total)
    }
}

extension NeighbourList {
    /// A list of `n` rows of width `k` (indices −1 and distances +∞ until written) whose rows
    /// are written in parallel: `fill(range, rows)` runs per chunk of `chunkSize` points and
    /// writes the rows of the points in `range` only, so the list is the same on any thread count.
    static func filledInParallel(count n: Int, k: Int, chunkSize: Int, threads: Int,
                                 _ fill: @Sendable (Range<Int>, NeighbourRows) -> Void) -> NeighbourList {
        var indices = [Int32](repeating: -1, count: n * k)
        var distances = [Float](repeating: .infinity, count: n * k)
        indices.withUnsafeMutableBufferPointer { ib in
            distances.withUnsafeMutableBufferPointer { db in
                let rows = NeighbourRows(k: k, indices: SharedMutableBuffer(ib), distances: SharedMutableBuffer(db))
                parallelChunks(n, chunkSize: chunkSize, threads: threads) { range in fill(range, rows) }
            }
        }
        return NeighbourList(count: n, k: k, indices: indices, distances: distances)
    }
}

/// The rows of a `NeighbourList` being filled by `filledInParallel`; each chunk writes only
/// its own points' rows.
struct NeighbourRows: Sendable {
    let k: Int
    let indices: SharedMutableBuffer<Int32>
    let distances: SharedMutableBuffer<Float>

    /// Row `i`: itself at distance 0, then the first k − 1 of `scored` (surrogate, index)
    /// pairs, sorted here by ascending surrogate, ties by ascending index (as the exact
    /// search), each surrogate turned into a distance by `distance`.
    func write(row i: Int, scored: inout [(Float, Int32)], distance: (Float) -> Float) {
        scored.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        indices[i * k] = Int32(i)
        distances[i * k] = 0
        for (c, (s, j)) in scored.prefix(k - 1).enumerated() {
            indices[i * k + 1 + c] = j
            distances[i * k + 1 + c] = distance(s)
        }
    }
}

/// A bounded max-heap of (surrogate distance, index) pairs stored in a slice of flat arrays;
/// the root is the worst kept neighbour. Equal distances order by index.
@inline(__always)
func heapPush(_ dist: UnsafeMutablePointer<Float>, _ idx: UnsafeMutablePointer<Int32>, _ capacity: Int,
              _ d: Float, _ j: Int32) {
    // Caller checked that (d, j) beats the root; replace it and sift down.
    var pos = 0
    while true {
        let left = 2 * pos + 1
        if left >= capacity { break }
        let right = left + 1
        var child = left
        if right < capacity && heapGreater(dist[right], idx[right], dist[left], idx[left]) { child = right }
        if heapGreater(d, j, dist[child], idx[child]) { break }
        dist[pos] = dist[child]
        idx[pos] = idx[child]
        pos = child
    }
    dist[pos] = d
    idx[pos] = j
}

@inline(__always)
func heapGreater(_ d1: Float, _ i1: Int32, _ d2: Float, _ i2: Int32) -> Bool {
    d1 > d2 || (d1 == d2 && i1 > i2)
}

/// Sorts one heap's entries ascending by (distance, index); −1 entries (distance +∞) go last.
func sortHeapRow(_ dist: UnsafeMutablePointer<Float>, _ idx: UnsafeMutablePointer<Int32>, _ capacity: Int) {
    var pairs = (0..<capacity).map { (dist[$0], idx[$0]) }
    pairs.sort { a, b in
        if a.1 < 0 || b.1 < 0 { return a.1 >= 0 && b.1 < 0 }
        return a.0 < b.0 || (a.0 == b.0 && a.1 < b.1)
    }
    for c in 0..<capacity { dist[c] = pairs[c].0; idx[c] = pairs[c].1 }
}
