/// Approximate k nearest neighbours by NN-descent (Dong, Charikar & Li 2011) started from
/// random projection tree leaves, after pynndescent's design: "a neighbour of a neighbour is
/// likely a neighbour", refined until fewer than δ·k·n heap entries change per iteration.
///
/// Determinism: candidate sampling is serial with one random stream per iteration; the local
/// join (the distance work) runs in parallel over fixed chunks of points, each chunk collecting
/// proposed updates against heap thresholds frozen at the start of the iteration; updates are
/// then applied serially in chunk order. So the result never depends on the thread count.
///
/// One long function on purpose: the stages (forest, warm start, iterations) share the heaps,
/// the candidate buffers and one raw view of the rows, and read top to bottom as the paper's
/// algorithm; split up, each part would need all of them passed in.
func approximateNeighbours<D: PointDistance>(rows: [Float], count n: Int, dims p: Int, k: Int,
                                             distance: D.Type, angular: Bool, seed: UInt64,
                                             threads: Int, warmStart: NeighbourList? = nil) -> NeighbourList {
    let kk = k - 1
    // pynndescent's forest size; with a warm start (the previous epoch's neighbours, which
    // mostly still hold) a quarter of it suffices for the remainder (deviation, checked by
    // `umap-bench --recall`).
    let fullForest = min(64, 5 + Int((Double(n).squareRoot() / 20).rounded()))
    let trees = warmStart == nil ? fullForest : max(2, fullForest / 4)
    let iterations = max(5, Int(log2(Double(n)).rounded()))
    let maxCandidates = min(60, max(kk, 20))
    let delta = 0.001

    var heap = NeighbourHeaps(points: n, capacity: kk)

    // 1. Start from the forest's leaves: every pair inside a leaf is a candidate.
    let leaves = randomProjectionLeaves(rows: rows, count: n, dims: p, trees: trees, leafSize: max(10, k),
                                        angular: angular, seed: seed, threads: threads)
    rows.withUnsafeBufferPointer { xb in
        let x = SharedBuffer(xb)
        let updates = collectUpdates(count: leaves.count, chunkSize: 64, threads: threads) { l, out in
            let leaf = leaves[l]
            for a in 0..<leaf.count {
                for b in (a + 1)..<leaf.count {
                    let i = Int(leaf[a]), j = Int(leaf[b])
                    out.append(NeighbourUpdate(a: leaf[a], b: leaf[b],
                                               d: D.surrogate(x.base + i * p, x.base + j * p, p)))
                }
            }
        }
        for chunk in updates { for u in chunk { _ = heap.offer(u) } }

        // The previous slice's neighbour lists as candidates, at this slice's distances.
        if let warm = warmStart, warm.count == n {
            let warmUpdates = collectUpdates(count: n, chunkSize: 256, threads: threads) { i, out in
                for c in 0..<warm.k {
                    let j = Int(warm.indices[i * warm.k + c])
                    if j < 0 || j == i { continue }
                    out.append(NeighbourUpdate(a: Int32(i), b: Int32(j), d: D.surrogate(x.base + i * p, x.base + j * p, p)))
                }
            }
            for chunk in warmUpdates { for u in chunk { _ = heap.offer(u) } }
        }

        // Points the forest left short of k neighbours get random ones.
        var fill = SeededRandom.stream(seed: seed, purpose: RandomPurpose.nnDescent.rawValue, index: 0)
        for i in 0..<n where heap.missing(i) {
            for _ in 0..<(2 * kk) {
                let j = fill.below(n)
                if j == i { continue }
                _ = heap.offer(NeighbourUpdate(a: Int32(i), b: Int32(j),
                                               d: D.surrogate(x.base + i * p, x.base + j * p, p)))
            }
        }

        // 2. NN-descent iterations.
        var newCand = CandidateHeaps(points: n, capacity: maxCandidates)
        var oldCand = CandidateHeaps(points: n, capacity: maxCandidates)
        for iteration in 1...iterations {
            var rng = SeededRandom.stream(seed: seed, purpose: RandomPurpose.nnDescent.rawValue,
                                          index: UInt64(iteration))
            newCand.reset()
            oldCand.reset()
            for i in 0..<n {
                for c in 0..<kk {
                    let j = heap.indices[i * kk + c]
                    if j < 0 { continue }
                    let priority = Float(rng.unit())
                    if heap.isNew[i * kk + c] != 0 {
                        newCand.offer(i, j, priority)
                        newCand.offer(Int(j), Int32(i), priority)
                    } else {
                        oldCand.offer(i, j, priority)
                        oldCand.offer(Int(j), Int32(i), priority)
                    }
                }
            }
            // Sampled new neighbours become old.
            for i in 0..<n {
                for c in 0..<kk where heap.isNew[i * kk + c] != 0 {
                    if newCand.contains(i, heap.indices[i * kk + c]) { heap.isNew[i * kk + c] = 0 }
                }
            }
            let thresholds = (0..<n).map { heap.distances[$0 * kk] }
            let newC = newCand, oldC = oldCand
            let joins = collectUpdates(count: n, chunkSize: 64, threads: threads) { i, out in
                let nc = newC.members(of: i), oc = oldC.members(of: i)
                for a in 0..<nc.count {
                    let pa = Int(nc[a])
                    let xa = x.base + pa * p
                    for b in (a + 1)..<nc.count {
                        let qb = Int(nc[b])
                        let s = D.surrogate(xa, x.base + qb * p, p)
                        if s < thresholds[pa] || s < thresholds[qb] { out.append(NeighbourUpdate(a: nc[a], b: nc[b], d: s)) }
                    }
                    for q in oc where Int(q) != pa {
                        let qb = Int(q)
                        let s = D.surrogate(xa, x.base + qb * p, p)
                        if s < thresholds[pa] || s < thresholds[qb] { out.append(NeighbourUpdate(a: nc[a], b: q, d: s)) }
                    }
                }
            }
            var changes = 0
            for chunk in joins { for u in chunk { changes += heap.offer(u) } }
            if Double(changes) <= delta * Double(kk) * Double(n) { break }
        }
    }
    return heap.neighbourList(k: k, distance: D.self)
}

