import Foundation

/// In what order `AlignedUMAP.fit` optimises the slices.
public enum AlignedUMAPSchedule: Sendable, Equatable {
    /// Every slice from its initialisation for all `nEpochs`, all slices together, springs
    /// pulling both ways (umap-learn's `fit`, aligned-umap.md §2.8).
    case joint
    /// One slice after another, much as the live mode appends them (see `default` for its figures): the first slice for
    /// `AlignedUMAPState.firstSliceEpochs` from its spectral layout, each later slice from its predecessor's optimised
    /// layout for the last `epochs` of the schedule (nil: `AlignedUMAPState.appendEpochs`, by how much its
    /// neighbourhoods changed), with springs to the W optimised slices before it, which no longer move
    /// (twice as strong, `AlignmentSprings.frozenPartnerFactor`). With `epochs` nil, the first slices whose
    /// neighbourhoods changed more than `AlignedUMAP.openingNeighbourChange` since the slice before join the
    /// first slice's schedule instead (the opening, `AlignedUMAPState.joinOpening`). The next
    /// slice's neighbour search runs on another thread meanwhile. `initialisation` is not used.
    case chained(epochs: Int? = nil)

    /// What `fit` uses: `joint`, umap-learn's schedule. `chained()` is the fast alternative
    /// (**deviation**: each slice after the first does 15 % of the epochs, the first 1.5 times
    /// them up to 10,000 points (`AlignedUMAPState.firstSliceEpochs`), and the optimisation
    /// of one slice overlaps the neighbour search of the next, so both cores are busy; forward
    /// springs do not act after the opening, since a slice is final before the next one exists;
    /// a batch layout without an opening then equals, bit for bit, the run's slices appended
    /// one by one to an `AlignedUMAPState`; the live mode appends them with a shorter first
    /// slice and no opening). The layout stage's `auto`
    /// order (LayoutOrder.swift) uses it for runs of 10,000 samples or more, because its quality
    /// depends on the run's size. On the 10,000 x 40 digits block2 it is 5x
    /// cheaper and at least as good: trust@15 0.9834-0.9863, stability 0.0082-0.0086 over
    /// seeds 0, 1, 2, 42, against 0.983-0.987 and 0.0107-0.0120 jointly. On the 1,000 x 21
    /// digits-wellfit-1k blocks (means over seeds 0, 1, 2, chained / joint) it loses trust:
    /// block1 0.9713 / 0.9708, block2 0.9663 / 0.9700, block3 0.9604 / 0.9652, block4
    /// 0.9649 / 0.9737, beyond the §5 protocol's margins on block4; 60 or 100 epochs per
    /// slice did not close the gap on block2 (0.9666, 0.9674, measured before the first
    /// slice's longer schedule).
    public static let `default` = AlignedUMAPSchedule.joint
}

extension AlignedUMAP {
    /// Optimisation steps `fit` reports (`AlignedUMAPProgress.optimisation(epoch:of:)`'s `of`)
    /// for `sliceCount` slices whose first has `firstSlicePoints` rows: `AlignedUMAPState.run`
    /// steps, i.e. for the chained schedule the first slice's `AlignedUMAPState.firstSliceEpochs`
    /// plus each later slice's epochs, and `nEpochs` for the joint one. For the chained schedule
    /// without fixed epochs this is an estimate: a slice whose neighbourhoods changed much gets
    /// more (`AlignedUMAPState.appendEpochs`), a slice that joins the opening adds none, and the
    /// events' `of` follows as the slices are taken up.
    public func optimisationSteps(sliceCount: Int, firstSlicePoints: Int) -> Int {
        switch schedule {
        case .joint:
            return parameters.nEpochs
        case let .chained(epochs):
            let e = epochs ?? AlignedUMAPState.defaultAppendEpochs(nEpochs: parameters.nEpochs)
            let first = AlignedUMAPState.firstSliceEpochs(nEpochs: parameters.nEpochs, points: firstSlicePoints)
            return first + max(0, sliceCount - 1) * e
        }
    }

