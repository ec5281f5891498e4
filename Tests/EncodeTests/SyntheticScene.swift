import Encode
import Foundation

/// Deterministic test frames that look like a slide: a light background, a soft vertical gradient
/// band, and discs in class colours that move a few pixels per frame with anti-aliased edges
/// (coverage = clamp(r + 0.5 - distance, 0, 1), drawn with OVER on the opaque background).
struct SyntheticScene {
    static let background = RGB(250, 250, 250)
    static let classColors = [RGB(hex: 0x1F77B4), RGB(hex: 0xD62728), RGB(hex: 0x2CA02C), RGB(hex: 0x9467BD)]
    static let text = RGB(hex: 0x222222)

    let width: Int
    let height: Int
    var radius = 7.0

    /// Background, text and class colours plus their blends with the background at 1/8 ... 7/8:
    /// what a theme hands the GIF sink.
    static var keyColors: [RGB] {
        var keys = [background, text] + classColors
        for color in classColors + [text] {
            for step in 1...7 { keys.append(color.blended(over: background, alpha: Double(step) / 8)) }
        }
        return keys
    }

    /// Centre of disc `disc` in frame `index`.
    func centre(disc: Int, frame index: Int) -> (Double, Double) {
        let t = Double(index)
        let x = Double(width) * (0.2 + 0.2 * Double(disc)) + 2.0 * t * (disc % 2 == 0 ? 1 : -1)
        let y = Double(height) * (0.35 + 0.1 * Double(disc % 3)) + 1.25 * t
        return (x, y)
    }

    /// Paints frame `index` into `buffer`.
    func draw(frame index: Int, into buffer: PixelBuffer) {
        buffer.fill(Self.background)
        let pixels = buffer.pointer.assumingMemoryBound(to: UInt8.self)
        func put(_ x: Int, _ y: Int, _ c: RGB, _ alpha: Double) {
            guard x >= 0, y >= 0, x < width, y < height, alpha > 0 else { return }
            let p = pixels + y * buffer.bytesPerRow + 4 * x
            p[0] = UInt8((alpha * Double(c.b) + (1 - alpha) * Double(p[0])).rounded())
            p[1] = UInt8((alpha * Double(c.g) + (1 - alpha) * Double(p[1])).rounded())
            p[2] = UInt8((alpha * Double(c.r) + (1 - alpha) * Double(p[2])).rounded())
            p[3] = 255
        }
        // A smooth band: the kind of content (titles, gradients) H.264 keeps well.
        let bandTop = height / 10, bandHeight = max(2, height / 8)
        for y in bandTop..<(bandTop + bandHeight) {
            for x in 0..<width {
                let a = 0.15 + 0.6 * Double(x) / Double(width)
                put(x, y, Self.text, a)
            }
        }
        for disc in 0..<Self.classColors.count {
            let (cx, cy) = centre(disc: disc, frame: index)
            let reach = Int(radius + 2)
            for y in (Int(cy) - reach)...(Int(cy) + reach) {
                for x in (Int(cx) - reach)...(Int(cx) + reach) {
                    let dx = Double(x) + 0.5 - cx, dy = Double(y) + 0.5 - cy
                    let coverage = min(max(radius + 0.5 - (dx * dx + dy * dy).squareRoot(), 0), 1)
                    put(x, y, Self.classColors[disc], coverage)
                }
            }
        }
    }

    /// Frame `index` as a new buffer.
    func buffer(frame index: Int) -> PixelBuffer {
        let buffer = PixelBuffer(width: width, height: height)
        draw(frame: index, into: buffer)
        return buffer
    }

    /// Writes `count` frames to `sink` and finishes it.
    func encode(_ count: Int, to sink: any FrameSink) throws {
        let buffer = PixelBuffer(width: width, height: height)
        for index in 0..<count {
            draw(frame: index, into: buffer)
            try sink.write(buffer.frame)
        }
        try sink.finish()
    }
}
