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