/// A proposed neighbour pair (a, b) at surrogate distance d; offered to both points' heaps.
struct NeighbourUpdate {
    var a: Int32
    var b: Int32
    var d: Float
}

/// Runs `body(item, &updates)` over `0..<count` in parallel fixed chunks and returns each
/// chunk's updates in chunk order.
private func collectUpdates(count: Int, chunkSize: Int, threads: Int,
                            _ body: @Sendable (Int, inout [NeighbourUpdate]) -> Void) -> [[NeighbourUpdate]] {
    let chunks = (count + chunkSize - 1) / chunkSize
    var results = [[NeighbourUpdate]](repeating: [], count: chunks)
    results.withUnsafeMutableBufferPointer { rb in
        let out = SharedMutableBuffer(rb)
        // Chunk c writes only out[c].
        parallelChunks(chunks, chunkSize: 1, threads: threads) { range in
            for c in range {
                var local: [NeighbourUpdate] = []
                for item in (c * chunkSize)..<min(count, (c + 1) * chunkSize) { body(item, &local) }
                out[c] = local
            }
        }
    }
    return results
}

/// Per point, a bounded max-heap of its best neighbours so far (self excluded), with a flag
/// telling whether each entry has yet to take part in a local join.
struct NeighbourHeaps {
    let points: Int
    let capacity: Int
    var indices: [Int32]
    var distances: [Float]
    var isNew: [UInt8]

    init(points: Int, capacity: Int) {
        self.points = points
        self.capacity = capacity
        indices = [Int32](repeating: -1, count: points * capacity)
        distances = [Float](repeating: .infinity, count: points * capacity)
        isNew = [UInt8](repeating: 0, count: points * capacity)
    }

