/// What happens to points outside the viewport (the few the robust bounds leave out).
public enum OutlierStyle: String, Sendable, Equatable, CaseIterable {
    /// Positions are clamped onto the viewport edge, so outliers stay visible at the border.
    case clampToEdge
    /// Positions outside the viewport become NaN (not drawn).
    case hide

    /// Applies the rule in place to 2·N coordinates (NaN stays NaN).
    func apply(to positions: UnsafeMutableBufferPointer<Float>, viewport v: Viewport) {
        let n = positions.count / 2
        switch self {
        case .clampToEdge:
            for i in 0..<n {
                let x = positions[2 * i], y = positions[2 * i + 1]
                if x.isNaN { continue }
                positions[2 * i] = min(max(x, v.minX), v.maxX)
                positions[2 * i + 1] = min(max(y, v.minY), v.maxY)
            }
        case .hide:
            for i in 0..<n {
                let x = positions[2 * i], y = positions[2 * i + 1]
                if x < v.minX || x > v.maxX || y < v.minY || y > v.maxY {
                    positions[2 * i] = .nan
                    positions[2 * i + 1] = .nan
                }
            }
        }
    }

    /// The rule for one point; nil when hidden.
    func apply(to point: SIMD2<Float>, viewport v: Viewport) -> SIMD2<Float>? {
        switch self {
        case .clampToEdge:
            return SIMD2(min(max(point.x, v.minX), v.maxX), min(max(point.y, v.minY), v.maxY))
        case .hide:
            let inside = point.x >= v.minX && point.x <= v.maxX && point.y >= v.minY && point.y <= v.maxY
            return inside ? point : nil
        }
    }
}
