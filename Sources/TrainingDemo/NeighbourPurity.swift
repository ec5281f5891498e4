/// k-nearest-neighbour class purity of a set of points: for each point, the fraction of its k
/// nearest other points (Euclidean) that share its label, averaged over all points.
///
///     purity = (1/N) Σ_i |{ j ∈ kNN(i) : y_j = y_i }| / k
///
/// 1 means every neighbourhood is a single class (clean clusters); about 1/C for C balanced,
/// fully mixed classes. Ties in distance are broken by the lower index, so the result is exact
/// and deterministic. Cost O(N² D); meant for evaluation sets of a few thousand points.
public func neighbourPurity(of matrix: ActivationMatrix, labels: [Int32], k: Int) -> Double {
    let n = matrix.rowCount, d = matrix.columnCount
    precondition(labels.count == n, "labels must have one entry per row")
    precondition(k > 0 && k < n, "k must be in 1..<rowCount")
    var total = 0.0
    var distances = [Float](repeating: 0, count: n)
    var nearest = [(distance: Float, index: Int)](repeating: (0, 0), count: k)
    matrix.values.withUnsafeBufferPointer { x in
        for i in 0..<n {
            let xi = x.baseAddress! + i * d
            for j in 0..<n {
                let xj = x.baseAddress! + j * d
                var sum: Float = 0
                for c in 0..<d { let diff = xi[c] - xj[c]; sum += diff * diff }
                distances[j] = sum
            }
            // Insertion into a sorted list of the k best (k is small).
            var filled = 0
            for j in 0..<n where j != i {
                let candidate = (distances[j], j)
                if filled == k && !(candidate.0 < nearest[k - 1].distance) { continue }
                var position = filled == k ? k - 1 : filled
                while position > 0 && candidate.0 < nearest[position - 1].distance {
                    nearest[position] = nearest[position - 1]
                    position -= 1
                }
                nearest[position] = candidate
                if filled < k { filled += 1 }
            }
            var same = 0
            for m in 0..<k where labels[nearest[m].index] == labels[i] { same += 1 }
            total += Double(same) / Double(k)
        }
    }
    return total / Double(n)
}