    func missing(_ i: Int) -> Bool { indices[i * capacity] < 0 }

    /// Offers b to a's heap and a to b's; returns how many heaps changed.
    mutating func offer(_ u: NeighbourUpdate) -> Int {
        (push(Int(u.a), u.b, u.d) ? 1 : 0) + (push(Int(u.b), u.a, u.d) ? 1 : 0)
    }

    private mutating func push(_ i: Int, _ j: Int32, _ d: Float) -> Bool {
        let base = i * capacity
        if capacity == 0 || Int(j) == i || !(d < distances[base]) { return false }
        for c in 0..<capacity where indices[base + c] == j { return false }
        // Replace the root (worst) and sift down, moving the flags with the entries.
        var pos = 0
        while true {
            let left = 2 * pos + 1
            if left >= capacity { break }
            var child = left
            if left + 1 < capacity && distances[base + left + 1] > distances[base + left] { child = left + 1 }
            if d >= distances[base + child] { break }
            distances[base + pos] = distances[base + child]
            indices[base + pos] = indices[base + child]
            isNew[base + pos] = isNew[base + child]
            pos = child
        }
        distances[base + pos] = d
        indices[base + pos] = j
        isNew[base + pos] = 1
        return true
    }

    /// Sorted rows with self prepended, distances converted from surrogates.
    func neighbourList<D: PointDistance>(k: Int, distance: D.Type) -> NeighbourList {
        var outI = [Int32](repeating: -1, count: points * k)
        var outD = [Float](repeating: .infinity, count: points * k)
        var rowD = [Float](repeating: 0, count: capacity)
        var rowI = [Int32](repeating: 0, count: capacity)
        for i in 0..<points {
            for c in 0..<capacity { rowD[c] = distances[i * capacity + c]; rowI[c] = indices[i * capacity + c] }
            rowD.withUnsafeMutableBufferPointer { db in
                rowI.withUnsafeMutableBufferPointer { ib in sortHeapRow(db.baseAddress!, ib.baseAddress!, capacity) }
            }
            outI[i * k] = Int32(i)
            outD[i * k] = 0
            for c in 0..<capacity where rowI[c] >= 0 {
                outI[i * k + 1 + c] = rowI[c]
                outD[i * k + 1 + c] = D.distance(fromSurrogate: rowD[c])
            }
        }
        return NeighbourList(count: points, k: k, indices: outI, distances: outD)
    }
}

/// Per point, a bounded sample of candidates kept by smallest random priority.
struct CandidateHeaps: Sendable {
    let points: Int
    let capacity: Int
    var indices: [Int32]
    var priorities: [Float]

    init(points: Int, capacity: Int) {
        self.points = points
        self.capacity = capacity
        indices = [Int32](repeating: -1, count: points * capacity)
        priorities = [Float](repeating: .infinity, count: points * capacity)
    }

    mutating func reset() {
        for i in indices.indices { indices[i] = -1; priorities[i] = .infinity }
    }

    mutating func offer(_ i: Int, _ j: Int32, _ priority: Float) {
        let base = i * capacity
        if !(priority < priorities[base]) { return }
        for c in 0..<capacity where indices[base + c] == j { return }
        var pos = 0
        while true {
            let left = 2 * pos + 1
            if left >= capacity { break }
            var child = left
            if left + 1 < capacity && priorities[base + left + 1] > priorities[base + left] { child = left + 1 }
            if priority >= priorities[base + child] { break }
            priorities[base + pos] = priorities[base + child]
            indices[base + pos] = indices[base + child]
            pos = child
        }
        priorities[base + pos] = priority
        indices[base + pos] = j
    }

    func contains(_ i: Int, _ j: Int32) -> Bool {
        for c in 0..<capacity where indices[i * capacity + c] == j { return true }
        return false
    }

    func members(of i: Int) -> [Int32] {
        indices[(i * capacity)..<((i + 1) * capacity)].filter { $0 >= 0 }
    }
}

import Foundation
