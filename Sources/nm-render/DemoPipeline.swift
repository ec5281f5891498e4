import Foundation
import Layout
import Render
import TrainingDemo

/// What `nm-render demo` does after creating its folder: trains the runs, lays them out once and
/// writes the MP4, the GIF and the strip. A value so that a test can run the very same pipeline
/// on the miniature configuration in seconds (the standard one takes a minute in release).
struct DemoPipeline {
    /// The trainings to record.
    var config: DemoConfig = .standard
    /// Frame size of `demo.mp4` (the GIF takes the `readme-gif` preset's unless `gifSize` is set).
    var videoSize = PixelSize(width: 1280, height: 720)
    var gifSize: PixelSize?

    /// Writes `runs/<name>`, `demo.mp4`, `demo.gif` and `demo-strip.png` into `folder`, which exists.
    func render(into folder: URL, progress: ProgressReporter) throws -> RunReport {
        let runsFolder = folder.appendingPathComponent("runs")
        try? FileManager.default.createDirectory(at: runsFolder, withIntermediateDirectories: true)
        let started = Date()
        var summary = RunReport(command: "demo")

        let trainStart = Date()
        let runURLs = try DemoRuns.write(into: runsFolder, config: config, progress: progress)
        summary.stageSeconds["train"] = Date().timeIntervalSince(trainStart)
        let paths = runURLs.map(\.path)

        // Layouts are computed once and shared by the three outputs; the demo uses its own cache
        // folder so it never depends on (or fills) the user's.
        var settings = Settings()
        settings.size = videoSize
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
        if let gifSize { gifSettings.size = gifSize }
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
        return summary
    }
}
