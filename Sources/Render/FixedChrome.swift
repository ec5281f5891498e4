/// The pixels every frame of a video shares: background, panel fills, title, headers, legend and
/// the charts' axes, key and curves, drawn once when the renderer is made. Each frame starts as
/// a copy of them; points, tracks, panel borders, the epoch label, the charts' playheads and the
/// progress bar are drawn on top.
///
/// That gives the pixels drawing everything would, because the fixed parts never touch what is
/// drawn per frame (so the order between them does not matter): `init` returns nil when a fixed
/// part's box comes within `margin` px of a panel, the epoch label or the progress bar, and the
/// renderer then draws every part on every frame.
struct FixedChrome: Sendable {
    let width: Int
    let height: Int
    /// Premultiplied ARGB32, rows of `width` pixels.
    let pixels: [UInt32]

    /// Anti-aliasing reaches one pixel past a shape's box; two keep a safe distance.
    static let margin = 2.0

    /// `fixed` are the boxes of the fixed parts, `live` those of what changes per frame.
    init?(width: Int, height: Int, fixed: [Rect], live: [Rect], draw: (Canvas) throws -> Void) throws {
        for a in fixed {
            for b in live where a.intersects(b.inset(by: -Self.margin)) { return nil }
        }
        let canvas = try Canvas(width: width, height: height)
        try draw(canvas)
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
}
