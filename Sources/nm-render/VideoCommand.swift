import ArgumentParser
import Encode
import Foundation
import Interpolate
import Layout
import LayoutModel
import Runs
import Render

struct VideoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "video",
        abstract: "Render a training-evolution video: MP4, GIF, or a folder of PNG frames.",
        discussion: """
            Columns are blocks, rows are runs. Several runs are lined up with the first one: the \
            same samples, the same orientation, the same camera rules and colours, so a well-fit \
            and an over-fit run can be compared side by side. Activations are laid out with \
            AlignedUMAP (cached, see `nm-render layout`); 2D layout runs are drawn as they are.

            OUT ending in .mp4 gives H.264 (yuv420p, BT.709, +faststart), .gif a looping GIF with \
            exact class colours, .webm VP9; a path without extension is a folder of \
            frame_000001.png, ... A .gif without --preset starts from the readme-gif preset.

            Settings come from defaults < --preset < --config FILE < flags; `nm-render presets \
            --keys` lists them all.

            Examples:
              nm-render video runs/wellfit -o wellfit.mp4 --preset talk-1080p
              nm-render video runs/wellfit runs/overfit -o compare.mp4 --blocks layer3,layer4 --track auto:3
              nm-render video runs/wellfit -o readme.gif --epochs 0:20 --samples 2000
              nm-render video runs/wellfit -o frames/ --size 1280x720 --fps 24 --theme dark

            \(SettingFlags.helpSection(for: .video))

            \(ExitStatus.helpText)
            """
    )

    @Argument(help: ArgumentHelp("Run folders (activations, layouts or NeuroMapper); several become rows.", valueName: "run"))
    var runPaths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output: .mp4, .gif, .webm, or a folder for PNG frames.", valueName: "out"))
    var output: String

    @Option(help: ArgumentHelp("NeuroMapper folders: the variant to read.", valueName: "name"))
    var variant: String?

    @OptionGroup var runNames: RunNameFlags
    @OptionGroup var cacheFlags: CacheFlags
    @OptionGroup var presets: PresetOptions
    @OptionGroup var report: ReportFlags

    func run() throws {
        let destination = URL(fileURLWithPath: output)
        let kind = try OutputKind(destination: destination)
        let settings = try presets.resolve(defaultPreset: kind == .gif ? "readme-gif" : nil)
        if kind == .mp4 || kind == .webm, settings.size.width % 2 != 0 || settings.size.height % 2 != 0 {
            throw CLIError.usage("--size \(settings.size): H.264 and VP9 need even dimensions, e.g. \(settings.size.width / 2 * 2)x\(settings.size.height / 2 * 2)")
        }
        if kind != .mp4 && kind != .webm, settings.maxSize != nil || settings.reportQuality {
            throw CLIError.usage("--max-size and --report-quality apply to .mp4 and .webm outputs, not \(destination.lastPathComponent)")
        }
        try OutputDestination.check(destination, kind: kind == .pngSequence ? .frames : .file, inputs: runPaths)
        let progress = ProgressReporter(quiet: report.quiet)
        let stage = LayoutStage(settings: settings, cache: cacheFlags.layoutCache, progress: progress)
        var comparison = try Comparison.load(paths: runPaths, variant: variant, settings: settings, stage: stage)
        comparison.layouts = try runNames.apply(to: comparison.layouts)
        var summary = RunReport(command: "video")
        summary.record(stage)

        let result = try VideoRendering.render(comparison, settings: settings, to: destination, progress: progress)
        summary.frames = result.frames
        summary.durationSeconds = result.durationSeconds
        summary.stageSeconds["render"] = result.seconds
        summary.addOutput(destination, kind: kind.reportName)
        summary.quality = result.quality
        summary.sizeLimitBytes = settings.maxSize?.bytes
        progress.note("wrote \(destination.path) (\(result.frames) frames, \(String(format: "%.1f", result.durationSeconds)) s)")
        if report.json { summary.printJSON() }
    }
}

