import AlignedUMAP
import Foundation
import LayoutModel
import Runs

/// Turns runs into 2D layouts: reads ready-made layouts as they are, computes the others with
/// AlignedUMAP (one block at a time, one epoch's activations in memory at a time), keeps them in
/// the cache, and orients blocks and runs to match each other.
///
/// One stage value serves one command; it is used from the command's thread only.
public final class LayoutStage {
    /// How layouts are computed and oriented.
    public let options: LayoutOptions
    /// Where computed layouts are kept; nil computes afresh and stores nothing.
    public let cache: LayoutCache?
    /// Written into cache keys and `layout.json`, so a new tool version never reads old layouts.
    public let toolVersion: String
    let progress: any LayoutProgress
    /// Layouts taken from the cache / computed, for the command's report.
    public private(set) var cacheHits = 0
    public private(set) var cacheMisses = 0
    /// Whether the user was told that the cache cannot be written.
    private var cacheWriteWarned = false
    /// Seconds spent computing layouts.
    public private(set) var seconds = 0.0

    public init(options: LayoutOptions, cache: LayoutCache?, toolVersion: String, progress: any LayoutProgress) {
        self.options = options
        self.cache = cache
        self.toolVersion = toolVersion
        self.progress = progress
    }

    /// The AlignedUMAP parameters in use.
    public var parameters: AlignedUMAPParameters { options.parameters }

    /// Parameters as text, for cache keys and the layouts folder's `layout.json`, of a run of
    /// `sampleCount` samples (which decides the `auto` order; the record names the order used).
    public func parameterRecord(sampleCount: Int) -> [String: String] {
        parameterRecord(order: options.order.resolved(sampleCount: sampleCount))
    }

    /// Parameters as text with the epochs optimised in `order` (never `auto`).
    public func parameterRecord(order: LayoutOrder) -> [String: String] {
        let p = parameters
        return [
            "n_neighbors": String(p.nNeighbors), "min_dist": String(p.minDist), "spread": String(p.spread),
            "n_epochs": String(p.nEpochs), "learning_rate": String(p.learningRate),
            "repulsion_strength": String(p.repulsionStrength), "negative_sample_rate": String(p.negativeSampleRate),
            "alignment_regularisation": String(p.alignmentRegularisation),
            "alignment_window": String(p.alignmentWindow), "metric": p.metric.rawValue, "seed": String(p.seed),
            "tool": "nm-render \(toolVersion)", "algorithm": String(AlignedUMAP.algorithmVersion),
            "order": order.rawValue,
        ]
    }

    /// The layouts of `blocks` at `epochs` of one run: read when the run holds 2D layouts,
    /// otherwise computed (or taken from the cache). Blocks of computed layouts are oriented to
    /// match the run's last block when `options.orient` is on.
    ///
    /// Layouts are always computed over every saved epoch of the run and then narrowed to
    /// `epochs`, so a strip of three epochs shows exactly the frames of the video of the whole
    /// run (and both share one cache entry).
    public func layouts(of run: Run, blocks: [String], epochs: [Int]) throws -> LayoutSet {
        if run.kind == .layouts {
            return try run.layoutSet(blocks: blocks, epochs: epochs)
        }
        // Each block faces a canonical direction read from its own last epoch (classes around
        // a circle in label order), so blocks with alike class arrangements face alike, a strip
        // of one block shows it exactly as the video of all blocks does, and no other block is
        // computed for it.
        let labels = run.samples.labels.map(Int.init)
        var computed: [BlockLayout] = []
        for name in blocksComputed(for: run, showing: blocks) {
            let info = try run.blockInfo(named: name)
            var positions = try blockPositions(run: run, block: name, epochs: run.epochs)
            if options.orient {
                positions = LayoutOrientation.canonicallyOriented(positions, labels: labels).stack
            }
            computed.append(BlockLayout(name: name, title: info.title, positions: positions))
        }
        let set = LayoutSet(runName: run.name, epochs: run.epochs, blocks: computed, samples: run.samples,
                            metrics: run.metrics)
        return try set.selecting(epochs: epochs)
    }

    /// Rotates/reflects every run's blocks to match the first run's same block.
    public func orientRuns(_ sets: [LayoutSet]) throws -> [LayoutSet] {
        guard options.orient, sets.count > 1 else { return sets }
        var result = sets
        for b in sets[0].blocks.indices {
            let stacks = sets.map { $0.blocks[b].positions }
            let ids = sets.map { Array(0 ..< $0.sampleCount) }
            let oriented = try LayoutOrientation.orient(stacks, sampleIDs: ids, reference: 0)
            for r in result.indices { result[r].blocks[b].positions = oriented.stacks[r] }
        }
        return result
    }

