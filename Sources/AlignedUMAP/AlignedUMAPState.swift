/// A resumable AlignedUMAP (after umappp's `Status`): the slices' graphs, springs, epoch
/// schedules and positions, optimised a few epochs at a time, growing by one slice at a time.
///
/// Every slice has its own clock: the epoch it is at and the length of its schedule. A run
/// step gives every slice whose schedule is not finished one epoch (the slices in parallel,
/// springs reading the positions of the step's start); a finished slice is never written again,
/// so its positions stay bit for bit. `AlignedUMAP.fit` is this state built from all slices
/// and run to the end; running it in several calls gives the same bytes as one call.
///
///     var state = try AlignedUMAPState(parameters: p, sliceCount: 40, loadSlice: load)
///     while !state.isFinished {
///         state.run(epochs: 20)                    // k epochs, then look
///         show(state.layout(of: state.sliceCount - 1))
///     }
///     // Live mode: one more epoch of training arrived.
///     try state.append(nextSlice, movingTrailing: 0)   // earlier slices stay exactly put
///     state.run()                                  // optimises only the new slice
///
/// A chained batch fit may start with an opening: slices appended to an empty state and, before
/// anything runs, `joinOpening` more slices, which then all run the first slice's schedule together.
///
/// A value type: copying a state is cheap (copy on write) and gives an independent snapshot
/// that can be resumed separately. `Sendable` because every stored property is.
public struct AlignedUMAPState: Sendable {
    /// The parameters every slice is laid out with.
    public let parameters: AlignedUMAPParameters
    /// How each slice's neighbours are searched.
    public let neighbourSearch: NeighbourSearch

    var slices: [SliceGraph] = []
    var springs: [AlignmentSprings.SliceSprings] = []
    var rowOf: [[Int: Int32]] = []
    /// Per slice, per spring: the partner's x index in `positions` (plus one unused 0).
    var partnerIndex: [[Int]] = []
    var schedules: [EdgeSchedule] = []
    var next: [[Float]] = []
    var nextNegative: [[Float]] = []
    var clocks: [SliceClock] = []
    /// All slices' rows, interleaved x, y; slice m at `offsets[m] ..< offsets[m + 1]`.
    var positions: [Float] = []
    /// `positions` as of the last step's end (springs read it during a step).
    var snapshot: [Float] = []
    var offsets: [Int] = [0]
    /// The runs × epochs grid of a joint layout (`JointSliceGrid`); nil for one run's epochs.
    var grid: JointSliceGrid?
    let optimiser: AlignedOptimiser
    let threads: Int
    /// The first appended slice's epochs when chosen at `init`.
    let firstEpochs: Int?
    /// How many slices the opening holds (see `joinOpening(_:)`): 1 after the first append,
    /// more as slices join it; 0 once a step has run or a slice was appended after it.
    var openingCount = 0

    /// An empty state; add slices with `append`. The first slice appended runs
    /// `firstSliceEpochs` epochs from its spectral layout (nil: `firstSliceEpochs(nEpochs:points:)`,
    /// as the chained `fit`; the live mode asks for `nEpochs`, to show the first epoch sooner).
    public init(parameters: AlignedUMAPParameters = AlignedUMAPParameters(),
                neighbourSearch: NeighbourSearch = .automatic, firstSliceEpochs: Int? = nil) throws(AlignedUMAPError) {
        try parameters.validate()
        if let e = firstSliceEpochs, e < 1 {
            throw AlignedUMAPError.invalidParameter(name: "firstSliceEpochs", value: "\(e)", expected: "an integer >= 1")
        }
        self.parameters = parameters
        self.neighbourSearch = neighbourSearch
        firstEpochs = firstSliceEpochs
        threads = parameters.resolvedThreads
        let curve = CurveParameters(minDist: parameters.minDist, spread: parameters.spread)
        optimiser = AlignedOptimiser(a: Float(curve.a), b: Float(curve.b), gamma: Float(parameters.repulsionStrength),
                                     negativeRate: parameters.negativeSampleRate)
    }

