import ArgumentParser
import Foundation
import Interpolate
import Layout
import LayoutModel
import Runs
import Render

struct StripCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strip",
        abstract: "Render a still epoch strip (rows = runs or blocks, columns = epochs) as PNG, PDF or SVG.",
        discussion: """
            The figure papers and CI pages use: one block of each run (rows = runs) at chosen \
            epochs, or every block of one run (--rows blocks). Each row keeps one camera across its \
            epochs (shared by all runs), so motion between columns shows as motion. PNG output is \
            byte-identical for identical input and settings and carries the tool version and \
            settings in a tEXt chunk; PDF and SVG are vector figures.

            Without --epochs, runs with more than six saved epochs show five: the first, the last \
            and three evenly spaced between. Without --block, the last block is shown.

            Examples:
              nm-render strip runs/wellfit runs/overfit -o strip.pdf --block layer4 --epochs 10,50,200
              nm-render strip runs/wellfit -o blocks.png --rows blocks --epochs 0,5,20 --preset paper-strip
              nm-render strip runs/wellfit -o ci.png --preset ci-strip --block block3

            \(SettingFlags.helpSection(for: .strip))

            \(ExitStatus.helpText)
            """
    )

    @Argument(help: ArgumentHelp("Run folders; each becomes a row (or one run with --rows blocks).", valueName: "run"))
    var runPaths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file: .png, .pdf or .svg.", valueName: "out"))
    var output: String

    @Option(help: ArgumentHelp("NeuroMapper folders: the variant to read.", valueName: "name"))
    var variant: String?

    @OptionGroup var runNames: RunNameFlags
    @OptionGroup var cacheFlags: CacheFlags
    @OptionGroup var presets: PresetOptions
    @OptionGroup var report: ReportFlags

    func run() throws {
        let destination = URL(fileURLWithPath: output)
        guard let format = StillFormat(pathExtension: destination.pathExtension.lowercased()) else {
            throw CLIError.usage("-o \(output): a strip is written as .png, .pdf or .svg")
        }
        let settings = try presets.resolve()
        try OutputDestination.check(destination, kind: .file, inputs: runPaths)
        let progress = ProgressReporter(quiet: report.quiet)
        let stage = LayoutStage(settings: settings, cache: cacheFlags.layoutCache, progress: progress)
        let result = try StripRendering.render(runPaths: runPaths, variant: variant, settings: settings, stage: stage,
                                               format: format, to: destination, names: runNames.names)
        var summary = RunReport(command: "strip")
        summary.record(stage)
        summary.stageSeconds["render"] = result.seconds
        summary.addOutput(destination, kind: format.rawValue)
        progress.note("wrote \(destination.path) (\(result.rows) rows x \(result.columns) epochs)")
        if report.json { summary.printJSON() }
    }
}

/// Builds and writes a strip figure.
enum StripRendering {
    struct Result {
        var rows: Int
        var columns: Int
        var seconds: Double
    }

    static func render(runPaths: [String], variant: String?, settings: Settings, stage: LayoutStage,
                       format: StillFormat, to destination: URL, names: [String] = []) throws -> Result {
        let byBlocks = settings.rows == .blocks
        if byBlocks && runPaths.count != 1 {
            throw CLIError.usage("--rows blocks shows the blocks of one run; give one run (got \(runPaths.count))")
        }
        // The defaults (last block, five epochs) come from the first run's outline, before any
        // of its data is read: only the drawn block and epochs are read.
        var requestedBlocks: [String]? = nil
        var chosen = settings
        let firstRun = try Run.open(at: URL(fileURLWithPath: runPaths[0]), variant: variant) { outline in
            if !byBlocks {
                requestedBlocks = [settings.block ?? settings.blocks.last ?? outline.blocks.last!]
            }
            if case .all = settings.epochs {
                chosen.epochs = .list(defaultEpochs(outline.epochs))
            }
            return try Comparison.focus(outline, settings: chosen, blocks: requestedBlocks, runPath: runPaths[0])
        }
        var comparison = try Comparison.load(paths: runPaths, variant: variant, settings: chosen, stage: stage,
                                             blocks: requestedBlocks, firstRun: firstRun)
        comparison.layouts = try RunNameFlags.apply(names, to: comparison.layouts)
        let start = Date()
        let plan = try RenderPlan(comparison: comparison, settings: chosen)
        let strip = try EpochStrip(layouts: comparison.layouts, blocks: comparison.blocks, epochs: comparison.epochs,
                                   camera: CameraSettings(mode: .fixed, aspect: 1,
                                                          outliers: settings.outliers == .edge ? .clampToEdge : .hide,
                                                          shareAcrossRuns: comparison.layouts.count > 1),
                                   tracks: plan.tracks)
        let columns = comparison.epochs.indices
        let rows: [StripRow]
        let first = comparison.layouts[0]
        if byBlocks {
            rows = comparison.blocks.indices.map { b in
                StripRow(name: first.block(named: comparison.blocks[b])?.title ?? comparison.blocks[b], samples: first.samples,
                         panels: columns.map { strip.panel(run: 0, block: b, column: $0) })
            }
        } else {
            rows = comparison.layouts.indices.map { r in
                StripRow(name: comparison.layouts[r].runName, samples: comparison.layouts[r].samples,
                         panels: columns.map { strip.panel(run: r, block: 0, column: $0) })
            }
        }
        let blockTitle = first.block(named: comparison.blocks[0])?.title ?? comparison.blocks[0]
        let figure = StripFigure(title: settings.title ?? (byBlocks ? first.runName : blockTitle),
                                 columnTitles: comparison.epochs.map { "epoch \($0)" }, rows: rows,
                                 showsLegend: settings.legend)
        let width = settings.stripWidth ?? max(4, 1.6 * Double(comparison.epochs.count) + 1)
        let metadata = [("Software", "nm-render \(toolVersion)"),
                        ("Comment", "\(plan.renderSettings.summary); layout \(settings.layoutOptions.summary); runs \(comparison.layouts.map(\.runName).joined(separator: ", "))")]
        try StillImage.write(figure, settings: plan.renderSettings, format: format,
                             size: StillSize(widthInches: width, dpi: Double(settings.dpi)),
                             metadata: metadata, to: destination)
        return Result(rows: rows.count, columns: comparison.epochs.count, seconds: Date().timeIntervalSince(start))
    }

    /// Five epochs for runs with more than six: first, last and three evenly spaced between.
    static func defaultEpochs(_ saved: [Int]) -> [Int] {
        guard saved.count > 6 else { return saved }
        let picks = (0 ..< 5).map { Int((Double($0) * Double(saved.count - 1) / 4).rounded()) }
        return picks.map { saved[$0] }
    }
}
