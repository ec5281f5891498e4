/// Random projection trees (Dasgupta & Freund 2008, as used by pynndescent): each node splits
/// its points by the hyperplane halfway between two random members. Points sharing a leaf are
/// likely neighbours, which gives NN-descent a good start.
///
/// Returns the leaves of every tree as arrays of row indices, in a fixed order. Trees are built
/// in parallel; each uses its own random stream, so the forest does not depend on the thread count.
func randomProjectionLeaves(rows: [Float], count n: Int, dims p: Int, trees: Int, leafSize: Int,
                            angular: Bool, seed: UInt64, threads: Int) -> [[Int32]] {
    var forests = [[[Int32]]](repeating: [], count: trees)
    rows.withUnsafeBufferPointer { xb in
        forests.withUnsafeMutableBufferPointer { fb in
            let x = SharedBuffer(xb), out = SharedMutableBuffer(fb)
            // Tree t writes only out[t].
            parallelChunks(trees, chunkSize: 1, threads: threads) { range in
                for t in range {
                    var rng = SeededRandom.stream(seed: seed, purpose: RandomPurpose.projectionTrees.rawValue,
                                                  index: UInt64(t))
                    out[t] = buildTree(x: x.base, n: n, p: p, leafSize: leafSize, angular: angular, rng: &rng)
                }
            }
        }
    }
    return forests.flatMap { $0 }
}

private func buildTree(x: UnsafePointer<Float>, n: Int, p: Int, leafSize: Int, angular: Bool,
                       rng: inout SeededRandom) -> [[Int32]] {
    var order = (0..<n).map { Int32($0) }
    var leaves: [[Int32]] = []
    var stack: [(Int, Int)] = [(0, n)]
    var normal = [Float](repeating: 0, count: p)
    var side = [Bool](repeating: false, count: n)
    while let (lo, hi) = stack.popLast() {
        let size = hi - lo
        if size <= leafSize {
            leaves.append(Array(order[lo..<hi]))
            continue
        }
        let a = Int(order[lo + rng.below(size)])
        var b = Int(order[lo + rng.below(size - 1)])
        if b == a { b = Int(order[hi - 1]) }
        // Hyperplane: normal = x_a − x_b; offset puts it halfway (through the origin if angular).
        var offset: Float = 0
        for c in 0..<p {
            let va = x[a * p + c], vb = x[b * p + c]
            normal[c] = va - vb
            if !angular { offset -= normal[c] * (va + vb) * 0.5 }
        }
        var leftCount = 0
        normal.withUnsafeBufferPointer { nb in
            for r in lo..<hi {
                let m = dot(nb.baseAddress!, x + Int(order[r]) * p, p) + offset
                let goesLeft = m > 0 ? true : (m < 0 ? false : (rng.next() & 1) == 0)
                side[r] = goesLeft
                if goesLeft { leftCount += 1 }
            }
        }
        if leftCount == 0 || leftCount == size {
            // Degenerate split (duplicates or a flat set): halve the node in its current order.
            let mid = lo + size / 2
            stack.append((mid, hi))
            stack.append((lo, mid))
            continue
        }
        // Stable partition: left side first.
        var left: [Int32] = [], right: [Int32] = []
        left.reserveCapacity(leftCount)
        right.reserveCapacity(size - leftCount)
        for r in lo..<hi { if side[r] { left.append(order[r]) } else { right.append(order[r]) } }
        for (o, v) in (left + right).enumerated() { order[lo + o] = v }
        let mid = lo + leftCount
        stack.append((mid, hi))
        stack.append((lo, mid))
    }
    return leaves
}
