import PixelRegions

/// The pixels every frame of a video shares: background, panel fills, title, headers, legend and
/// the charts' axes, key and curves, drawn once when the renderer is made. Each frame starts as
/// a copy of them; points, tracks, panel borders, the epoch label, the charts' playheads and the
/// progress bar are drawn on top.
///
/// That gives the pixels drawing everything would, because the fixed parts never touch what is
/// drawn per frame (so the order between them does not matter): `init` draws the fixed parts
/// alone on transparent pixels and returns nil when any of them reaches within `margin` px of a
/// live box (a panel, the epoch label, the progress bar); the renderer then draws every part on
/// every frame. The test is on the drawn pixels, not on the parts' boxes: a column header's
/// band ends where its panel starts, while its glyphs keep clear of the panel's border.
struct FixedChrome: Sendable {
    let width: Int
    let height: Int
    /// Premultiplied ARGB32, rows of `width` pixels.
    let pixels: [UInt32]
    /// These pixels' identity in the `FrameRegions` of the frames drawn over them.
    let background = SharedBackground()

    /// Anti-aliasing reaches one pixel past a shape's box; two keep a safe distance.
    static let margin = 2.0

    /// `live` are the boxes of what changes per frame; `background` paints what lies under
    /// everything (drawn first on every path), `fixed` the fixed parts over it.
    init?(width: Int, height: Int, live: [Rect], background: (Canvas) -> Void, fixed: (Canvas) throws -> Void) throws {
        let alone = try Canvas(width: width, height: height)
        try fixed(alone)
        try alone.checkStatus("drawing the fixed parts of the frame")
        // A pixel the fixed parts leave transparent is one they leave unchanged over any background.
        let near = PixelRegion(live.compactMap { $0.inset(by: -Self.margin).pixels }, width: width, height: height)
        let untouched = alone.withPixels { base, stride in
            near.bands.allSatisfy { band in
                band.rows.allSatisfy { y in band.spans.allSatisfy { span in span.allSatisfy { base[y * stride + $0] == 0 } } }
            }
        }
        guard untouched else { return nil }
        let canvas = try Canvas(width: width, height: height)
        background(canvas)
        try fixed(canvas)
        try canvas.checkStatus("drawing the fixed parts of the frame")
        self.width = width
        self.height = height
        pixels = canvas.withPixels { base, stride in
            var copy = [UInt32](repeating: 0, count: width * height)
            copy.withUnsafeMutableBufferPointer { out in
                for y in 0..<height { (out.baseAddress! + y * width).update(from: base + y * stride, count: width) }
            }
            return copy
        }
    }

    /// Starts a frame: copies the fixed pixels onto `canvas` (of the same size).
    func paint(on canvas: Canvas) {
        canvas.withPixels { base, stride in
            pixels.withUnsafeBufferPointer { source in
                if stride == width {
                    base.update(from: source.baseAddress!, count: width * height)
                } else {
                    for y in 0..<height { (base + y * stride).update(from: source.baseAddress! + y * width, count: width) }
                }
            }
        }
    }

    /// Starts a frame on a canvas that holds the fixed pixels outside `region`: copies them
    /// back there only.
    func restore(_ region: PixelRegion, on canvas: Canvas) {
        canvas.withPixels { base, stride in
            pixels.withUnsafeBufferPointer { source in
                for band in region.bands {
                    for y in band.rows {
                        for span in band.spans {
                            (base + y * stride + span.lowerBound).update(from: source.baseAddress! + y * width + span.lowerBound,
                                                                         count: span.count)
                        }
                    }
                }
            }
        }
    }
}

extension Rect {
    /// The whole pixels this box touches (nil for a box not of finite size).
    var pixels: PixelRect? { PixelRect(covering: x, y, maxX, maxY) }
}
