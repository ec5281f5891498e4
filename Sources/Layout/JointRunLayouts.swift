import AlignedUMAP
import Foundation
import LayoutModel
import Runs

/// Why runs cannot be laid out the way the flags ask.
public enum JointRunsError: Error, CustomStringConvertible, Equatable {
    case conflictingFlags
    /// `--joint-runs` for runs that do not hold the same samples.
    case differentSamples(first: String, other: String)

    public var description: String {
        switch self {
        case .conflictingFlags:
            return "--joint-runs and --independent-runs contradict each other; give at most one"
        case let .differentSamples(first, other):
            return "--joint-runs: \(other) does not hold the same sample ids as \(first); runs laid out together must hold the same samples (drop --joint-runs)"
        }
    }
}

extension LayoutOptions {
    /// How many runs are laid out together by default: a comparison (2 to 4 runs); more are a
    /// sweep, laid out each on its own (parallel units, one per run and block) unless asked.
    public static let jointRunCounts = 2 ... 4

    /// Whether `runCount` runs are laid out together: never with `--independent-runs` or when
    /// they do not all hold the same samples, always with `--joint-runs`, otherwise for 2 to 4.
    ///
    /// - Parameters:
    ///   - shareSamples: every run holds the same sample ids, and activations (not ready-made layouts).
    ///   - names: the first run and a run that does not share (for the error).
    public func laysOutJointly(runCount: Int, shareSamples: Bool, names: (String, String) = ("", ""))
        throws(JointRunsError) -> Bool {
        if jointRuns && independentRuns { throw .conflictingFlags }
        guard runCount >= 2, !independentRuns else { return false }
        if jointRuns {
            guard shareSamples else { throw .differentSamples(first: names.0, other: names.1) }
            return true
        }
        return shareSamples && Self.jointRunCounts.contains(runCount)
    }
}

extension LayoutStage {
    /// Whether `runs` are laid out together (`LayoutOptions.laysOutJointly`). Runs holding
    /// ready-made 2D layouts are always shown as they are.
    public func laysOutJointly(_ runs: [Run]) throws -> Bool {
        guard let first = runs.first else { return false }
        if runs.contains(where: { $0.kind != .activations }) {
            _ = try options.laysOutJointly(runCount: 1, shareSamples: false)
            return false
        }
        let ids = Set(first.samples.ids)
        let stranger = runs.dropFirst().first { $0.sampleCount != first.sampleCount || Set($0.samples.ids) != ids }
        return try options.laysOutJointly(runCount: runs.count, shareSamples: stranger == nil,
                                          names: (first.url.path, stranger?.url.path ?? ""))
    }

    /// The layouts of `blocks` at `epochs` of several runs of the same samples, computed
    /// together (`JointSliceGrid`): a sample's positions in the runs are tied at each epoch as
    /// far as its neighbourhoods agree, and epochs with identical activations in two runs get
    /// identical layouts. Each block is turned once, by the canonical transform of the first
    /// run's last epoch, and the same turn is applied to every run, so the runs come out
    /// oriented alike (`orientRuns` is not needed and would undo identical epochs).
    public func jointLayouts(of runs: [Run], blocks: [String], epochs: [Int]) throws -> [LayoutSet] {
        let labels = runs[0].samples.labels.map(Int.init)
        var perRun = [[BlockLayout]](repeating: [], count: runs.count)
        for name in blocks {
            var stacks = try jointBlockPositions(runs: runs, block: name)
            if options.orient, let last = stacks[0].last {
                let turn = LayoutOrientation.canonicalTransform(of: last, labels: labels)
                stacks = stacks.map { $0.map { turn.apply(to: $0) } }
            }
            for (r, run) in runs.enumerated() {
                let info = try run.blockInfo(named: name)
                perRun[r].append(BlockLayout(name: name, title: info.title, positions: stacks[r]))
            }
        }
        return try runs.enumerated().map { r, run in
            try LayoutSet(runName: run.name, epochs: run.epochs, blocks: perRun[r], samples: run.samples,
                          metrics: run.metrics).selecting(epochs: epochs)
        }
    }

    /// The layout parameters of a joint layout, for its cache entry and `layout.json`.
    public func jointParameterRecord(runCount: Int) -> [String: String] {
        var record = parameterRecord(order: .together)
        // Runs laid out together always optimise their epochs together: the order is moot.
        record["order"] = nil
        record["run_alignment"] = String(options.runAlignment)
        record["joint_runs"] = String(runCount)
        return record
    }

