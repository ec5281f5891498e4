import Foundation
import LayoutModel

/// The viewport of one panel (or of one block shared by several runs) at every frame.
///
/// Follow mode, per frame f:
/// 1. target r(f): the robust bounds (`RobustBox.quantileBounds`) of the step or hold that f
///    belongs to, united over the given blocks, grown by the margin;
/// 2. each edge is pushed outward by a sliding extremum over ±W frames (W = smoothingSeconds·fps),
///    then averaged with a Hann window of the same half-width. Every average only mixes values
///    that already contain r(f), so the result still contains r(f) — smooth with no lag;
/// 3. each edge is limited to move at most R = maxSpeed·L/fps per frame (L: larger side of the
///    union of all targets) by taking its Lipschitz envelope outward (forward and backward pass),
///    which again only widens;
/// 4. the box is widened to the panel aspect around its centre.
/// Hence every frame's viewport contains at least `coverage` of the points shown (those present
/// in the step), and no edge moves more than `maxEdgeStepPerFrame` = R·(1 + max(a, 1/a)) per
/// frame (step 4 can amplify the width change by the aspect a).
///
/// Fixed mode: the union of all targets, widened to the aspect. Zoom: the zoom region widened to
/// the aspect, at every frame.
public struct CameraPath: Sendable {
    /// One viewport per output frame.
    public let viewports: [Viewport]
    /// Bound on how far any viewport edge moves between consecutive frames (0 when fixed).
    public let maxEdgeStepPerFrame: Double

    /// The camera for the given blocks together (one block: a panel; the same block of several
    /// runs: a shared camera for a comparison).
    public init(blocks: [BlockKeyframes], timeline: Timeline, settings: CameraSettings) throws {
        try settings.validate()
        let frames = timeline.frameCount
        let aspect = settings.aspect
        if let zoom = settings.zoom {
            viewports = [Viewport](repeating: RobustBox(zoom).equalAspect(aspect).viewport, count: frames)
            maxEdgeStepPerFrame = 0
            return
        }
        let targets = Self.frameTargets(blocks: blocks, timeline: timeline, settings: settings)
        let whole = targets.dropFirst().reduce(targets[0]) { $0.union($1) }
        if settings.mode == .fixed {
            viewports = [Viewport](repeating: whole.equalAspect(aspect).viewport, count: frames)
            maxEdgeStepPerFrame = 0
            return
        }
        let halfWidth = Int((settings.smoothingSeconds * timeline.settings.fps).rounded())
        let rate = settings.maxSpeed * max(whole.width, whole.height) / timeline.settings.fps
        let lowX = Self.smoothLower(targets.map(\.minX), halfWidth: halfWidth, rate: rate)
        let lowY = Self.smoothLower(targets.map(\.minY), halfWidth: halfWidth, rate: rate)
        let highX = Self.smoothLower(targets.map { -$0.maxX }, halfWidth: halfWidth, rate: rate).map { -$0 }
        let highY = Self.smoothLower(targets.map { -$0.maxY }, halfWidth: halfWidth, rate: rate).map { -$0 }
        viewports = (0..<frames).map {
            RobustBox(minX: lowX[$0], minY: lowY[$0], maxX: highX[$0], maxY: highY[$0]).equalAspect(aspect).viewport
        }
        maxEdgeStepPerFrame = rate * (1 + max(aspect, 1 / aspect))
    }

    /// A camera shared by the block named `block` of every run in `layouts` (all on `timeline`).
    public init(layouts: [LayoutSet], block: String, timeline: Timeline, curve: MotionCurve,
                settings: CameraSettings) throws {
        let blocks = try layouts.map { run -> BlockKeyframes in
            guard let b = run.block(named: block) else { throw InterpolateError.unknownBlock(name: block, run: run.runName) }
            return try BlockKeyframes(block: b, sampleCount: run.sampleCount, timeline: timeline, curve: curve)
        }
        try self.init(blocks: blocks, timeline: timeline, settings: settings)
    }

    public func viewport(frame: Int) -> Viewport { viewports[min(max(frame, 0), viewports.count - 1)] }

