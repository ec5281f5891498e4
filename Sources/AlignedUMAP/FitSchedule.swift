import Dispatch

/// In what order `AlignedUMAP.fit` optimises the slices.
public enum AlignedUMAPSchedule: Sendable, Equatable {
    /// Every slice from its initialisation for all `nEpochs`, all slices together, springs
    /// pulling both ways (umap-learn's `fit`, aligned-umap.md §2.8).
    case joint
    /// One slice after another, as the live mode appends them (see `default` for its figures): the first slice for all
    /// `nEpochs` from its spectral layout, each later slice from its predecessor's optimised
    /// layout for the last `epochs` of the schedule (nil: `AlignedUMAPState.defaultAppendEpochs`),
    /// with springs to the W optimised slices before it, which no longer move. The next
    /// slice's neighbour search runs on another thread meanwhile. `initialisation` is not used.
    case chained(epochs: Int? = nil)

    /// What `fit` uses: `joint`, umap-learn's schedule. `chained()` is the fast alternative
    /// (**deviation**: each slice after the first does 15 % of the epochs, and the optimisation
    /// of one slice overlaps the neighbour search of the next, so both cores are busy; forward
    /// springs do not act, since a slice is final before the next one exists; a batch layout
    /// then equals, bit for bit, the live mode's layout of the same run). The layout stage's `auto`
    /// order (LayoutOrder.swift) uses it for runs of 10,000 samples or more, because its quality
    /// depends on the run's size. On the 10,000 x 40 digits block2 it is 5x
    /// cheaper and at least as good: trust@15 0.9852-0.9861, stability 0.0089-0.0092 over
    /// seeds 0, 1, 2, 42, against 0.983-0.987 and 0.0107-0.0120 jointly. On the 1,000 x 21
    /// digits-wellfit-1k blocks (means over seeds 0, 1, 2, chained / joint) it loses trust:
    /// block1 0.9717 / 0.9708, block2 0.9650 / 0.9700, block3 0.9594 / 0.9652, block4
    /// 0.9653 / 0.9737 (stability 0.1466 / 0.1333), beyond the §5 protocol's margins on
    /// block4; 60 or 100 epochs per slice did not close the gap on block2 (0.9666, 0.9674).
    public static let `default` = AlignedUMAPSchedule.joint
}

extension AlignedUMAP {
    /// Optimisation steps `fit` reports (`AlignedUMAPProgress.optimisation(epoch:of:)`'s `of`)
    /// for `sliceCount` slices: slice-epochs for the chained schedule, epochs for the joint one.
    public func optimisationSteps(sliceCount: Int) -> Int {
        switch schedule {
        case .joint:
            return parameters.nEpochs
        case let .chained(epochs):
            let e = epochs ?? AlignedUMAPState.defaultAppendEpochs(nEpochs: parameters.nEpochs)
            return parameters.nEpochs + max(0, sliceCount - 1) * e
        }
    }

    /// `fit` on the chained schedule: the state grown slice by slice, each new slice optimised
    /// at once; slice m + 1 is loaded and its neighbours searched while slice m is optimised
    /// (reading and converting a wide slice is a large part of its cost, so it overlaps too).
    func fitChained(epochs: Int?, sliceCount: Int, loadSlice: @escaping @Sendable (Int) throws -> AlignedUMAPSlice,
                    progress: ((AlignedUMAPProgress) -> Void)?) throws -> [SliceLayout] {
        guard sliceCount >= 1 else { throw AlignedUMAPError.noSlices }
        var state = try AlignedUMAPState(parameters: parameters, neighbourSearch: neighbourSearch)
        try state.checkAppend(movingTrailing: 0, epochs: epochs)
        let total = optimisationSteps(sliceCount: sliceCount)
        var done = 0
        progress?(.neighbours(slice: 0, of: sliceCount))
        var graph = try state.graph(of: loadSlice(0), previous: nil)
        for m in 0..<sliceCount {
            try state.append(graph: graph, movingTrailing: 0, epochs: epochs)
            if m + 1 < sliceCount {
                progress?(.neighbours(slice: m + 1, of: sliceCount))
                let previous = graph, p = parameters, search = neighbourSearch, threads = state.threads
                graph = try overlapping(threads: threads) {
                    try SliceGraph(slice: loadSlice(m + 1), index: m + 1, parameters: p, search: search, previous: previous,
                                   threads: threads)
                } with: {
                    state.run { _ in done += 1; progress?(.optimisation(epoch: done, of: total)) }
                }
            } else {
                state.run { _ in done += 1; progress?(.optimisation(epoch: done, of: total)) }
            }
        }
        return state.layouts
    }
}

/// Runs `background` on another thread while `foreground` runs on this one, and returns
/// `background`'s result once both are done; with one thread, one after the other. Either
/// way the results are the same, as neither reads what the other writes.
func overlapping<T: Sendable>(threads: Int, _ background: @escaping @Sendable () throws -> T,
                              with foreground: () -> Void) throws -> T {
    if threads <= 1 {
        let result = try background()
        foreground()
        return result
    }
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        box.result = Result { try background() }
        done.signal()
    }
    foreground()
    done.wait()
    return try box.result!.get()
}

/// The result of a background computation. `@unchecked Sendable`: written once by the
/// background thread before it signals, read by the waiting thread only after the signal
/// (the semaphore orders the two).
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