/// Renders a comparison's motion into a frame sink, streaming: each frame is drawn into a pooled
/// buffer on this thread while the encoder thread encodes the previous ones.
enum VideoRendering {
    struct Result {
        var frames: Int
        var durationSeconds: Double
        var seconds: Double
        /// SSIM/PSNR against the drawn frames, when measured (MP4/WebM with --max-size or --report-quality).
        var quality: QualityReport?
    }

    static func render(_ comparison: Comparison, settings: Settings, to destination: URL,
                       progress: ProgressReporter) throws -> Result {
        let width = settings.size.width, height = settings.size.height
        let plan = try RenderPlan(comparison: comparison, settings: settings)
        let frameGeometry = try FrameGeometry(width: width, height: height, scene: plan.scene, settings: plan.renderSettings)
        let timeline = try Timeline(layouts: comparison.layouts, blocks: comparison.blocks, settings: settings.timelineSettings())
        let motion = try MotionScene(layouts: comparison.layouts, blocks: comparison.blocks, timeline: timeline,
                                     curve: settings.motionCurve,
                                     camera: settings.cameraSettings(aspect: frameGeometry.panelAspect, runs: comparison.layouts.count),
                                     tracks: plan.tracks)
        let renderer = try FrameRenderer(scene: plan.scene, settings: plan.renderSettings, width: width, height: height)
        let comment = "nm-render \(toolVersion); \(plan.renderSettings.summary); layout \(settings.layoutOptions.summary)"
        let container: VideoContainer = (try? OutputKind(destination: destination)) == .webm ? .webm : .mp4
        let crf: Int
        do {
            crf = try settings.crf.value(for: container)
        } catch {
            throw CLIError.usage("crf \(container == .webm ? settings.crf.vp9 : settings.crf.h264) does not suit \(destination.lastPathComponent): expected \(error.expected) for \(container == .webm ? "VP9" : "H.264")")
        }
        let encodeSettings = EncodeSettings(
            video: VideoSettings(fps: settings.fps, crf: crf, preset: settings.encoderPreset,
                                 title: settings.title ?? comparison.layouts.map(\.runName).joined(separator: " vs "),
                                 toolVersion: comment, maxBitrate: settings.maxBitrate, maxSize: settings.maxSize,
                                 frameCount: motion.frameCount, measuresQuality: settings.reportQuality),
            gif: GIFSettings(fps: settings.fps, keyColors: plan.gifKeyColours))
        let sink = try makeFrameSink(destination: destination, width: width, height: height, settings: encodeSettings)
        let pipeline = FramePipeline(sink: sink, width: width, height: height)

        let frameCount = motion.frameCount
        var panels = (0 ..< motion.rowCount).map { r in
            (0 ..< motion.columnCount).map { c in motion.panel(frame: 0, row: r, column: c) }
        }
        progress.begin("render \(destination.lastPathComponent)")
        // Frames are drawn in order, so the labels' places carry over and labels do not jump.
        var labels = LabelMemory()
        try pipeline.run(frameCount: frameCount) { index, buffer in
            for r in panels.indices {
                for c in panels[r].indices { motion.fill(&panels[r][c], frame: index, row: r, column: c) }
            }
            // The buffer's regions say which frame it held: only what differs from it is redrawn.
            try renderer.render(panels, clock: motion.clock(frame: index), into: buffer.pointer, bytesPerRow: buffer.bytesPerRow,
                                labels: &labels, regions: &buffer.regions)
            progress.update(index + 1, of: frameCount, detail: "frame \(index + 1)/\(frameCount)")
        }
        let seconds = progress.end()
        // The pipeline's finish() has returned: the encoder thread is done with the sink, and the
        // pipeline's lock ordered its writes before this read.
        return Result(frames: frameCount, durationSeconds: Double(frameCount) / Double(settings.fps), seconds: seconds,
                      quality: (sink as? VideoFileSink)?.quality)
    }
}

extension OutputKind {
    var reportName: String {
        switch self {
        case .mp4: return "mp4"
        case .gif: return "gif"
        case .webm: return "webm"
        case .pngSequence: return "png-sequence"
        }
    }
}