    /// A state holding all `sliceCount` slices, initialised as `initialisation` says (by default
    /// the first slice's spectral layout, carried to each later slice through the relation),
    /// every slice at epoch 0 of `nEpochs`.
    ///
    /// Slices are loaded one at a time with `loadSlice(index)`; only their graphs are kept.
    /// With a `grid` (several runs laid out jointly), `sliceCount` must be `grid.sliceCount`,
    /// slice u holds the activations of `grid.sliceCell[u]`, springs follow the grid and each
    /// slice starts from `grid.initialParent(of:)`; such a state cannot `append`.
    public init(parameters: AlignedUMAPParameters = AlignedUMAPParameters(), neighbourSearch: NeighbourSearch = .automatic,
                initialisation: AlignedUMAPInitialisation = .default, grid: JointSliceGrid? = nil,
                sliceCount: Int, loadSlice: (Int) throws -> AlignedUMAPSlice,
                progress: ((AlignedUMAPProgress) -> Void)? = nil) throws {
        try self.init(parameters: parameters, neighbourSearch: neighbourSearch)
        guard sliceCount >= 1 else { throw AlignedUMAPError.noSlices }
        if let grid, grid.sliceCount != sliceCount {
            throw AlignedUMAPError.invalidParameter(name: "sliceCount", value: "\(sliceCount)",
                                                    expected: "the grid's slice count (\(grid.sliceCount))")
        }
        self.grid = grid
        for m in 0..<sliceCount {
            progress?(.neighbours(slice: m, of: sliceCount))
            try addGraph(loadSlice(m))
        }
        progress?(.graph)
        for m in 0..<sliceCount { rebuildSprings(of: m) }
        progress?(.initialisation)
        for m in 0..<sliceCount {
            var layout: [Float]
            // The slice it starts from: the one before, or the grid's choice (always an earlier slice).
            let parent = grid.map { $0.initialParent(of: m) } ?? (m > 0 ? m - 1 : nil)
            let previous = parent.map { Array(positions[offsets[$0]..<offsets[$0 + 1]]) } ?? []
            if let parent, initialisation == .fromPrevious {
                layout = SliceInitialisation.fromPrevious(slices[m], previous: previous, previousIDs: slices[parent].sampleIDs,
                                                          seed: parameters.seed, index: m)
            } else {
                layout = SliceInitialisation.spectral(slices[m], seed: parameters.seed, index: m, threads: threads)
                if let parent {
                    layout = SliceInitialisation.procrustesAligned(layout, sampleIDs: slices[m].sampleIDs, onto: previous,
                                                                   previousIDs: slices[parent].sampleIDs)
                }
            }
            positions.append(contentsOf: layout)
            schedule(m, from: 0)
        }
        snapshot = positions
    }

    // MARK: reading

    /// Number of slices held.
    public var sliceCount: Int { slices.count }

    /// True when every slice has finished its schedule (`run` then does nothing).
    public var isFinished: Bool { clocks.allSatisfy { !$0.isActive } }

    /// Epochs `run` still needs until every slice is finished.
    public var remainingEpochs: Int { clocks.map { max(0, $0.total - $0.epoch) }.max() ?? 0 }

    /// The epoch slice `m` is at and the length of its current schedule.
    public func clock(of m: Int) -> (epoch: Int, total: Int) { (clocks[m].epoch, clocks[m].total) }

    /// Slice `m`'s current layout, rows in its input order; rows without any graph edge are NaN.
    public func layout(of m: Int) -> SliceLayout {
        var out = Array(positions[offsets[m]..<offsets[m + 1]])
        let g = slices[m].graph
        for r in 0..<g.count where g.rowStart[r] == g.rowStart[r + 1] {
            out[2 * r] = .nan
            out[2 * r + 1] = .nan
        }
        return SliceLayout(sampleIDs: slices[m].sampleIDs, positions: out)
    }

    /// Every slice's current layout.
    public var layouts: [SliceLayout] { (0..<sliceCount).map(layout(of:)) }

    // MARK: optimising

    /// Runs up to `epochs` steps; each step gives every unfinished slice one epoch.
    /// `epochDone(step)` (0-based, counting within this call) is called after each step.
    public mutating func run(epochs: Int = .max, epochDone: ((Int) -> Void)? = nil) {
        var step = 0
        while step < epochs {
            let active = clocks.indices.filter { clocks[$0].isActive }
            if active.isEmpty { break }
            self.step(active)
            openingCount = 0
            epochDone?(step)
            step += 1
        }
    }

