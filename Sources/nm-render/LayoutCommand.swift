import ArgumentParser
import Foundation
import Layout
import LayoutModel
import Runs

struct LayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "Compute the aligned 2D layouts of a run's blocks (AlignedUMAP) and cache or save them.",
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

            With --out, --epochs chooses the saved epochs written (layouts are always computed \
            over every saved epoch, so they match the video's).

            Without --out, each block is computed into the cache and nothing else: \
            `nm-render layout RUN --block B --cache DIR --threads N` is the unit of work of a \
            sweep (see `nm-render plan`). Many machines may write to one shared cache folder \
            at once; entries appear whole, keyed by the arrays' content, not their path.

            \(SettingFlags.helpSection(for: .layout))
            """
    )

    @Argument(help: ArgumentHelp("The activations run folder.", valueName: "run"))
    var runPath: String

    @Option(name: .customLong("block"), help: ArgumentHelp("A block to lay out (repeat for several; default: all).", valueName: "name"))
    var blocks: [String] = []

    @Option(help: ArgumentHelp("Also write the layouts as a layouts folder here.", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("NeuroMapper folders: the variant to read.", valueName: "name"))
    var variant: String?

    @OptionGroup var cacheFlags: CacheFlags
    @OptionGroup var presets: PresetOptions
    @OptionGroup var report: ReportFlags

    func run() throws {
        let settings = try presets.resolve()
        let progress = ProgressReporter(quiet: report.quiet)
        let run = try Run.open(at: URL(fileURLWithPath: runPath), variant: variant)
        let chosenBlocks = blocks.isEmpty ? run.blocks.map(\.name) : blocks
        for name in chosenBlocks { _ = try run.blockInfo(named: name) }
        let chosenEpochs = try settings.epochs.select(from: run.epochs, runPath: run.url.path)
        let stage = LayoutStage(settings: settings, cache: cacheFlags.layoutCache, progress: progress)
        let outURL = out.map { URL(fileURLWithPath: $0) }
        // Fail before the long computation when the output cannot be written.
        if let outURL { try OutputDestination.check(outURL, kind: .layouts, inputs: [runPath]) }

        var summary = RunReport(command: "layout")
        if outURL == nil && stage.cache != nil {
            // Only caching: each block is one unit of work, computed alone (the orientation
            // that a render or --out applies needs no stored layouts of its own), so a
            // scheduler's `layout RUN --block B` tasks never repeat each other's work.
            for name in chosenBlocks { try stage.cacheLayouts(of: run, block: name) }
            summary.record(stage)
        } else {
            let layouts = try stage.layouts(of: run, blocks: chosenBlocks, epochs: chosenEpochs)
            summary.record(stage)
            if let outURL {
                // Ready-made layouts keep the parameters they came with; only computed ones get ours.
                let parameters = run.kind == .layouts ? run.layoutParameters : stage.parameterRecord
                try LayoutsFolderWriter.write(layouts, parameters: parameters, to: outURL)
                summary.addOutput(outURL, kind: "layouts")
                progress.note("wrote \(outURL.path)")
            }
        }
        if report.json { summary.printJSON() }
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
