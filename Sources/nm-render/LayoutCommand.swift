import ArgumentParser
import Foundation
import Layout
import LayoutModel
import Runs

struct LayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "Compute the aligned 2D layouts of runs' blocks (AlignedUMAP) and cache or save them.",
        discussion: """
            Each block's layouts are computed jointly over the epochs so that points stay put \
            unless the network really moved them. Results go to the layout cache, so a later \
            `video` or `strip` of the same run and parameters starts at once; --out also writes a \
            layouts folder (per block float32 [E, N, 2], epochs, labels, classes, ids, metrics and \
            the parameters in layout.json) that `inspect`, `video` and `strip` read directly and \
            Python reads with np.load.

            Examples:
              nm-render layout runs/wellfit
              nm-render layout runs/wellfit --block layer3 --block layer4 --out layouts/wellfit
              nm-render layout runs/wellfit --n-neighbors 30 --min-dist 0.3 --alignment 0.05 --seed 7
              nm-render layout runs/wellfit --block layer4 --cache /shared/nm-cache --threads 2
              nm-render layout runs/wellfit runs/overfit --out layouts/   # layouts/<run name>/ each

            Several runs of the same samples (2 to 4, or more with --joint-runs) are laid out \
            together, as `video` and `strip` lay them out; with several runs --out DIR gets one \
            layouts folder per run, named by run name (made safe for the file system; a \
            repeated name gets -2, -3, ...). With one run, DIR is the layouts folder.

            With --out, --epochs chooses the saved epochs written (layouts are always computed \
            over every saved epoch, so they match the video's).

            Without --out, each block is computed into the cache and nothing else: \
            `nm-render layout RUN --block B --cache DIR --threads N` is the unit of work of a \
            sweep (see `nm-render plan`). Many machines may write to one shared cache folder \
            at once; entries appear whole, keyed by the arrays' content, not their path.

            \(SettingFlags.helpSection(for: .layout))
            """
    )

    @Argument(help: ArgumentHelp("The activations run folder (several: laid out together when they hold the same samples).", valueName: "run"))
    var runPaths: [String]

    @Option(name: .customLong("block"), help: ArgumentHelp("A block to lay out (repeat for several; default: all).", valueName: "name"))
    var blocks: [String] = []

    @Option(help: ArgumentHelp("Also write the layouts as a layouts folder here (several runs: one folder per run in it).", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("NeuroMapper folders: the variant to read.", valueName: "name"))
    var variant: String?

    @OptionGroup var cacheFlags: CacheFlags
    @OptionGroup var presets: PresetOptions
    @OptionGroup var report: ReportFlags

    func run() throws {
        guard !runPaths.isEmpty else { throw CLIError.usage("give at least one run folder") }
        let settings = try presets.resolve()
        let progress = ProgressReporter(quiet: report.quiet)
        let runs = try runPaths.map { try Run.open(at: URL(fileURLWithPath: $0), variant: variant) }
        let first = runs[0]
        let chosenBlocks = blocks.isEmpty ? first.blocks.map(\.name) : blocks
        let chosenEpochs = try settings.epochs.select(from: first.epochs, runPath: first.url.path)
        for run in runs {
            for name in chosenBlocks { _ = try run.blockInfo(named: name) }
            try EpochSpec.requireSaved(chosenEpochs, in: run.epochs, runPath: run.url.path, firstRun: first.url.path)
        }
        let stage = LayoutStage(settings: settings, cache: cacheFlags.layoutCache, progress: progress)
        let joint = try stage.laysOutJointly(runs)
        let destinations = try outputFolders(for: runs)

        var summary = RunReport(command: "layout")
        if destinations == nil && stage.cache != nil {
            // Only caching: each block is one unit of work, computed alone (the orientation
            // that a render or --out applies needs no stored layouts of its own), so a
            // scheduler's `layout RUN --block B` tasks never repeat each other's work.
            for name in chosenBlocks {
                if joint {
                    try stage.cacheJointLayouts(of: runs, block: name)
                } else {
                    for run in runs { try stage.cacheLayouts(of: run, block: name) }
                }
            }
            summary.record(stage)
        } else {
            let layouts = joint ? try stage.jointLayouts(of: runs, blocks: chosenBlocks, epochs: chosenEpochs)
                : try runs.map { try stage.layouts(of: $0, blocks: chosenBlocks, epochs: chosenEpochs) }
            summary.record(stage)
            for (r, run) in runs.enumerated() {
                guard let outURL = destinations?[r] else { continue }
                // Ready-made layouts keep the parameters they came with; only computed ones get ours.
                let parameters = run.kind == .layouts ? run.layoutParameters
                    : joint ? stage.jointParameterRecord(runCount: runs.count) : stage.parameterRecord(sampleCount: run.sampleCount)
                try LayoutsFolderWriter.write(layouts[r], parameters: parameters, to: outURL)
                summary.addOutput(outURL, kind: "layouts")
                progress.note("wrote \(outURL.path)")
            }
        }
        if report.json { summary.printJSON() }
    }

    /// Where each run's layouts folder goes: `--out` itself for one run, else a folder per run
    /// inside it (created if missing), named by `RunFolderNames`; nil without --out. Checked
    /// before the long computation, so a destination that cannot be written fails at once.
    func outputFolders(for runs: [Run]) throws -> [URL]? {
        guard let out else { return nil }
        let outURL = URL(fileURLWithPath: out)
        if runs.count == 1 {
            try OutputDestination.check(outURL, kind: .layouts, inputs: runPaths)
            return [outURL]
        }
        let folders = RunFolderNames.names(for: runs.map(\.name)).map { outURL.appendingPathComponent($0) }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: outURL.path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw CLIError.cannotCreate("cannot write layouts into \(outURL.path): it is a file, not a folder")
            }
        } else {
            try OutputPath.checkWritable(outURL)
            do {
                try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: false)
            } catch {
                throw CLIError.cannotCreate("cannot create \(outURL.path): \(error.localizedDescription)")
            }
        }
        for folder in folders { try OutputDestination.check(folder, kind: .layouts, inputs: runPaths) }
        return folders
    }
}

extension CacheFlags {
    /// The cache these flags ask for (nil with --no-cache).
    var layoutCache: LayoutCache? {
        if noCache { return nil }
        return LayoutCache(folder: cache.map { URL(fileURLWithPath: $0) } ?? LayoutCache.defaultFolder())
    }
}

/// Early checks on output paths, so a long computation does not end in "cannot write".
enum OutputPath {
    static func checkWritable(_ url: URL) throws {
        let folder = url.standardizedFileURL.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw CLIError.cannotCreate("cannot create \(url.path): folder \(folder.path) does not exist")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw CLIError.cannotCreate("cannot create \(url.path): folder \(folder.path) is not writable")
        }
    }
}