    /// One epoch of each slice in `active`, in parallel; the snapshot follows afterwards.
    private mutating func step(_ active: [Int]) {
        let p = parameters
        let optimiser = self.optimiser, seed = p.seed, lr = Float(p.learningRate)
        let offsets = self.offsets, clocksNow = self.clocks, schedules = self.schedules
        let springs = self.springs, partnerIndex = self.partnerIndex
        positions.withUnsafeMutableBufferPointer { live in
        snapshot.withUnsafeBufferPointer { snap in
        next.withUnsafeMutableBufferPointer { nx in
        nextNegative.withUnsafeMutableBufferPointer { nn in
            let y = SharedMutableBuffer(live), frozen = SharedBuffer(snap)
            let nextShared = SharedMutableBuffer(nx), negShared = SharedMutableBuffer(nn)
            // Task t writes only slice active[t]'s rows and counters.
            parallelChunks(active.count, chunkSize: 1, threads: threads) { range in
                for t in range {
                    let m = active[t]
                    let rows = (offsets[m + 1] - offsets[m]) / 2
                    let clock = clocksNow[m]
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, rows * SpringPull.stride))
                    defer { scratch.deallocate() }
                    springs[m].start.withUnsafeBufferPointer { st in
                    partnerIndex[m].withUnsafeBufferPointer { pi in
                    springs[m].kappa.withUnsafeBufferPointer { kp in
                    nextShared.base[m].withUnsafeMutableBufferPointer { nxm in
                    negShared.base[m].withUnsafeMutableBufferPointer { nnm in
                        let pull = SpringPull(rows: rows, start: st.baseAddress!, position: pi.baseAddress!,
                                              kappa: kp.baseAddress ?? UnsafePointer(scratch), snapshot: frozen.base,
                                              scratch: scratch)
                        var rng = SeededRandom.stream(seed: seed, purpose: RandomPurpose.optimiser.rawValue,
                                                      index: clock.streamIndex(slice: m))
                        optimiser.epoch(clock.epoch, alpha: AlignedOptimiser.alpha(epoch: clock.epoch, of: clock.total, learningRate: lr),
                                        y: y.base + offsets[m], rows: rows, schedule: schedules[m],
                                        next: nxm.baseAddress ?? scratch, nextNegative: nnm.baseAddress ?? scratch,
                                        pull: pull, rng: &rng)
                    }}}}}
                }
            }
        }}}}
        for m in active {
            clocks[m].epoch += 1
            snapshot.replaceSubrange(offsets[m]..<offsets[m + 1], with: positions[offsets[m]..<offsets[m + 1]])
        }
    }

    // MARK: growing

    /// Adds one slice after the last: its neighbour graph, its initial layout through the
    /// relation to the last slice (a sample starts where it was there; §2.9), springs between it
    /// and the `alignmentWindow` slices before it, and a schedule of `epochs` epochs. The next
    /// `run` optimises it.
    ///
    /// - Parameters:
    ///   - movingTrailing: how many of the slices before it may move too (their schedules
    ///     restart at the same point as the new slice's, with fresh random streams); 0 keeps
    ///     every earlier slice exactly where it is.
    ///   - epochs: how many epochs the new (and reopened) slices get: the last `epochs` of the
    ///     `nEpochs` schedule, i.e. step sizes from α₀·epochs/nEpochs down to 0. Defaults to
    ///     `defaultAppendEpochs(nEpochs:)`: a slice starting from its aligned neighbour's layout
    ///     needs only the fine-tuning end of the schedule (a full-size first step would throw
    ///     the good start away). The very first slice of an empty state always gets the full
    ///     schedule from a spectral layout.
    /// - Cost: one slice's neighbour search, graph and springs, plus W slices' springs rebuilt;
    ///   nothing proportional to the number of slices held except copying the position array.
    public mutating func append(_ slice: AlignedUMAPSlice, movingTrailing: Int = 0, epochs: Int? = nil) throws {
        try checkAppend(movingTrailing: movingTrailing, epochs: epochs)
        try append(graph: graph(of: slice, previous: slices.last), movingTrailing: movingTrailing, epochs: epochs)
    }

    /// The epochs a slice appended after the first gets by default: the last 15 % of the
    /// `nEpochs` schedule (30 of 200), starting at step size 0.15·α₀.
    ///
    /// **Deviation** (speed): umap-learn's `update` gives the new slice all n_epochs, and its
    /// `fit` optimises every slice for all n_epochs. A slice starting from its optimised
    /// neighbour's layout only needs to fine-tune. On the 10,000 x 40 digits block2 (seed 42,
    /// `umap-bench --append --append-epochs E`, `layout_metrics.py`), chained slices gave
    /// trust@15 / stability 0.9859 / 0.0089 with 30 epochs, 0.9866 / 0.0098 with 50 and
    /// 0.9871 / 0.0097 with 100, against 0.9868 / 0.0107 for the joint 200-epoch fit: fewer
    /// epochs cost a little trust (bar 0.9779) and move points less between epochs.
    public static func defaultAppendEpochs(nEpochs n: Int) -> Int { max(1, (3 * n) / 20) }

    /// The epochs `append` gives a slice after the first when none are asked for:
    /// e = clamp(e₀ · c / c₀, e₀, n/2), where e₀ = `defaultAppendEpochs`, c is the fraction of
    /// each point's neighbours that differ from the previous slice's (`neighbourChange`) and
    /// c₀ = `typicalNeighbourChange`. Adjacent epochs late in training change 4-6 % of the 15
    /// neighbours and keep e₀; early epochs change far more (10k-sample CNN, dense block:
    /// epoch 1 → 2 35 %, 2 → 3 17 %; digits MLP block2: 1 → 2 15 %) and a slice that starts
    /// from a layout of such different neighbourhoods needs longer to rebuild them.
    ///
    /// **Deviation** (quality), chained order only (umap-learn gives every slice n_epochs
    /// jointly): on the CNN run cut to its first 3 epochs, seeds 42 / 0 / 1 / 2, trust@15 went
    /// from 0.9599 / 0.9616 / 0.9605 / 0.9616 (e₀ for every slice) to 0.9646 / 0.9640 / 0.9638 /
    /// 0.9631, against umap-learn's 0.9671 / 0.9703 (seeds 42 / 0), with the one-sided springs
    /// of `AlignmentSprings.frozenPartnerFactor` (stability 0.030-0.032, umap-learn's
    /// 0.038-0.040). Without the cap at n/2 the first of those slices got 131 epochs, for
    /// 0.0005 more trust.
    public static func appendEpochs(nEpochs n: Int, changed c: Double) -> Int {
        let base = defaultAppendEpochs(nEpochs: n)
        let wanted = (Double(base) * min(max(c, 0), 1) / typicalNeighbourChange).rounded()
        return min(max(base, n / 2), max(base, Int(wanted)))
    }

    /// The neighbour change at which `appendEpochs` starts adding epochs: 8 % of a point's
    /// neighbours. The 10k x 40 digits block2 passes it only over its first three epochs.
    public static let typicalNeighbourChange = 0.08

    /// Fraction of the neighbours (self excluded) of the samples both slices hold that `next`
    /// does not share with `previous`, matched by sample id; 0 when nothing can be compared
    /// (no shared samples, or the previous slice's list is gone).
    static func neighbourChange(from previous: SliceGraph, rowOf previousRow: [Int: Int32], to next: SliceGraph) -> Double {
        let k = next.neighbours.k
        guard previous.neighbours.k == k, k > 1, previous.neighbours.count == previous.sampleIDs.count,
              next.neighbours.count == next.sampleIDs.count else { return 0 }
        var hits = 0, total = 0
        var mine = Set<Int>(minimumCapacity: k)
        for (i, id) in next.sampleIDs.enumerated() {
            guard let p = previousRow[id].map(Int.init) else { continue }
            mine.removeAll(keepingCapacity: true)
            for c in 1..<k where next.neighbours.indices[i * k + c] >= 0 {
                mine.insert(next.sampleIDs[Int(next.neighbours.indices[i * k + c])])
            }
            for c in 1..<k where previous.neighbours.indices[p * k + c] >= 0 {
                total += 1
                if mine.contains(previous.sampleIDs[Int(previous.neighbours.indices[p * k + c])]) { hits += 1 }
            }
        }
        return total > 0 ? 1 - Double(hits) / Double(total) : 0
    }

    /// The epochs of the first slice appended to an empty state (from its spectral layout):
    /// 1.5 · `nEpochs` (300 of 200) for at most 10,000 points, `nEpochs` above.
    ///
    /// **Deviation** (quality): umap-learn's `AlignedUMAP.fit` gives every slice 200 epochs,
    /// jointly. The first appended slice has no partner yet: it is a plain UMAP, and
    /// umap-learn's `UMAP` gives data of up to 10,000 points 500 epochs and larger data 200
    /// (its `n_epochs=None` rule; small graphs have fewer edge samples per epoch). Later
    /// slices start from it, so its quality is theirs. On the first epoch of the 10,000-sample
    /// CNN run's dense block (`bench/make_cnn_run.py`), trust@15 over seeds 0, 1, 2, 42 was
    /// 0.9368-0.9520 (mean 0.9471) with 200 epochs, 0.9515-0.9539 (0.9531) with 300 and
    /// 0.9550-0.9574 (0.9557) with 500 (umap-learn's `UMAP`: 0.9617). 300 keeps most of the
    /// gain at 40 % of the added time: on the 10,000 x 40 block2 500 epochs made
    /// `nm-render layout` 5.7-8 s slower (33 s before), which issue 14's 50x bound cannot spare.
    public static func firstSliceEpochs(nEpochs n: Int, points: Int) -> Int {
        points <= 10_000 ? (3 * n) / 2 : n
    }

    /// Throws when `append` would be given an epoch count outside the schedule or a negative
    /// number of trailing slices.
    func checkAppend(movingTrailing: Int, epochs: Int?) throws(AlignedUMAPError) {
        let n = parameters.nEpochs
        let e = epochs ?? AlignedUMAPState.defaultAppendEpochs(nEpochs: n)
        guard e >= 1 && e <= n else {
            throw AlignedUMAPError.invalidParameter(name: "epochs", value: "\(e)", expected: "an integer from 1 to n_epochs (\(n))")
        }
        guard grid == nil else {
            throw AlignedUMAPError.invalidParameter(name: "append", value: "a joint (several runs) state",
                                                    expected: "a state of one run's epochs")
        }
        guard movingTrailing >= 0 else {
            throw AlignedUMAPError.invalidParameter(name: "movingTrailing", value: "\(movingTrailing)", expected: "an integer >= 0")
        }
    }

    /// The neighbours and graph of `slice` as the next slice after `previous` (whose neighbour
    /// list warm-starts the search).
    func graph(of slice: AlignedUMAPSlice, previous: SliceGraph?) throws(AlignedUMAPError) -> SliceGraph {
        try SliceGraph(slice: slice, index: slices.count, parameters: parameters, search: neighbourSearch,
                       previous: previous, threads: threads)
    }

    /// `append` of a slice whose graph is already built (as `graph(of:previous:)` builds it,
    /// `previous` the state's last slice; `fit`'s chained schedule builds it on another thread).
    mutating func append(graph: SliceGraph, movingTrailing: Int = 0, epochs: Int? = nil) throws(AlignedUMAPError) {
        try checkAppend(movingTrailing: movingTrailing, epochs: epochs)
        let n = parameters.nEpochs
        let first = sliceCount == 0
        let e = epochs ?? (first ? Self.defaultAppendEpochs(nEpochs: n) : Self.appendEpochs(nEpochs: n, changed: neighbourChange(to: graph)))
        let total = first ? firstEpochs ?? Self.firstSliceEpochs(nEpochs: n, points: graph.sampleIDs.count) : n
        store(graph, epochs: total)
        openingCount = first ? 1 : 0
        let m = sliceCount - 1
        let layout: [Float]
        if m == 0 {
            layout = SliceInitialisation.spectral(slices[0], seed: parameters.seed, index: 0, threads: threads)
        } else {
            layout = SliceInitialisation.fromPrevious(
                slices[m], previous: Array(positions[offsets[m - 1]..<offsets[m]]),
                previousIDs: slices[m - 1].sampleIDs, seed: parameters.seed, index: m)
        }
        positions.append(contentsOf: layout)
        snapshot.append(contentsOf: layout)
        // The new slice reaches back W slices, and those W slices now reach it.
        for c in max(0, m - parameters.alignmentWindow)...m { rebuildSprings(of: c, frozenBelow: m - movingTrailing) }
        let start = first ? 0 : n - e
        schedule(m, from: start, of: total)
        for c in max(0, m - movingTrailing)..<m {
            // A reopened slice (the first one too) runs the end of the common schedule.
            clocks[c] = SliceClock(epoch: start, total: n, generation: clocks[c].generation + 1)
            resetCounters(c, from: start)
        }
    }

    /// True while slices can join the opening: slices were appended to an empty state and
    /// joined it, and nothing has run yet.
    public var isOpening: Bool { openingCount > 0 && openingCount == sliceCount }

    /// Adds `slice` to the opening: it starts from the previous slice's start through the
    /// relation (§2.9) and runs the first slice's whole schedule from epoch 0 together with
    /// it, springs pulling both ways, as umap-learn's `fit` optimises all its slices (§2.8).
    ///
    /// For the first epochs of a run, whose neighbourhoods change too much for a slice to
    /// start from its predecessor's optimised layout (see `AlignedUMAP.openingNeighbourChange`).
    /// Throws unless `isOpening`.
    public mutating func joinOpening(_ slice: AlignedUMAPSlice) throws {
        try checkOpening()
        try joinOpening(graph: graph(of: slice, previous: slices.last))
    }

    /// `joinOpening(_:)` of a slice whose graph is already built (`previous` the state's last slice).
    mutating func joinOpening(graph: SliceGraph) throws(AlignedUMAPError) {
        try checkOpening()
        let total = clocks[0].total
        store(graph, epochs: total)
        openingCount += 1
        let m = sliceCount - 1
        let layout = SliceInitialisation.fromPrevious(
            slices[m], previous: Array(positions[offsets[m - 1]..<offsets[m]]),
            previousIDs: slices[m - 1].sampleIDs, seed: parameters.seed, index: m)
        positions.append(contentsOf: layout)
        snapshot.append(contentsOf: layout)
        // Every slice of the opening moves, so no spring is one-sided.
        for c in max(0, m - parameters.alignmentWindow)...m { rebuildSprings(of: c) }
        schedule(m, from: 0, of: total)
    }

    private func checkOpening() throws(AlignedUMAPError) {
        guard isOpening else {
            throw AlignedUMAPError.invalidParameter(name: "joinOpening", value: "a state that has run or has slices after its opening",
                                                    expected: "a state whose slices have all joined its opening and not run yet")
        }
    }

    /// The fraction of its neighbours (`neighbourChange(from:rowOf:to:)`) that `graph` does not
    /// share with the state's last slice; 0 for an empty state.
    func neighbourChange(to graph: SliceGraph) -> Double {
        guard let last = slices.last else { return 0 }
        return Self.neighbourChange(from: last, rowOf: rowOf[rowOf.count - 1], to: graph)
    }

    /// Neighbours and graph of a new last slice. Only the last slice's neighbour list is kept
    /// (to warm-start the next search).
    private mutating func addGraph(_ slice: AlignedUMAPSlice) throws {
        store(try graph(of: slice, previous: slices.last), epochs: parameters.nEpochs)
    }

    /// Makes `graph` the new last slice (not yet placed or scheduled), its edges scheduled
    /// for a schedule of `epochs` epochs.
    private mutating func store(_ graph: SliceGraph, epochs: Int) {
        let m = slices.count
        if m > 0 { slices[m - 1].neighbours = NeighbourList(count: 0, k: 0, indices: [], distances: []) }
        slices.append(graph)
        offsets.append(offsets[m] + 2 * graph.sampleIDs.count)
        rowOf.append(AlignmentSprings.rowIndex(graph.sampleIDs))
        springs.append(AlignmentSprings.SliceSprings(start: [Int32](repeating: 0, count: graph.sampleIDs.count + 1),
                                                     partnerSlice: [], partnerRow: [], kappa: []))
        partnerIndex.append([0])
        schedules.append(EdgeSchedule(graph: graph.graph, epochs: epochs))
        next.append([])
        nextNegative.append([])
        clocks.append(SliceClock(epoch: epochs, total: epochs, generation: 0))
    }

    /// Rebuilds slice `m`'s springs. Slices below `frozenBelow` no longer move (see
    /// `AlignmentSprings.slice(_:graphs:sampleIDs:rowOf:window:regularisation:frozenBelow:)`).
    private mutating func rebuildSprings(of m: Int, frozenBelow: Int = 0) {
        if let grid {
            springs[m] = AlignmentSprings.slice(m, partners: grid.partners(of: m, window: parameters.alignmentWindow,
                                                                           regularisation: parameters.alignmentRegularisation),
                                                graphs: slices.map(\.graph), sampleIDs: slices.map(\.sampleIDs), rowOf: rowOf)
        } else {
            springs[m] = AlignmentSprings.slice(m, graphs: slices.map(\.graph), sampleIDs: slices.map(\.sampleIDs), rowOf: rowOf,
                                                window: parameters.alignmentWindow,
                                                regularisation: parameters.alignmentRegularisation, frozenBelow: frozenBelow)
        }
        let s = springs[m]
        let offsets = self.offsets
        // One unused trailing entry, so the array always has a base address for the optimiser.
        partnerIndex[m] = (0..<s.kappa.count).map { offsets[Int(s.partnerSlice[$0])] + 2 * Int(s.partnerRow[$0]) } + [0]
    }

    /// Puts slice `m` at epoch `start` of a fresh schedule of `total` epochs (`nEpochs` by default).
    private mutating func schedule(_ m: Int, from start: Int, of total: Int? = nil) {
        clocks[m] = SliceClock(epoch: start, total: total ?? parameters.nEpochs, generation: clocks[m].generation)
        resetCounters(m, from: start)
    }

    /// Counters as at the start of a schedule shifted to begin at epoch `start`: an edge of
    /// period ε first fires at start + ε, its negatives are counted from start + ε/rate (§2.5).
    private mutating func resetCounters(_ m: Int, from start: Int) {
        let s = Float(start), rate = Float(parameters.negativeSampleRate)
        next[m] = schedules[m].period.map { s + $0 }
        nextNegative[m] = schedules[m].period.map { rate > 0 ? s + $0 / rate : 0 }
    }
}