    /// One viewport for still strips: the union of the robust bounds at the chosen keyframes
    /// (indices into the epochs) over the given blocks, with margin and aspect; every strip
    /// column of a row uses it, so motion between columns stays visible.
    public static func stripViewport(blocks: [BlockKeyframes], keyframes: [Int], settings: CameraSettings) throws -> Viewport {
        try settings.validate()
        if let zoom = settings.zoom { return RobustBox(zoom).equalAspect(settings.aspect).viewport }
        var scratch: [Float] = []
        var union: RobustBox?
        for block in blocks {
            block.positions.withUnsafeBufferPointer { all in
                let width = 2 * block.sampleCount
                for k in keyframes {
                    let slice = UnsafeBufferPointer(rebasing: all[(k * width)..<((k + 1) * width)])
                    if let box = RobustBox.quantileBounds(slice, slice, coverage: settings.coverage, scratch: &scratch) {
                        union = union.map { $0.union(box) } ?? box
                    }
                }
            }
        }
        let box = (union ?? RobustBox(minX: -1, minY: -1, maxX: 1, maxY: 1)).withMargin(settings.margin)
        return box.equalAspect(settings.aspect).viewport
    }

    /// r(f) for every frame: robust bounds per segment, computed once per segment.
    static func frameTargets(blocks: [BlockKeyframes], timeline: Timeline, settings: CameraSettings) -> [RobustBox] {
        let k = timeline.epochs.count
        var segmentBoxes = [RobustBox?](repeating: nil, count: 2 * k - 1)
        var scratch: [Float] = []
        for block in blocks {
            let width = 2 * block.sampleCount
            block.positions.withUnsafeBufferPointer { all in
                for segment in 0..<(2 * k - 1) {
                    let lower = segment / 2, upper = segment % 2 == 0 ? lower : lower + 1
                    let a = UnsafeBufferPointer(rebasing: all[(lower * width)..<((lower + 1) * width)])
                    let b = UnsafeBufferPointer(rebasing: all[(upper * width)..<((upper + 1) * width)])
                    if let box = RobustBox.quantileBounds(a, b, coverage: settings.coverage, scratch: &scratch) {
                        segmentBoxes[segment] = segmentBoxes[segment].map { $0.union(box) } ?? box
                    }
                }
            }
        }
        // Segments where nothing is shown borrow the nearest segment's bounds.
        let known = segmentBoxes.indices.filter { segmentBoxes[$0] != nil }
        let fallback = RobustBox(minX: -1, minY: -1, maxX: 1, maxY: 1)
        let filled: [RobustBox] = segmentBoxes.indices.map { i in
            if let box = segmentBoxes[i] { return box.withMargin(settings.margin) }
            guard let nearest = known.min(by: { abs($0 - i) < abs($1 - i) || (abs($0 - i) == abs($1 - i) && $0 < $1) })
            else { return fallback }
            return segmentBoxes[nearest]!.withMargin(settings.margin)
        }
        return (0..<timeline.frameCount).map { f in
            let p = timeline.position(frame: f)
            return filled[p.isHold ? 2 * p.lower : 2 * p.lower + 1]
        }
    }

    /// A lower edge made smooth without ever rising above the target: sliding minimum over ±w,
    /// Hann-weighted mean over ±w, then the largest `rate`-Lipschitz function below it
    /// (s(f) = min_g s(g) + rate·|f − g|, computed by a forward and a backward pass).
    static func smoothLower(_ target: [Double], halfWidth w: Int, rate: Double) -> [Double] {
        let n = target.count
        var eroded = target
        if w > 0 {
            for f in 0..<n {
                var m = target[f]
                for g in max(0, f - w)...min(n - 1, f + w) { m = min(m, target[g]) }
                eroded[f] = m
            }
        }
        var smooth = eroded
        if w > 0 {
            let kernel: [Double] = (-w...w).map { (j: Int) -> Double in
                0.5 * (1 + cos(Double.pi * Double(j) / Double(w + 1)))
            }
            for f in 0..<n {
                var sum = 0.0, weight = 0.0
                for g in max(0, f - w)...min(n - 1, f + w) {
                    let k = kernel[g - f + w]
                    sum += k * eroded[g]
                    weight += k
                }
                // A weighted mean can round a hair above its largest term; keep containment exact.
                smooth[f] = min(sum / weight, target[f])
            }
        }
        if rate.isFinite {
            for f in stride(from: 1, to: n, by: 1) { smooth[f] = min(smooth[f], smooth[f - 1] + rate) }
            for f in stride(from: n - 2, through: 0, by: -1) { smooth[f] = min(smooth[f], smooth[f + 1] + rate) }
        }
        return smooth
    }
}
