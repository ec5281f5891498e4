/// What one panel shows at one output frame: the contract between `Interpolate` (which computes
/// it) and `Render` (which draws it). Coordinates are layout coordinates; the renderer maps the
/// `viewport` onto the panel's pixel rectangle.
public struct PanelFrame: Sendable {
    /// 2·N floats, x0, y0, x1, y1, … for every sample of the run (global sample order).
    /// NaN for a sample that is not shown in this frame.
    public var positions: [Float]
    /// Per-sample opacity multiplier in 0…1 (samples fading out/in around epochs where they are
    /// absent). Empty means every sample is fully opaque.
    public var opacity: [Float]
    /// The layout-space rectangle shown by the panel (already equal-aspect for the panel shape).
    public var viewport: Viewport
    /// Highlight tracks visible in this panel.
    public var tracks: [TrackFrame]

    public init(positions: [Float], opacity: [Float] = [], viewport: Viewport, tracks: [TrackFrame] = []) {
        self.positions = positions
        self.opacity = opacity
        self.viewport = viewport
        self.tracks = tracks
    }
}

/// A rectangle in layout coordinates.
public struct Viewport: Sendable, Equatable {
    public var minX: Float
    public var minY: Float
    public var maxX: Float
    public var maxY: Float

    public init(minX: Float, minY: Float, maxX: Float, maxY: Float) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public var width: Float { maxX - minX }
    public var height: Float { maxY - minY }
}

/// One highlighted sample in one panel at one frame.
public struct TrackFrame: Sendable, Equatable {
    /// Global sample index.
    public var sample: Int
    /// Class index of the sample.
    public var classIndex: Int
    /// Text to show next to it, e.g. `cat #1234`.
    public var label: String
    /// Current position (layout coordinates), nil where the sample is absent.
    public var position: SIMD2<Float>?
    /// Past positions, oldest first, ending at the current one; `trailAge[i]` is how old point i
    /// is as a fraction of the trail length (1 = oldest, 0 = now), for fading.
    public var trail: [SIMD2<Float>]
    public var trailAge: [Float]

    public init(sample: Int, classIndex: Int, label: String, position: SIMD2<Float>?,
                trail: [SIMD2<Float>] = [], trailAge: [Float] = []) {
        self.sample = sample
        self.classIndex = classIndex
        self.label = label
        self.position = position
        self.trail = trail
        self.trailAge = trailAge
    }
}

/// The time shown by a frame (shared by all its panels).
public struct FrameClock: Sendable, Equatable {
    /// Output frame index, from 0.
    public var frame: Int
    /// The epoch in continuous units (e.g. 37.5 between 35 and 40), for playheads on metric charts.
    public var epochValue: Double
    /// The epoch label to print, e.g. `epoch 35`.
    public var label: String
    /// Progress through the whole video, 0…1.
    public var progress: Double

    public init(frame: Int, epochValue: Double, label: String, progress: Double) {
        self.frame = frame
        self.epochValue = epochValue
        self.label = label
        self.progress = progress
    }
}