    /// A joint cache entry holds one block per run (`run0`, `run1`, …) over the union of the
    /// runs' epochs; a run's epochs it does not have are NaN.
    static func jointEntryShape(_ runs: [Run]) -> (epochs: [Int], blocks: [String]) {
        (Array(Set(runs.flatMap(\.epochs))).sorted(), runs.indices.map { "run\($0)" })
    }

    /// Per run, per saved epoch of that run: `block`'s positions, from the cache or computed.
    func jointBlockPositions(runs: [Run], block: String) throws -> [[[Float]]] {
        let key = try cache.map { try jointContentKey(runs: runs, block: block, digests: ContentDigest(cache: $0)) }
        let shape = LayoutStage.jointEntryShape(runs)
        let record = jointParameterRecord(runCount: runs.count)
        let label = "layout \(runs.map(\.name).joined(separator: " + "))/\(block)"
        if let cache, let key {
            switch cache.load(key, blocks: shape.blocks, epochs: shape.epochs, sampleCount: runs[0].sampleCount,
                              parameters: record) {
            case let .hit(stacks):
                count(hit: true)
                progress.note("\(label): from cache")
                return zip(runs, stacks).map { run, stack in
                    run.epochs.map { stack[shape.epochs.firstIndex(of: $0)!] }
                }
            case let .damaged(reason):
                progress.warn("warning: \(label): the cache entry \(cache.entry(for: key).path) is damaged (\(reason)); recomputing and replacing it")
            case .miss:
                break
            }
        }
        count(hit: false)
        let stacks = try computeJoint(runs: runs, block: block, label: label)
        if let cache, let key {
            let n = runs[0].sampleCount
            let blocks = zip(shape.blocks, zip(runs, stacks)).map { name, pair in
                let (run, stack) = pair
                let positions = shape.epochs.map { e in
                    run.epochs.firstIndex(of: e).map { stack[$0] } ?? [Float](repeating: .nan, count: 2 * n)
                }
                return BlockLayout(name: name, positions: positions)
            }
            let set = LayoutSet(runName: runs[0].name, epochs: shape.epochs, blocks: blocks, samples: runs[0].samples)
            store(set, under: key, parameters: record, in: cache)
        }
        return stacks
    }

    private func computeJoint(runs: [Run], block: String, label: String) throws -> [[[Float]]] {
        // One integer per sample id, shared by all runs (the first run's row order).
        var global: [String: Int] = [:]
        for id in runs[0].samples.ids where global[id] == nil { global[id] = global.count }
        let globalOf = runs.map { $0.samples.ids.map { global[$0]! } }
        // Cells with the same files, sample rows and ids hold the same activations.
        let digests = ContentDigest(indexFolder: cache.map { $0.folder.appendingPathComponent("digests") })
        let content: [[String?]] = try runs.enumerated().map { r, run in
            let ids = LayoutStage.idsDigest(run.samples.ids)
            return try epochContent(run: run, block: block, digests: digests).map { "\($0) ids \(ids)" }
        }
        let grid = JointSliceGrid(epochs: runs.map(\.epochs), content: content, runRegularisation: options.runAlignment)
        progress.begin(label)
        let umap = AlignedUMAP(parameters: parameters)
        let reporter = progress
        let total = grid.sliceCount + parameters.nEpochs
        let layouts = try umap.fit(grid: grid, loadSlice: { r, p in
            let slice = try runs[r].activations(block: block, epoch: runs[r].epochs[p], keepingFloat16: true)
            // Slices are taken up epoch after epoch of a run: its next files are read meanwhile.
            runs[r].startReadingActivations(block: block, upcoming: runs[r].epochs[(p + 1)...])
            return AlignedUMAPSlice(slice, sampleIDs: slice.sampleIndices.map { globalOf[r][$0] })
        }, progress: { event in
            switch event {
            case let .neighbours(slice, of):
                reporter.update(slice, of: total, detail: "neighbours \(slice)/\(of)")
            case .graph, .initialisation:
                break
            case let .optimisation(epoch, of):
                reporter.update(grid.sliceCount + epoch, of: total, detail: "optimising \(epoch)/\(of)")
            }
        })
        addSeconds(progress.end())
        return layouts.enumerated().map { r, row in
            var localOf = [Int](repeating: -1, count: global.count)
            for (local, g) in globalOf[r].enumerated() { localOf[g] = local }
            return row.map { slice in
                var positions = [Float](repeating: .nan, count: 2 * runs[r].sampleCount)
                for (row, id) in slice.sampleIDs.enumerated() {
                    let local = localOf[id]
                    positions[2 * local] = slice.positions[2 * row]
                    positions[2 * local + 1] = slice.positions[2 * row + 1]
                }
                return positions
            }
        }
    }
}
