/// A slice's graph edges as SGD samples (aligned-umap.md §2.5): every stored edge (both
/// directions, CSR order) with its period ε = w_max / w; an edge fires in epoch n when its
/// counter `next ≤ n`. Edges with ε > n_epochs − 1 would never fire and are left out (this
/// replaces umap-learn's explicit-zero quirk, whose effect is within seed noise).
struct EdgeSchedule: Sendable {
    var heads: [Int32] = []
    var tails: [Int32] = []
    /// ε per edge.
    var period: [Float] = []

    init(graph: FuzzyGraph, epochs: Int) {
        let wMax = graph.weights.max() ?? 0
        guard wMax > 0 else { return }
        for r in 0..<graph.count {
            for e in graph.rowStart[r]..<graph.rowStart[r + 1] {
                let w = graph.weights[e]
                guard w > 0 else { continue }
                let eps = Float(Double(wMax) / Double(w))
                if eps > Float(epochs - 1) && epochs > 1 { continue }
                heads.append(Int32(r))
                tails.append(graph.columns[e])
                period.append(eps)
            }
        }
    }
}
