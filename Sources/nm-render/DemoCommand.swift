import ArgumentParser
import Foundation
import Layout
import Render
import TrainingDemo

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train a small network twice (well-fit and over-fit) and render the comparison, with no input.",
        discussion: """
            Trains a multilayer perceptron in Swift, for real (forward, backward, SGD), on a \
            generated 10-class spiral problem that is not linearly separable: once on plenty of \
            data (well-fit), once on 100 samples with 20% noisy labels (over-fit), from the same \
            initial weights. Every epoch the activations of its blocks on the same 800 evaluation \
            samples are recorded. The whole pipeline then writes, into OUT:

              runs/well-fit, runs/over-fit  the recorded runs (input format)
              demo.mp4        both runs side by side, every block, 1280x720
              demo.gif        the same, small, for READMEs
              demo-strip.png  last hidden block of both runs at 5 epochs

            Example:
              nm-render demo --out nm-demo
            """
    )

    @Option(help: ArgumentHelp("Folder to write into (created if missing).", valueName: "dir"))
    var out = "nm-demo"

    @OptionGroup var report: ReportFlags

    func run() throws {
        let folder = URL(fileURLWithPath: out)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError.cannotCreate("cannot create \(folder.path): \(error.localizedDescription)")
        }
        let runsFolder = folder.appendingPathComponent("runs")
        try? FileManager.default.createDirectory(at: runsFolder, withIntermediateDirectories: true)
        let progress = ProgressReporter(quiet: report.quiet)
        let started = Date()
        var summary = RunReport(command: "demo")

        let trainStart = Date()
        let runURLs = try DemoRuns.write(into: runsFolder, progress: progress)
        summary.stageSeconds["train"] = Date().timeIntervalSince(trainStart)
        let paths = runURLs.map(\.path)

        // Layouts are computed once and shared by the three outputs; the demo uses its own cache
        // folder so it never depends on (or fills) the user's.
        var settings = Settings()
        settings.size = PixelSize(width: 1280, height: 720)
        settings.fps = 24
        settings.secondsPerEpoch = 0.4
        settings.hold = 1
        settings.metrics = ["train_acc", "val_acc"]
        settings.title = "Well-fit vs over-fit MLP"
        let cache = LayoutCache(folder: folder.appendingPathComponent(".layout-cache"))
        let stage = LayoutStage(settings: settings, cache: cache, progress: progress)
        let comparison = try Comparison.load(paths: paths, variant: nil, settings: settings, stage: stage)

        let mp4 = folder.appendingPathComponent("demo.mp4")
        let video = try VideoRendering.render(comparison, settings: settings, to: mp4, progress: progress)
        summary.addOutput(mp4, kind: "mp4")
        summary.frames = video.frames
        summary.durationSeconds = video.durationSeconds
        progress.note("wrote \(mp4.path)")

        var gifSettings = settings
        try gifSettings.apply(PresetLibrary.load("readme-gif").pairs)
        gifSettings.metrics = []
        let gif = folder.appendingPathComponent("demo.gif")
        let gifResult = try VideoRendering.render(comparison, settings: gifSettings, to: gif, progress: progress)
        summary.addOutput(gif, kind: "gif")
        progress.note("wrote \(gif.path)")
        summary.stageSeconds["render"] = video.seconds + gifResult.seconds

        var stripSettings = settings
        stripSettings.title = nil
        stripSettings.metrics = []
        stripSettings.block = comparison.blocks.dropLast().last
        let strip = folder.appendingPathComponent("demo-strip.png")
        _ = try StripRendering.render(runPaths: paths, variant: nil, settings: stripSettings, stage: stage,
                                      format: .png, to: strip)
        summary.addOutput(strip, kind: "png")
        progress.note("wrote \(strip.path)")
        summary.record(stage)
        progress.note(String(format: "demo done in %.1f s", Date().timeIntervalSince(started)))
        if report.json { summary.printJSON() }
    }
}

