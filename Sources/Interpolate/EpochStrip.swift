import LayoutModel

/// Panels for still "epoch strips": chosen saved epochs side by side, positions exactly as saved.
/// Each (run, block) uses one viewport for all its strip epochs (shared across runs too when
/// `camera.shareAcrossRuns`), so motion between columns shows as motion, not as a re-framing.
public struct EpochStrip: Sendable {
    public let layouts: [LayoutSet]
    public let blocks: [String]
    /// The strip's epochs, in column order.
    public let epochs: [Int]
    public let camera: CameraSettings
    /// Ids of the tracked samples, in track order.
    public let trackedIds: [String]
    let keyframeIndex: [Int]
    let keyframes: [[BlockKeyframes]]
    let viewports: [[Viewport]]
    let tracked: [[TrackedSample]]

    /// - Throws: `noRuns`, `unknownEpoch` (every strip epoch must be saved in every run, and runs
    ///   must share their saved epochs), `unknownBlock`, size mismatches, invalid settings.
    public init(layouts: [LayoutSet], blocks: [String], epochs: [Int], camera: CameraSettings = CameraSettings(),
                tracks: TrackSettings = TrackSettings()) throws {
        guard let first = layouts.first else { throw InterpolateError.noRuns }
        for run in layouts where run.epochs != first.epochs {
            throw InterpolateError.epochsDiffer(run: run.runName, expected: first.epochs, got: run.epochs)
        }
        let indices = try epochs.map { e -> Int in
            guard let k = first.epochs.firstIndex(of: e) else { throw InterpolateError.unknownEpoch(e) }
            return k
        }
        // Strips show keyframes only, so the curve and pacing do not matter; a plain timeline
        // over the saved epochs carries the keyframe storage.
        let timeline = try Timeline(epochs: first.epochs, settings: TimelineSettings())
        let keyframes = try layouts.map { run in
            try blocks.map { name -> BlockKeyframes in
                guard let block = run.block(named: name) else { throw InterpolateError.unknownBlock(name: name, run: run.runName) }
                return try BlockKeyframes(block: block, sampleCount: run.sampleCount, timeline: timeline, curve: .linear)
            }
        }
        var viewports: [[Viewport]]
        if camera.shareAcrossRuns {
            let shared = try blocks.indices.map { c in
                try CameraPath.stripViewport(blocks: keyframes.map { $0[c] }, keyframes: indices, settings: camera)
            }
            viewports = layouts.map { _ in shared }
        } else {
            viewports = try keyframes.map { row in
                try row.map { try CameraPath.stripViewport(blocks: [$0], keyframes: indices, settings: camera) }
            }
        }
        guard tracks.selections.isEmpty || layouts.indices.contains(tracks.choiceRun) else {
            throw InterpolateError.indexOutOfRange(what: "track choice run", index: tracks.choiceRun, count: layouts.count)
        }
        let choiceRun = tracks.selections.isEmpty ? first : layouts[tracks.choiceRun]
        let ids = try TrackChoice.resolve(tracks, in: choiceRun).map { choiceRun.samples.ids[$0] }
        self.layouts = layouts
        self.blocks = blocks
        self.epochs = epochs
        self.camera = camera
        self.trackedIds = ids
        self.keyframeIndex = indices
        self.keyframes = keyframes
        self.viewports = viewports
        self.tracked = TrackedSample.perRun(ids: ids, layouts: layouts)
    }

    /// The viewport shared by every strip epoch of (run, block).
    public func viewport(run: Int, block: Int) -> Viewport { viewports[run][block] }

    /// The panel for strip column `column` (an index into `epochs`) of (run, block): exact saved
    /// positions with the outlier rule applied. Each track's trail runs through the saved epochs
    /// from the previous strip column's epoch to this one (oldest first, age 1 at the previous
    /// column, 0 now); the first column's trail is the current point alone.
    public func panel(run: Int, block: Int, column: Int) -> PanelFrame {
        let keys = keyframes[run][block]
        let view = viewports[run][block]
        let k = keyframeIndex[column]
        var positions = Array(keys.keyframe(k))
        positions.withUnsafeMutableBufferPointer { camera.outliers.apply(to: $0, viewport: view) }
        let opacity: [Float] = keys.hasMissing ? stride(from: 0, to: positions.count, by: 2).map { positions[$0].isNaN ? 0 : 1 } : []
        let start = column > 0 ? min(keyframeIndex[column - 1], k) : k
        let hold = { (key: Int) in
            TimelinePosition(frame: 0, lower: key, upper: key, blend: 0, isHold: true, epochValue: 0, progress: 0)
        }
        let tracks = tracked[run].map { t -> TrackFrame in
            var trail: [SIMD2<Float>] = []
            var ages: [Float] = []
            var current: SIMD2<Float>?
            for key in start...k {
                guard let p = keys.position(of: t.sample, at: hold(key)), let shown = camera.outliers.apply(to: p.point, viewport: view) else { continue }
                trail.append(shown)
                ages.append(k > start ? Float(k - key) / Float(k - start) : 0)
                if key == k { current = shown }
            }
            return TrackFrame(sample: t.sample, classIndex: t.classIndex, label: t.label, position: current,
                              trail: trail, trailAge: ages)
        }
        return PanelFrame(positions: positions, opacity: opacity, viewport: view, tracks: tracks)
    }
}
