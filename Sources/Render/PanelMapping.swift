import Interpolate

/// Maps layout coordinates of a viewport onto a panel's device rectangle: equal scale on both
/// axes (a viewport of another shape is centred, never stretched), y pointing up as in a plot.
public struct PanelMapping: Sendable, Equatable {
    public let rect: Rect
    /// Device units per layout unit.
    public let scale: Double
    let centreX: Double
    let centreY: Double

    public init(viewport: Viewport, rect: Rect) {
        self.rect = rect
        let w = Double(viewport.width), h = Double(viewport.height)
        let sx = w > 0 && w.isFinite ? rect.width / w : .infinity
        let sy = h > 0 && h.isFinite ? rect.height / h : .infinity
        let s = min(sx, sy)
        scale = s.isFinite ? s : 1
        centreX = Double(viewport.minX) + w / 2
        centreY = Double(viewport.minY) + h / 2
    }

    /// Device position of a layout point.
    public func point(x: Double, y: Double) -> (x: Double, y: Double) {
        (rect.midX + (x - centreX) * scale, rect.midY - (y - centreY) * scale)
    }

    public func point(_ p: SIMD2<Float>) -> (x: Double, y: Double) {
        point(x: Double(p.x), y: Double(p.y))
    }
}