/// How `AlignedUMAPState(sliceCount:...)` (and so `fit`) starts the slices after the first.
public enum AlignedUMAPInitialisation: Sendable, Equatable {
    /// Each slice's own spectral layout, rotated or reflected onto the previous slice
    /// (umap-learn's `fit`, aligned-umap.md §2.7).
    case spectral
    /// Only the first slice gets a spectral layout; each later slice starts from the previous
    /// slice's start through the relation (umap-learn's `update` initialisation, §2.9).
    case fromPrevious

    /// What `fit` uses: `fromPrevious`. **Deviation** from umap-learn's `fit` (which uses
    /// `spectral`), for quality and speed: on the 10,000 x 40 digits block2 (seed 42) it gave
    /// trust@15 0.9856 and stability 0.0109 against 0.9755 and 0.0319 with per-slice spectral
    /// layouts, whose early epochs start far from their neighbours' layouts (spectral layouts
    /// of successive epochs differ by more than a rotation) and never fully recover within 200
    /// epochs; and it computes one eigenproblem instead of one per slice (init 15.9 s → < 1 s).
    public static let `default` = AlignedUMAPInitialisation.fromPrevious
}

/// Where one slice is in its schedule. `generation` counts restarts (each gets fresh streams).
struct SliceClock: Sendable, Equatable {
    var epoch: Int
    var total: Int
    var generation: Int

    var isActive: Bool { epoch < total }

    /// The random stream of this slice-epoch. Generation 0 keeps the index of the first
    /// implementation, so batch results did not change when the state was introduced.
    func streamIndex(slice m: Int) -> UInt64 {
        (UInt64(m) &* 1_000_003 &+ UInt64(epoch)) ^ (UInt64(generation) << 48)
    }
}
