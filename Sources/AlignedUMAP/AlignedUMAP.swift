/// AlignedUMAP: 2D layouts of a sequence of slices (e.g. one block's activations per training
/// epoch) that are each faithful to their slice's neighbourhoods and stay put from slice to
/// slice unless the data really moved (aligned-umap.md).
///
/// Stages, one file each: nearest neighbours (`ExactNeighbours`, `NNDescent`), fuzzy graph
/// (`SmoothKNNDistance`, `FuzzyGraph`), a/b (`CurveParameters`), spectral initialisation
/// (`SpectralInitialisation`) with Procrustes chaining (`OrthogonalTransform2D`), springs
/// (`AlignmentSprings`) and the joint SGD (`EdgeSchedule`, `AlignedOptimiser`).
public struct AlignedUMAP: Sendable {
    public var parameters: AlignedUMAPParameters
    /// How nearest neighbours are searched (exact below 4,096 points by default).
    public var neighbourSearch: NeighbourSearch = .automatic

    public init(parameters: AlignedUMAPParameters = AlignedUMAPParameters()) {
        self.parameters = parameters
    }

    /// Lays out `sliceCount` slices, loading them one at a time with `loadSlice(index)`; only
    /// one slice's activations are held at once (its neighbour graph is kept, the values are not).
    ///
    /// - Returns: one layout per slice, rows in the slice's order; rows without any graph edge
    ///   are NaN. The same input and parameters give the same bits whatever `threads` is.
    /// - Throws: `AlignedUMAPError` for bad parameters or slices, or whatever `loadSlice` throws.
    public func fit(sliceCount: Int, loadSlice: (Int) throws -> AlignedUMAPSlice,
                    progress: ((AlignedUMAPProgress) -> Void)? = nil) throws -> [SliceLayout] {
        let p = parameters
        try p.validate()
        guard sliceCount >= 1 else { throw AlignedUMAPError.noSlices }
        let threads = p.resolvedThreads
        let curve = CurveParameters(minDist: p.minDist, spread: p.spread)

        // 1. Per slice: neighbours, fuzzy graph, components; then the activations go.
        var graphs: [FuzzyGraph] = []
        var sampleIDs: [[Int]] = []
        var components: [(label: [Int], count: Int)] = []
        var centroids: [[Double]] = []
        var centroidDims: [Int] = []
        for m in 0..<sliceCount {
            progress?(.neighbours(slice: m, of: sliceCount))
            let graph: FuzzyGraph
            let slice = try loadSlice(m)
            try slice.validate(index: m)
            let rows = preparedRows(slice, metric: p.metric)
            let neighbours = AlignedUMAP.nearestNeighbours(
                preparedRows: rows, count: slice.rows, dims: slice.cols, k: p.nNeighbors, metric: p.metric,
                search: neighbourSearch, seed: SeededRandom.mix(p.seed &+ UInt64(m)), threads: threads)
            graph = FuzzyGraph(neighbours: neighbours, disconnection: p.metric == .cosine ? 2 : .infinity)
            let comps = graph.components()
            // Centroids place the components when there are many of them (§2.7).
            var centre: [Double] = []
            if comps.count > 2 * SpectralInitialisation.dimensions {
                centre = [Double](repeating: 0, count: comps.count * slice.cols)
                var sizes = [Double](repeating: 0, count: comps.count)
                for r in 0..<slice.rows {
                    let t = comps.label[r]
                    sizes[t] += 1
                    for c in 0..<slice.cols { centre[t * slice.cols + c] += Double(slice.values[r * slice.cols + c]) }
                }
                for t in 0..<comps.count { for c in 0..<slice.cols { centre[t * slice.cols + c] /= sizes[t] } }
            }
            graphs.append(graph)
            sampleIDs.append(slice.sampleIDs)
            components.append(comps)
            centroids.append(centre)
            centroidDims.append(slice.cols)
        }

        // 2. Springs across the window.
        progress?(.graph)
        let springs = AlignmentSprings(graphs: graphs, sampleIDs: sampleIDs, window: p.alignmentWindow,
                                       regularisation: p.alignmentRegularisation)

        // 3. Spectral layout per slice, each rotated/reflected onto the previous one.
        progress?(.initialisation)
        var offsets = [0]
        for ids in sampleIDs { offsets.append(offsets[offsets.count - 1] + 2 * ids.count) }
        var positions = [Float](repeating: 0, count: offsets[sliceCount])
        var previous: [Float] = []
        for m in 0..<sliceCount {
            var rng = SeededRandom.stream(seed: p.seed, purpose: RandomPurpose.spectral.rawValue, index: UInt64(m))
            let spectral = SpectralInitialisation.layout(
                graph: graphs[m], components: components[m], centroids: centroids[m],
                centroidDims: centroidDims[m], rng: &rng, threads: threads)
            var layout = spectral.map { Float($0) }
            if m > 0 {
                var rowOf: [Int: Int] = [:]
                for (r, id) in sampleIDs[m - 1].enumerated() { rowOf[id] = r }
                let pairs = sampleIDs[m].enumerated().compactMap { q, id in rowOf[id].map { (source: q, target: $0) } }
                if let r = OrthogonalTransform2D.procrustes(source: layout, target: previous, pairs: pairs) {
                    layout = r.apply(to: layout)
                }
            }
            for i in layout.indices { positions[offsets[m] + i] = layout[i] }
            previous = layout
        }
        centroids = []

        // 4. Joint SGD.
        let schedules = graphs.map { EdgeSchedule(graph: $0, epochs: p.nEpochs) }
        let optimiser = AlignedOptimiser(a: Float(curve.a), b: Float(curve.b), gamma: Float(p.repulsionStrength),
                                         learningRate: Float(p.learningRate), negativeRate: p.negativeSampleRate,
                                         epochs: p.nEpochs, seed: p.seed, threads: threads)
        optimiser.run(positions: &positions, offsets: offsets, schedules: schedules, springs: springs) { epoch in
            progress?(.optimisation(epoch: epoch + 1, of: p.nEpochs))
        }

        // 5. Rows without edges never moved and mean nothing: NaN, as in umap-learn.
        return (0..<sliceCount).map { m in
            var out = Array(positions[offsets[m]..<offsets[m + 1]])
            let g = graphs[m]
            for r in 0..<g.count where g.rowStart[r] == g.rowStart[r + 1] {
                out[2 * r] = .nan
                out[2 * r + 1] = .nan
            }
            return SliceLayout(sampleIDs: sampleIDs[m], positions: out)
        }
    }
}