    /// How many slices the chained schedule's graphs may be built ahead of the optimisation.
    /// Each holds neighbour lists and edges (about 2 MB at 10,000 points), never activations,
    /// so a few cost little; more than one lets the searches use the first slice's long
    /// optimisation (1.5 x `nEpochs`) too. At 16,384 dimensions a search takes about 2 s of
    /// one core and that optimisation about 7 s, so 3 made the feed wait for it.
    public static let chainedLookahead = 6

    /// The neighbour change (`AlignedUMAPState.neighbourChange`, from the slice before) above
    /// which a slice joins the chained schedule's opening instead of starting from its
    /// predecessor's optimised layout: 12 %, 1.5 times `AlignedUMAPState.typicalNeighbourChange`.
    ///
    /// **Deviation** (quality), chained order only: a slice that starts from its predecessor's
    /// optimised layout keeps that layout's arrangement of clusters, and early in training the
    /// neighbourhoods change too much for that (10,000-sample CNN run, dense block: epoch 1 → 2
    /// 35 %, 2 → 3 17 %); even 200 full-rate epochs from there did not rebuild them. The
    /// opening's slices are optimised together from the first slice's spectral start, as
    /// umap-learn's `fit` does for every slice. On that run cut to its first 3 epochs
    /// (`umap-bench --schedule chained`, `layout_metrics.py --n-sub 1000`), seeds 42 / 0 / 1 / 2,
    /// trust@15 went from 0.9607 / 0.9664 / 0.9647 / 0.9623 to 0.9679 / 0.9658 / 0.9686 / 0.9665
    /// (umap-learn's `fit`, seeds 42 / 0: 0.9712 / 0.9677), stability 0.031-0.033 → 0.029-0.032
    /// (umap-learn 0.039-0.040). The opening costs one more first-slice schedule per joined
    /// slice; at 8 % instead of 12 % the 10,000 x 40 digits block2 (changes 15, 11, 8.8 % over
    /// its first epochs) took four slices into it for 5 s more (32.4 → 37.6 s) at no gain
    /// (trust@15 0.9569 / 0.9543 at seeds 42 / 0, against 0.9594 / 0.9535 without an opening),
    /// at 12 % two, for 1-2 s (trust 0.9551 / 0.9551). The opening's 200 epochs instead of 300
    /// lost seed 0 (0.9629).
    public static let openingNeighbourChange = 1.5 * AlignedUMAPState.typicalNeighbourChange

    /// At most this many slices (the first included) form the chained schedule's opening.
    /// Each joined slice costs the first slice's schedule again, so an opening is bounded.
    public static let openingLimit = 6