    // MARK: one block

    func blockPositions(run: Run, block: String, epochs: [Int]) throws -> [[Float]] {
        // Keyed by the inputs' content, never their path (ContentKey.swift).
        let key = try cache.map { try contentKey(run: run, block: block, epochs: epochs, digests: ContentDigest(cache: $0)) }
        if let cache, let key {
            switch cache.load(key, blocks: [block], epochs: epochs, sampleCount: run.sampleCount,
                               parameters: parameterRecord(sampleCount: run.sampleCount)) {
            case let .hit(stacks):
                cacheHits += 1
                progress.note("layout \(run.name)/\(block): from cache")
                return stacks[0]
            case let .damaged(reason):
                progress.warn("warning: layout \(run.name)/\(block): the cache entry \(cache.entry(for: key).path) is damaged (\(reason)); recomputing and replacing it")
            case .miss:
                break
            }
        }
        cacheMisses += 1
        let positions = try compute(run: run, block: block, epochs: epochs)
        if let cache, let key {
            let set = LayoutSet(runName: run.name, epochs: epochs, blocks: [BlockLayout(name: block, positions: positions)],
                                samples: run.samples)
            store(set, under: key, parameters: parameterRecord(sampleCount: run.sampleCount), in: cache)
        }
        return positions
    }

    /// The cache only saves time: a cache that cannot be written never fails the render.
    func store(_ set: LayoutSet, under key: CacheKey, parameters: [String: String], in cache: LayoutCache) {
        do {
            try cache.store(key, set: set, parameters: parameters)
        } catch {
            // Once per command: the same cache fails the same way for every block.
            if !cacheWriteWarned {
                progress.warn("warning: layouts not cached: \(error)")
                cacheWriteWarned = true
            }
        }
    }

    /// Counts a layout read from the cache / computed (for the command's report).
    func count(hit: Bool) {
        if hit { cacheHits += 1 } else { cacheMisses += 1 }
    }

    /// Adds computing time to the report.
    func addSeconds(_ s: Double) { seconds += s }

    private func compute(run: Run, block: String, epochs: [Int]) throws -> [[Float]] {
        let n = run.sampleCount
        let stage = "layout \(run.name)/\(block)"
        progress.begin(stage)
        var umap = AlignedUMAP(parameters: parameters)
        umap.schedule = options.order.schedule(sampleCount: n)
        let reporter = progress
        // One bar for the whole block: neighbour search per epoch, then the optimisation steps.
        // The first epoch's rows set the chained schedule's first-slice epochs; the optimisation
        // events then carry the exact count.
        var total = epochs.count + umap.optimisationSteps(sliceCount: epochs.count, firstSlicePoints: n)
        // The chained schedule searches slices ahead while it optimises earlier ones, so the bar
        // counts searches and optimisation steps done, whatever order they come in.
        var searched = 0, optimised = 0
        let slices = try umap.fit(sliceCount: epochs.count, loadSlice: { m in
            let slice = try run.activations(block: block, epoch: epochs[m], keepingFloat16: true)
            // The next epochs' files are read from disk while this one is searched (wide
            // blocks: hundreds of MB an epoch, otherwise read after the search, on its path).
            run.startReadingActivations(block: block, upcoming: epochs[(m + 1)...])
            return AlignedUMAPSlice(slice, sampleIDs: slice.sampleIndices)
        }, progress: { event in
            switch event {
            case let .neighbours(slice, of):
                searched = slice
                reporter.update(searched + optimised, of: total, detail: "neighbours \(slice)/\(of)")
            case .graph, .initialisation:
                break
            case let .optimisation(epoch, of):
                optimised = epoch
                total = epochs.count + of
                reporter.update(searched + optimised, of: total, detail: "optimising \(epoch)/\(of)")
            }
        })
        seconds += progress.end()
        return slices.map { slice in
            var positions = [Float](repeating: .nan, count: 2 * n)
            for (row, id) in slice.sampleIDs.enumerated() {
                positions[2 * id] = slice.positions[2 * row]
                positions[2 * id + 1] = slice.positions[2 * row + 1]
            }
            return positions
        }
    }
}
