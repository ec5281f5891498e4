import Foundation
import Layout
import LayoutModel
import Runs

/// The runs of one command, laid out and lined up: the same blocks, the same epochs and the same
/// samples in the same order in every run, oriented to match the first run.
struct Comparison {
    var runs: [Run]
    var layouts: [LayoutSet]
    /// Block names, in display order (columns of a video).
    var blocks: [String]
    var epochs: [Int]

    /// Opens `paths`, chooses blocks and epochs from `settings` (default: every block and epoch
    /// of the first run), computes or reads the layouts and lines the runs up. Each run is
    /// opened to read only those blocks and epochs (`focus`); `firstRun` is the first path
    /// already opened so, by a command that chose its defaults from it.
    static func load(paths: [String], variant: String?, settings: Settings, stage: LayoutStage,
                     blocks requested: [String]? = nil, firstRun: Run? = nil) throws -> Comparison {
        guard !paths.isEmpty else { throw CLIError.usage("give at least one run folder") }
        let first = try firstRun ?? Run.open(at: URL(fileURLWithPath: paths[0]), variant: variant) { outline in
            try focus(outline, settings: settings, blocks: requested, runPath: paths[0])
        }
        let runs = try [first] + paths.dropFirst().map {
            try Run.open(at: URL(fileURLWithPath: $0), variant: variant, focus: first.focus)
        }
        let blocks = requested ?? (settings.blocks.isEmpty ? first.blocks.map(\.name) : settings.blocks)
        let epochs = try settings.epochs.select(from: first.epochs, runPath: first.url.path)
        for run in runs {
            for block in blocks { _ = try run.blockInfo(named: block) }
            try EpochSpec.requireSaved(epochs, in: run.epochs, runPath: run.url.path, firstRun: first.url.path)
        }
        // 2 to 4 runs of the same samples are laid out together (already facing alike); more,
        // or --independent-runs, each on its own and then oriented to match the first.
        if try stage.laysOutJointly(runs) {
            let layouts = try lineUpSamples(try stage.jointLayouts(of: runs, blocks: blocks, epochs: epochs), runs: runs)
            return Comparison(runs: runs, layouts: layouts, blocks: blocks, epochs: epochs)
        }
        var layouts = try runs.map { try stage.layouts(of: $0, blocks: blocks, epochs: epochs) }
        layouts = try lineUpSamples(layouts, runs: runs)
        layouts = try stage.orientRuns(layouts)
        return Comparison(runs: runs, layouts: layouts, blocks: blocks, epochs: epochs)
    }

    /// What a command reads of each run, chosen from the first run's outline: the blocks it
    /// shows (every block when `--track auto:N:misclassified` looks for the logits block) at
    /// the epochs it shows.
    static func focus(_ outline: RunOutline, settings: Settings, blocks requested: [String]?, runPath: String) throws -> RunFocus {
        var blocks = requested ?? (settings.blocks.isEmpty ? nil : settings.blocks)
        if case .auto(_, .misclassified) = settings.tracks { blocks = nil }
        let path = URL(fileURLWithPath: runPath).standardizedFileURL.path
        return RunFocus(blocks: blocks, epochs: try settings.epochs.select(from: outline.epochs, runPath: path))
    }

    /// Puts every run's samples in the first run's order (matched by id); runs must hold the same
    /// samples, so that a comparison shows the same points side by side.
    static func lineUpSamples(_ sets: [LayoutSet], runs: [Run]) throws -> [LayoutSet] {
        guard let reference = sets.first else { return sets }
        var result = [reference]
        for (set, run) in zip(sets, runs).dropFirst() {
            if set.samples.ids == reference.samples.ids {
                result.append(set)
                continue
            }
            var index: [String: Int] = [:]
            for (i, id) in set.samples.ids.enumerated() { index[id] = i }
            var order: [Int] = []
            for id in reference.samples.ids {
                guard let i = index[id] else {
                    throw CLIError.data("\(run.url.path) has no sample with id '\(id)', which \(runs[0].url.path) has; runs compared side by side must hold the same samples")
                }
                order.append(i)
            }
            guard set.sampleCount == reference.sampleCount else {
                throw CLIError.data("\(run.url.path) holds \(set.sampleCount) samples and \(runs[0].url.path) holds \(reference.sampleCount); runs compared side by side must hold the same samples")
            }
            result.append(set.selecting(samples: order))
        }
        return result
    }

    /// Class indices chosen by `--classes` (names or indices), nil for all.
    func classSelection(_ names: [String]) throws -> Set<Int>? {
        guard !names.isEmpty else { return nil }
        let classNames = layouts[0].samples.classNames
        return Set(try names.map { name in
            if let i = classNames.firstIndex(of: name) { return i }
            if let i = Int(name), classNames.indices.contains(i) { return i }
            throw CLIError.usage("--classes: no class '\(name)'; classes are \(classNames.joined(separator: ", "))")
        })
    }

    /// Predicted class per sample at the last epoch, from the last block whose width equals the
    /// number of classes (the logits), for `--track auto:N:misclassified`.
    func finalPredictions() throws -> [Int32] {
        let run = runs[0]
        let classCount = run.samples.classNames.count
        guard let logits = run.blocks.last(where: { $0.dimension == classCount && classCount > 2 }),
              let epoch = epochs.last else {
            throw CLIError.usage("--track auto:N:misclassified needs a logits block (a block with one column per class) in \(run.url.path)")
        }
        let slice = try run.activations(block: logits.name, epoch: epoch)
        var predictions = [Int32](repeating: -1, count: run.sampleCount)
        for row in 0 ..< slice.rows {
            var best = 0
            for c in 1 ..< slice.cols where slice.values[row * slice.cols + c] > slice.values[row * slice.cols + best] { best = c }
            predictions[slice.sampleIndices[row]] = Int32(best)
        }
        return predictions
    }
}
