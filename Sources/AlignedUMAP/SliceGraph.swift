/// What the layout keeps of one slice once its activations are gone: its fuzzy graph, its
/// sample ids, its connected components and (when there are many components) their centroids
/// in input space, which the spectral initialisation needs (aligned-umap.md §2.1–2.3, §2.7).
struct SliceGraph: Sendable {
    var graph: FuzzyGraph
    var sampleIDs: [Int]
    var components: (label: [Int], count: Int)
    /// `components.count × centroidDims`, row-major; empty unless components > 2·d.
    var centroids: [Double]
    var centroidDims: Int
    /// The slice's k nearest neighbours (self first); kept so the next slice's approximate
    /// search can start from them.
    var neighbours: NeighbourList

    /// Neighbours, fuzzy graph and components of `slice` (validated first).
    ///
    /// - Parameter previous: the neighbour list of the slice before, if any, used as extra
    ///   NN-descent candidates for an approximate search (adjacent epochs share most neighbours).
    init(slice: AlignedUMAPSlice, index m: Int, parameters p: AlignedUMAPParameters, search: NeighbourSearch,
         previous: SliceGraph?, threads: Int) throws(AlignedUMAPError) {
        try slice.validate(index: m, threads: threads)
        let rows = preparedValues(slice, metric: p.metric)
        // Rows of the previous slice's list become candidates only when both slices list the
        // same samples in the same order (the usual case of one block across epochs).
        let warm = previous.flatMap { $0.sampleIDs == slice.sampleIDs ? $0.neighbours : nil }
        neighbours = AlignedUMAP.nearestNeighbours(
            prepared: rows, count: slice.rows, dims: slice.cols, k: p.nNeighbors, metric: p.metric,
            search: search, seed: SeededRandom.mix(p.seed &+ UInt64(m)), threads: threads, warmStart: warm)
        graph = FuzzyGraph(neighbours: neighbours, disconnection: p.metric == .cosine ? 2 : .infinity)
        components = graph.components()
        sampleIDs = slice.sampleIDs
        centroidDims = slice.cols
        centroids = components.count > 2 * SpectralInitialisation.dimensions
            ? componentCentroids(slice, labels: components.label, count: components.count) : []
    }
}

/// Mean input-space row of each component: μ_t = (1/|C_t|) Σ_{i∈C_t} x_i, `count × cols`,
/// row-major (they place the components' anchors when there are many, §2.7).
func componentCentroids(_ slice: AlignedUMAPSlice, labels: [Int], count: Int) -> [Double] {
    let p = slice.cols, values = slice.values
    var centre = [Double](repeating: 0, count: count * p)
    var sizes = [Double](repeating: 0, count: count)
    for r in 0..<slice.rows {
        let t = labels[r]
        sizes[t] += 1
        for c in 0..<p { centre[t * p + c] += Double(values[r * p + c]) }
    }
    for t in 0..<count where sizes[t] > 0 { for c in 0..<p { centre[t * p + c] /= sizes[t] } }
    return centre
}
