/// A slice's fuzzy simplicial set: symmetric sparse weights in CSR form, no diagonal, each
/// undirected edge stored in both rows, columns ascending (aligned-umap.md §2.3).
struct FuzzyGraph: Sendable {
    let count: Int
    /// Row r's entries are `rowStart[r] ..< rowStart[r + 1]`.
    var rowStart: [Int]
    var columns: [Int32]
    var weights: [Float]

    func degree(_ r: Int) -> Float {
        var s: Float = 0
        for e in rowStart[r]..<rowStart[r + 1] { s += weights[e] }
        return s
    }

    /// The fuzzy union G = s·(A + Aᵀ − A∘Aᵀ) + (1 − s)·(A∘Aᵀ) of the directed membership
    /// matrix A of `neighbours` (s = set-operation mix ratio; 1 is umap-learn's default).
    /// Neighbours at or beyond `disconnection` are dropped (§2.1).
    init(neighbours nl: NeighbourList, disconnection: Float = .infinity, mixRatio: Float = 1) {
        var pruned = nl
        for e in 0..<(nl.count * nl.k) where !(pruned.distances[e] < disconnection) {
            pruned.indices[e] = -1
            pruned.distances[e] = .infinity
        }
        let smooth = SmoothKNNDistance(neighbours: pruned)
        let n = nl.count, k = nl.k
        // Directed entries (i → j, w), gathered per row for A and per column for Aᵀ.
        var forward = [[(Int32, Float)]](repeating: [], count: n)
        var backward = [[(Int32, Float)]](repeating: [], count: n)
        for i in 0..<n {
            for c in 0..<k {
                let w = smooth.membership(pruned, row: i, column: c)
                if w == 0 { continue }
                let j = pruned.indices[i * k + c]
                forward[i].append((j, w))
                backward[Int(j)].append((Int32(i), w))
            }
        }
        count = n
        rowStart = [0]
        columns = []
        weights = []
        rowStart.reserveCapacity(n + 1)
        for i in 0..<n {
            var a: [Int32: Float] = [:]
            var b: [Int32: Float] = [:]
            for (j, w) in forward[i] { a[j] = w }
            for (j, w) in backward[i] { b[j] = w }
            let cols = Set(a.keys).union(b.keys).sorted()
            for j in cols {
                let x = a[j] ?? 0, y = b[j] ?? 0
                let g = mixRatio * (x + y - x * y) + (1 - mixRatio) * (x * y)
                if g != 0 {
                    columns.append(j)
                    weights.append(g)
                }
            }
            rowStart.append(columns.count)
        }
    }

    /// Connected components on the sparsity structure: a component id per row (numbered in
    /// order of each component's first row) and the component count.
    func components() -> (label: [Int], count: Int) {
        var label = [Int](repeating: -1, count: count)
        var next = 0
        var stack: [Int] = []
        for start in 0..<count where label[start] < 0 {
            label[start] = next
            stack.append(start)
            while let r = stack.popLast() {
                for e in rowStart[r]..<rowStart[r + 1] {
                    let c = Int(columns[e])
                    if label[c] < 0 { label[c] = next; stack.append(c) }
                }
            }
            next += 1
        }
        return (label, next)
    }
}
