/// A rectangle of whole pixels: columns `x ..< x + width`, rows `y ..< y + height`.
public struct PixelRect: Sendable, Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The smallest rectangle of whole pixels that covers the real one from (`x`, `y`) to
    /// (`maxX`, `maxY`); nil for a non-finite box.
    public init?(covering x: Double, _ y: Double, _ maxX: Double, _ maxY: Double) {
        guard x.isFinite, y.isFinite, maxX.isFinite, maxY.isFinite,
              abs(x) < 1e9, abs(y) < 1e9, abs(maxX) < 1e9, abs(maxY) < 1e9 else { return nil }
        let x0 = Int(x.rounded(.down)), y0 = Int(y.rounded(.down))
        self.init(x: x0, y: y0, width: max(Int(maxX.rounded(.up)) - x0, 0), height: max(Int(maxY.rounded(.up)) - y0, 0))
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The smallest rectangle with even corners that holds this one: yuv420p's chroma samples
    /// cover 2x2 blocks starting at even coordinates.
    public var evenOutward: PixelRect {
        let x0 = x & ~1, y0 = y & ~1
        return PixelRect(x: x0, y: y0, width: ((maxX + 1) & ~1) - x0, height: ((maxY + 1) & ~1) - y0)
    }

    /// The part inside a `width` x `height` image (empty when none is).
    public func clipped(width w: Int, height h: Int) -> PixelRect {
        let x0 = min(max(x, 0), w), y0 = min(max(y, 0), h)
        return PixelRect(x: x0, y: y0, width: min(max(maxX, 0), w) - x0, height: min(max(maxY, 0), h) - y0)
    }

    public var description: String { "(\(x), \(y), \(width) x \(height))" }
}