    /// `fit` on the chained schedule: the state grown slice by slice, each new slice optimised
    /// at once. With more than one thread, a `SliceGraphFeed` loads the slices and builds their
    /// graphs on another thread, running ahead of the optimisation, so the two overlap: the
    /// optimisation of one slice is a single thread's work, and a wide slice's search (with its
    /// reading) can take longer than it, so the searches must not wait for each optimisation.
    func fitChained(epochs: Int?, sliceCount: Int, loadSlice: @escaping @Sendable (Int) throws -> AlignedUMAPSlice,
                    progress: ((AlignedUMAPProgress) -> Void)?) throws -> [SliceLayout] {
        guard sliceCount >= 1 else { throw AlignedUMAPError.noSlices }
        var state = try AlignedUMAPState(parameters: parameters, neighbourSearch: neighbourSearch)
        try state.checkAppend(movingTrailing: 0, epochs: epochs)
        var total = 0, planned = 0  // the step count reported, and the epochs of the slices appended so far
        var done = 0
        let p = parameters, search = neighbourSearch, threads = state.threads
        // Slice m's graph from its activations, warm-started from slice m − 1's (as `append`).
        let build: @Sendable (Int, SliceGraph?) throws -> SliceGraph = { m, previous in
            try SliceGraph(slice: loadSlice(m), index: m, parameters: p, search: search, previous: previous, threads: threads)
        }
        let feed = threads > 1 ? SliceGraphFeed(sliceCount: sliceCount, lookahead: Self.chainedLookahead, build: build) : nil
        defer { feed?.stop() }
        let least = epochs ?? AlignedUMAPState.defaultAppendEpochs(nEpochs: parameters.nEpochs)
        // Runs the state to the end; the steps it adds are known now, the slices after m counted at their least.
        func optimise(adding steps: Int, after m: Int) {
            planned += steps
            total = planned + (sliceCount - 1 - m) * least
            state.run { _ in done += 1; progress?(.optimisation(epoch: done, of: total)) }
        }
        var previous: SliceGraph?
        for m in 0..<sliceCount {
            progress?(.neighbours(slice: m, of: sliceCount))
            let graph = try feed?.take(m) ?? build(m, previous)
            previous = graph
            if state.isOpening {
                // Fixed epochs never open, so the state has run and is no longer opening.
                if m < Self.openingLimit, state.neighbourChange(to: graph) > Self.openingNeighbourChange {
                    try state.joinOpening(graph: graph)
                    continue
                }
                optimise(adding: state.clock(of: 0).total, after: m - 1)
            }
            try state.append(graph: graph, movingTrailing: 0, epochs: epochs)
            let clock = state.clock(of: m)
            // With fixed epochs the first slice need not wait for the second's graph: there is no opening.
            if m > 0 || epochs != nil { optimise(adding: clock.total - clock.epoch, after: m) }
        }
        if state.isOpening { optimise(adding: state.clock(of: 0).total, after: sliceCount - 1) }
        return state.layouts
    }
}

/// The chained schedule's slice graphs, built in order on a thread of their own, at most
/// `lookahead` slices ahead of the one the optimisation takes next.
///
/// Each graph depends only on its slice and the graph before it, so what is built does not
/// depend on the timing; `take` hands them over in order. A build error is kept and thrown by
/// `take` for that slice (and every later one); `stop()` (also on the way out of an error)
/// lets the thread finish the slice it is on and waits for it, so no `build` call outlives
/// the fit.
///
/// `@unchecked Sendable`: every mutable field is read and written with `condition` locked.
final class SliceGraphFeed: @unchecked Sendable {
    private let condition = NSCondition()
    private var built: [Int: SliceGraph] = [:]
    private var next = 0  // the slice the optimisation takes next
    private var failure: (index: Int, error: any Error)?
    private var stopping = false
    private var running = true

    init(sliceCount: Int, lookahead: Int, build: @escaping @Sendable (Int, SliceGraph?) throws -> SliceGraph) {
        let thread = Thread { [self] in
            var previous: SliceGraph?
            for m in 0..<sliceCount {
                condition.lock()
                while m - next >= lookahead && !stopping { condition.wait() }
                let stop = stopping
                condition.unlock()
                if stop { break }
                do {
                    let graph = try build(m, previous)
                    previous = graph
                    condition.lock()
                    built[m] = graph
                    condition.broadcast()
                    condition.unlock()
                } catch {
                    condition.lock()
                    failure = (m, error)
                    condition.broadcast()
                    condition.unlock()
                    break
                }
            }
            condition.lock()
            running = false
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "nm-render slice graphs"
        thread.stackSize = 8 << 20  // the searches run here; a main-thread-sized stack
        thread.start()
    }

    /// Slice `m`'s graph (slices are taken in order, each once); waits until it is built.
    func take(_ m: Int) throws -> SliceGraph {
        condition.lock()
        defer { condition.unlock() }
        while built[m] == nil && failure == nil && running { condition.wait() }
        if let graph = built.removeValue(forKey: m) {
            next = m + 1
            condition.broadcast()
            return graph
        }
        if let failure, failure.index <= m { throw failure.error }
        throw AlignedUMAPError.noSlices  // unreachable: the thread builds every slice or fails
    }

    /// Stops building after the current slice and waits for the thread to end.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }
}
