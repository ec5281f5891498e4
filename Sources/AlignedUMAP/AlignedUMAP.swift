/// AlignedUMAP: 2D layouts of a sequence of slices (e.g. one block's activations per training
/// epoch) that are each faithful to their slice's neighbourhoods and stay put from slice to
/// slice unless the data really moved (aligned-umap.md).
///
/// Stages, one file each: nearest neighbours (`ExactNeighbours`, `NNDescent`), fuzzy graph
/// (`SmoothKNNDistance`, `FuzzyGraph`), a/b (`CurveParameters`), spectral initialisation
/// (`SpectralInitialisation`) with Procrustes chaining (`OrthogonalTransform2D`), springs
/// (`AlignmentSprings`) and the joint SGD (`EdgeSchedule`, `AlignedOptimiser`), driven by the
/// resumable `AlignedUMAPState`, which `fit` builds and runs to the end.
public struct AlignedUMAP: Sendable {
    public var parameters: AlignedUMAPParameters
    /// How nearest neighbours are searched (exact below 4,096 points by default).
    public var neighbourSearch: NeighbourSearch = .automatic
    /// How the slices after the first are initialised (joint schedule only).
    public var initialisation: AlignedUMAPInitialisation = .default
    /// In what order the slices are optimised.
    public var schedule: AlignedUMAPSchedule = .default

    /// Bumped whenever the same input and parameters give different layouts (cache keys
    /// should include it). 2: initialisation through the relation, batched negatives,
    /// warm-started and wide neighbour searches (issue 14). 3: appended slices fine-tune for 15 % of
    /// the schedule instead of half; the chained schedule (issue 14). 4: wide slices' candidates
    /// pooled from neighbours' neighbours in the projection (issue 14). 5: the first slice appended
    /// to a state (the chained schedule's first) gets 300 epochs (of 200) at up to 10,000 points (issue 14).
    /// 6: localised eigenvectors skipped by the spectral layout; appended slices' epochs by neighbour
    /// change, springs to frozen slices twice as strong (issue 14): caches of version 5 held the older layouts.
    /// 7: the chained schedule's opening (`AlignedUMAPState.joinOpening`, issue 14). 8: both ends
    /// of an attraction sample take the step measured before either moved (`AlignedOptimiser`).
    public static let algorithmVersion = 8

    public init(parameters: AlignedUMAPParameters = AlignedUMAPParameters()) {
        self.parameters = parameters
    }

    /// Lays out `sliceCount` slices, loading them one at a time with `loadSlice(index)`; only
    /// one slice's activations are held at once (its neighbour graph is kept, the values are not).
    ///
    /// - Returns: one layout per slice, rows in the slice's order; rows without any graph edge
    ///   are NaN. The same input and parameters give the same bits whatever `threads` is.
    /// - Throws: `AlignedUMAPError` for bad parameters or slices, or whatever `loadSlice` throws.
    ///
    /// `loadSlice` is `@Sendable` because the chained schedule loads slice m + 1 on another
    /// thread while it optimises slice m (the calls still come one at a time, in order).
    public func fit(sliceCount: Int, loadSlice: @escaping @Sendable (Int) throws -> AlignedUMAPSlice,
                    progress: ((AlignedUMAPProgress) -> Void)? = nil) throws -> [SliceLayout] {
        if case let .chained(epochs) = schedule {
            return try fitChained(epochs: epochs, sliceCount: sliceCount, loadSlice: loadSlice, progress: progress)
        }
        var state = try AlignedUMAPState(parameters: parameters, neighbourSearch: neighbourSearch,
                                         initialisation: initialisation, sliceCount: sliceCount, loadSlice: loadSlice, progress: progress)
        let epochs = parameters.nEpochs
        state.run(epochs: epochs) { progress?(.optimisation(epoch: $0 + 1, of: epochs)) }
        return state.layouts
    }
}
