import LayoutModel

/// Everything the video needs at any frame: a grid of panels (rows = runs, columns = blocks)
/// sharing one timeline. Built once (tangents, cameras and track choices are precomputed);
/// per-frame calls only blend keyframes.
public struct MotionScene: Sendable {
    public let layouts: [LayoutSet]
    /// Block names, one per column.
    public let blocks: [String]
    public let timeline: Timeline
    public let curve: MotionCurve
    public let camera: CameraSettings
    public let trackSettings: TrackSettings
    /// Ids of the tracked samples, in track order (chosen on run `trackSettings.choiceRun`).
    public let trackedIds: [String]
    let keyframes: [[BlockKeyframes]]
    let cameras: [[CameraPath]]
    let tracked: [[TrackedSample]]
    let trailFrames: Int

    /// - Throws: `noRuns`, `epochsDiffer` (runs must share their saved epochs and the timeline's),
    ///   `unknownBlock`, size mismatches, invalid camera settings, unknown track ids.
    public init(layouts: [LayoutSet], blocks: [String], timeline: Timeline, curve: MotionCurve = .monotoneCubic,
                camera: CameraSettings = CameraSettings(), tracks: TrackSettings = TrackSettings()) throws {
        guard !layouts.isEmpty else { throw InterpolateError.noRuns }
        try camera.validate()
        guard tracks.trailSeconds.isFinite, tracks.trailSeconds >= 0 else {
            throw InterpolateError.invalidSetting(name: "trailSeconds", value: tracks.trailSeconds,
                                                  expected: "a finite number of seconds, 0 or more")
        }
        for run in layouts where run.epochs != timeline.epochs {
            throw InterpolateError.epochsDiffer(run: run.runName, expected: timeline.epochs, got: run.epochs)
        }
        let keyframes = try layouts.map { run in
            try blocks.map { name -> BlockKeyframes in
                guard let block = run.block(named: name) else { throw InterpolateError.unknownBlock(name: name, run: run.runName) }
                return try BlockKeyframes(block: block, sampleCount: run.sampleCount, timeline: timeline, curve: curve)
            }
        }
        var cameras: [[CameraPath]]
        if camera.shareAcrossRuns {
            let shared = try blocks.indices.map { c in
                try CameraPath(blocks: keyframes.map { $0[c] }, timeline: timeline, settings: camera)
            }
            cameras = layouts.map { _ in shared }
        } else {
            cameras = try keyframes.map { row in try row.map { try CameraPath(blocks: [$0], timeline: timeline, settings: camera) } }
        }
        guard tracks.selections.isEmpty || layouts.indices.contains(tracks.choiceRun) else {
            throw InterpolateError.indexOutOfRange(what: "track choice run", index: tracks.choiceRun, count: layouts.count)
        }
        let choiceRun = tracks.selections.isEmpty ? layouts[0] : layouts[tracks.choiceRun]
        let chosen = try TrackChoice.resolve(tracks, in: choiceRun)
        let ids = chosen.map { choiceRun.samples.ids[$0] }

        self.layouts = layouts
        self.blocks = blocks
        self.timeline = timeline
        self.curve = curve
        self.camera = camera
        self.trackSettings = tracks
        self.trackedIds = ids
        self.keyframes = keyframes
        self.cameras = cameras
        self.tracked = TrackedSample.perRun(ids: ids, layouts: layouts)
        self.trailFrames = Int((tracks.trailSeconds * timeline.settings.fps).rounded(.toNearestOrAwayFromZero))
    }

    public var frameCount: Int { timeline.frameCount }
    public var rowCount: Int { layouts.count }
    public var columnCount: Int { blocks.count }

    /// Epoch value, label and progress of a frame (shared by all panels).
    public func clock(frame: Int) -> FrameClock { timeline.clock(frame: frame) }

    /// The panel's viewport at a frame.
    public func viewport(frame: Int, row: Int, column: Int) -> Viewport {
        cameras[row][column].viewport(frame: frame)
    }

    /// The camera path of a panel (for its per-frame change bound, or for reuse).
    public func cameraPath(row: Int, column: Int) -> CameraPath { cameras[row][column] }

    /// Keyframe positions of a panel, prepared for blending.
    public func keyframes(row: Int, column: Int) -> BlockKeyframes { keyframes[row][column] }

    /// What panel (row, column) shows at `frame`.
    public func panel(frame: Int, row: Int, column: Int) -> PanelFrame {
        var panel = PanelFrame(positions: [], viewport: viewport(frame: frame, row: row, column: column))
        fill(&panel, frame: frame, row: row, column: column)
        return panel
    }

    /// Fills `panel` in place, reusing its position and opacity storage when it already has the
    /// right size, so a render loop allocates nothing per frame for the points.
    /// Positions follow the motion curve (NaN where not shown), then the outlier rule against the
    /// viewport; opacity is empty unless some sample of the block is ever absent.
    public func fill(_ panel: inout PanelFrame, frame: Int, row: Int, column: Int) {
        let block = keyframes[row][column]
        let time = timeline.position(frame: frame)
        let view = viewport(frame: frame, row: row, column: column)
        let width = 2 * block.sampleCount
        if panel.positions.count != width { panel.positions = [Float](repeating: 0, count: width) }
        if block.hasMissing {
            if panel.opacity.count != block.sampleCount { panel.opacity = [Float](repeating: 1, count: block.sampleCount) }
        } else if !panel.opacity.isEmpty {
            panel.opacity = []
        }
        panel.positions.withUnsafeMutableBufferPointer { out in
            if block.hasMissing {
                panel.opacity.withUnsafeMutableBufferPointer { block.fill(out, opacity: $0, at: time) }
            } else {
                block.fill(out, opacity: nil, at: time)
            }
            camera.outliers.apply(to: out, viewport: view)
        }
        panel.viewport = view
        panel.tracks = trackFrames(frame: frame, row: row, column: column, viewport: view)
    }

    /// The tracks of a panel at a frame: current position and the trail over the last
    /// `trailSeconds` (one point per frame from max(0, f − T·fps) to f, oldest first, ages
    /// (f − g)/(T·fps)); positions where the sample is not shown are left out of the trail.
    public func trackFrames(frame: Int, row: Int, column: Int, viewport view: Viewport) -> [TrackFrame] {
        let block = keyframes[row][column]
        let rule = camera.outliers
        let frame = min(max(frame, 0), frameCount - 1)
        let first = max(0, frame - trailFrames)
        let times = (first...frame).map { timeline.position(frame: $0) }
        return tracked[row].map { t in
            var trail: [SIMD2<Float>] = []
            var ages: [Float] = []
            trail.reserveCapacity(times.count)
            ages.reserveCapacity(times.count)
            var current: SIMD2<Float>?
            for (offset, time) in times.enumerated() {
                let g = first + offset
                guard let p = block.position(of: t.sample, at: time), let shown = rule.apply(to: p.point, viewport: view) else { continue }
                trail.append(shown)
                ages.append(trailFrames > 0 ? Float(frame - g) / Float(trailFrames) : 0)
                if g == frame { current = shown }
            }
            return TrackFrame(sample: t.sample, classIndex: t.classIndex, label: t.label, position: current,
                              trail: trail, trailAge: ages)
        }
    }
}
