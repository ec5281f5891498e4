import CCairo
import Interpolate
import LayoutModel

/// What is fixed about the points of one run for a whole video or figure: colours per class,
/// which samples are drawn (subset and class filter) and in which order.
public struct PointLayer: Sendable {
    /// 0x00RRGGBB per class.
    let classRGB: [UInt32]
    let classColours: [RGBColour]
    let contextColour: RGBColour
    /// Context samples (unselected classes in `.context` mode), drawn first, in draw order.
    let contextOrder: [Int32]
    /// Selected samples in draw order.
    let foregroundOrder: [Int32]
    let labels: [Int32]
    /// 0x00RRGGBB per sample (its class colour), so the hot loop does one load per point.
    let sampleRGB: [UInt32]
    /// Number of samples drawn (context + foreground).
    public var drawnCount: Int { contextOrder.count + foregroundOrder.count }

    /// - Parameters:
    ///   - samples: the run's sample table.
    ///   - colours: colour per class index (from a `ClassPalette`).
    ///   - subset: sample indices to draw (e.g. `SampleSubset.stratified`); nil draws all.
    ///   - seed: draw-order seed.
    public init(samples: SampleTable, colours: [RGBColour], contextColour: RGBColour,
                filter: ClassFilter = .all, subset: [Int]? = nil, seed: UInt64 = 0) {
        labels = samples.labels
        classColours = colours
        classRGB = colours.map { $0.argb32 & 0x00FF_FFFF }
        self.contextColour = contextColour
        let drawn = subset?.filter { $0 >= 0 && $0 < samples.count } ?? Array(0..<samples.count)
        let order = DrawOrder.shuffled(drawn, seed: seed)
        var context: [Int32] = [], foreground: [Int32] = []
        for i in order {
            let label = Int(samples.labels[i])
            if filter.isSelected(label) {
                foreground.append(Int32(i))
            } else if filter.mode == .context {
                context.append(Int32(i))
            }
        }
        contextOrder = context
        foregroundOrder = foreground
        let contextRGB = contextColour.argb32 & 0x00FF_FFFF
        let rgb = colours.map { $0.argb32 & 0x00FF_FFFF }
        sampleRGB = samples.labels.map { $0 >= 0 && Int($0) < rgb.count ? rgb[Int($0)] : contextRGB }
    }

    /// Colour of a sample's class (grey for labels outside the palette).
    func colour(ofClass label: Int) -> RGBColour {
        label >= 0 && label < classColours.count ? classColours[label] : contextColour
    }

    func rgb(ofClass label: Int) -> UInt32 {
        label >= 0 && label < classRGB.count ? classRGB[label] : (contextColour.argb32 & 0x00FF_FFFF)
    }
}

/// How discs are put on a canvas.
enum PointMethod {
    /// `DiscSplatter` into the image memory (raster canvases).
    case splat
    /// One `cairo_arc` + fill per point (vector output, and the reference for the splatter).
    case arcs
}

/// Drawing one panel's points.
struct PointPainter {
    let layer: PointLayer
    let mapping: PanelMapping
    let radius: Double
    let opacity: Double
    let contextOpacity: Double
    /// The disc table for `radius` (built once per renderer; built here when nil).
    var splatter: DiscSplatter? = nil

    /// Draws context samples, then selected samples, then the tracked ones (`tracked`, fully
    /// opaque, on top). NaN positions are skipped; `frame.opacity` multiplies each sample's alpha.
    func draw(_ frame: PanelFrame, tracked: [Int], on canvas: Canvas, method: PointMethod, clip: Rect) {
        var isTracked = Set<Int32>()
        for t in tracked { isTracked.insert(Int32(t)) }
        switch method {
        case .splat:
            canvas.withPixels { base, stride in
                splat(frame, isTracked: isTracked, tracked: tracked, base: base, stride: stride, canvas: canvas, clip: clip)
            }
        case .arcs:
            canvas.clip(to: clip)
            arcs(frame, isTracked: isTracked, tracked: tracked, canvas: canvas)
            canvas.restore()
        }
    }

