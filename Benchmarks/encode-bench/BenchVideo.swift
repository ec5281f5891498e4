import Encode
import Interpolate
import LayoutModel
import Runs
import Render

/// One benchmark video, built the way `nm-render` builds a video: a run's layouts animated by
/// `MotionScene` (default timeline, monotone cubic motion, follow camera with the panel aspect of
/// the frame layout) and drawn by `FrameRenderer` (light theme, title, headers, legend, epoch,
/// progress bar), one row of panels, one column per block.
///
/// The benchmark encodes `frameCount` frames from the start of the motion (after the first hold,
/// whose still frames would flatter the encoder).
final class BenchVideo {
    let label: String
    let width: Int, height: Int
    let motion: MotionScene
    let renderer: FrameRenderer
    let firstFrame: Int
    let frameCount: Int
    let pointsPerPanel: Int
    /// Reused between frames so interpolation allocates nothing per frame.
    private var panels: [[PanelFrame]]
    /// Carried from frame to frame, as `nm-render video` does.
    private var labels = LabelMemory()

    init(label: String, layouts: LayoutSet, width: Int, height: Int, frames: Int, fps: Double = 30) throws {
        self.label = label
        self.width = width
        self.height = height
        pointsPerPanel = layouts.sampleCount
        let blocks = layouts.blocks.map(\.name)
        let scene = FrameScene(title: layouts.runName, columnTitles: layouts.blocks.map(\.title),
                               rows: [FrameRow(name: layouts.runName, samples: layouts.samples)])
        let settings = RenderSettings()
        let aspect = try FrameGeometry(width: width, height: height, scene: scene, settings: settings).panelAspect
        let timeline = try Timeline(epochs: layouts.epochs, settings: TimelineSettings(fps: fps))
        let motion = try MotionScene(layouts: [layouts], blocks: blocks, timeline: timeline, curve: .monotoneCubic,
                                     camera: CameraSettings(aspect: aspect))
        self.motion = motion
        renderer = try FrameRenderer(scene: scene, settings: settings, width: width, height: height)
        firstFrame = timeline.holdFrameCount(0)
        frameCount = min(frames, timeline.frameCount - firstFrame)
        panels = [blocks.indices.map { motion.panel(frame: 0, row: 0, column: $0) }]
    }

    /// CPU seconds (this thread) spent interpolating and drawing so far.
    private(set) var interpolationCPU = 0.0, drawingCPU = 0.0

    /// Interpolates frame `index` (0-based within the benchmark) and renders it straight into
    /// the encoder's buffer.
    func draw(_ index: Int, into buffer: PixelBuffer) throws {
        let frame = firstFrame + index
        let start = threadCPUSeconds()
        for column in panels[0].indices {
            motion.fill(&panels[0][column], frame: frame, row: 0, column: column)
        }
        let interpolated = threadCPUSeconds()
        try renderer.render(panels, clock: motion.clock(frame: frame), into: buffer.pointer, bytesPerRow: buffer.bytesPerRow,
                            labels: &labels, regions: &buffer.regions)
        let drawn = threadCPUSeconds()
        interpolationCPU += interpolated - start
        drawingCPU += drawn - interpolated
    }

    func resetClocks() { interpolationCPU = 0; drawingCPU = 0 }
}