    private func splat(_ frame: PanelFrame, isTracked: Set<Int32>, tracked: [Int],
                       base: UnsafeMutablePointer<UInt32>, stride: Int, canvas: Canvas, clip: Rect) {
        let splatter = self.splatter ?? DiscSplatter(radius: Float(radius))
        let cx0 = max(Int(clip.x.rounded(.down)), 0), cy0 = max(Int(clip.y.rounded(.down)), 0)
        let cx1 = min(Int(clip.maxX.rounded(.up)), canvas.width), cy1 = min(Int(clip.maxY.rounded(.up)), canvas.height)
        guard cx1 > cx0, cy1 > cy0 else { return }
        let s = Float(mapping.scale)
        let ox = Float(mapping.rect.midX) - Float(mapping.centreX) * s
        let oy = Float(mapping.rect.midY) + Float(mapping.centreY) * s
        let opacities = frame.opacity
        let n = min(frame.positions.count / 2, layer.labels.count)
        let hasOpacity = opacities.count >= n
        let contextRGB = layer.contextColour.argb32 & 0x00FF_FFFF
        var batch = DiscBatch(capacity: layer.drawnCount + tracked.count)
        frame.positions.withUnsafeBufferPointer { pos in
            opacities.withUnsafeBufferPointer { opacityBuffer in
                layer.sampleRGB.withUnsafeBufferPointer { sampleRGB in
                    for pass in passes(tracked: tracked, isTracked: isTracked, count: n) {
                        let alphaScale = Float(pass.alpha * 255)
                        let base255 = UInt32(alphaScale.rounded())
                        forEachPoint(of: pass, count: n, isTracked: isTracked, positions: pos) { i, x, y in
                            let a: UInt32 = hasOpacity
                                ? UInt32(alphaScale * min(max(opacityBuffer[i], 0), 1) + 0.5) : base255
                            batch.append(cx: ox + x * s, cy: oy - y * s, rgb: pass.context ? contextRGB : sampleRGB[i], alpha: a)
                        }
                    }
                }
            }
        }
        batch.draw(with: splatter, into: base, stride: stride, clipX0: cx0, clipY0: cy0, clipX1: cx1, clipY1: cy1)
    }

    private func arcs(_ frame: PanelFrame, isTracked: Set<Int32>, tracked: [Int], canvas: Canvas) {
        let n = min(frame.positions.count / 2, layer.labels.count)
        let hasOpacity = frame.opacity.count >= n
        frame.positions.withUnsafeBufferPointer { pos in
            for pass in passes(tracked: tracked, isTracked: isTracked, count: n) {
                forEachPoint(of: pass, count: n, isTracked: isTracked, positions: pos) { i, x, y in
                    let a = pass.alpha * (hasOpacity ? Double(min(max(frame.opacity[i], 0), 1)) : 1)
                    guard a > 0 else { return }
                    let p = mapping.point(x: Double(x), y: Double(y))
                    let colour = pass.context ? layer.contextColour : layer.colour(ofClass: Int(layer.labels[i]))
                    canvas.disc(x: p.x, y: p.y, radius: radius, colour: colour, alpha: a)
                }
            }
        }
    }

    /// One of the passes that paint a panel's points, bottom to top.
    private struct PaintPass {
        let order: [Int32]
        /// The pass's alpha, before each sample's own opacity.
        let alpha: Double
        /// Drawn in the context colour instead of the sample's class colour.
        let context: Bool
        /// Leaves out the tracked samples (they are painted last, on top).
        let skipsTracked: Bool
    }

    /// The paint order both methods follow: context samples (faded), then the foreground
    /// without the tracked samples, then the tracked samples, fully opaque, on top.
    private func passes(tracked: [Int], isTracked: Set<Int32>, count n: Int) -> [PaintPass] {
        [PaintPass(order: layer.contextOrder, alpha: opacity * contextOpacity, context: true, skipsTracked: false),
         PaintPass(order: layer.foregroundOrder, alpha: opacity, context: false, skipsTracked: !isTracked.isEmpty),
         PaintPass(order: tracked.filter { $0 < n }.map { Int32($0) }, alpha: 1, context: false, skipsTracked: false)]
    }

    /// Calls `body(sample, x, y)` for each point `pass` paints, in its order: samples below
    /// `n`, not tracked where the pass leaves those out, at a finite position.
    @inline(__always)
    private func forEachPoint(of pass: PaintPass, count n: Int, isTracked: Set<Int32>, positions pos: UnsafeBufferPointer<Float>,
                              _ body: (Int, Float, Float) -> Void) {
        pass.order.withUnsafeBufferPointer { order in
            for index in order {
                let i = Int(index)
                guard i < n else { continue }
                if pass.skipsTracked && isTracked.contains(index) { continue }
                let x = pos[2 * i], y = pos[2 * i + 1]
                guard x.isFinite, y.isFinite else { continue }
                body(i, x, y)
            }
        }
    }
}
