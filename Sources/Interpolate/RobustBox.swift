/// An axis-aligned box in layout coordinates, in Double so that camera arithmetic does not
/// drift; converted to a `Viewport` by rounding outward.
struct RobustBox: Equatable, Sendable {
    var minX: Double
    var minY: Double
    var maxX: Double
    var maxY: Double

    var width: Double { maxX - minX }
    var height: Double { maxY - minY }
    var centerX: Double { 0.5 * (minX + maxX) }
    var centerY: Double { 0.5 * (minY + maxY) }

    init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    init(_ v: Viewport) {
        self.init(minX: Double(v.minX), minY: Double(v.minY), maxX: Double(v.maxX), maxY: Double(v.maxY))
    }

    func union(_ other: RobustBox) -> RobustBox {
        RobustBox(minX: min(minX, other.minX), minY: min(minY, other.minY),
                  maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }

    /// Grown by `fraction` of the larger side on every side.
    func withMargin(_ fraction: Double) -> RobustBox {
        let pad = fraction * max(width, height)
        return RobustBox(minX: minX - pad, minY: minY - pad, maxX: maxX + pad, maxY: maxY + pad)
    }

    /// The smallest box with width/height = `aspect` that contains this one and shares its
    /// centre. A box with no extent becomes 1 × 1/aspect around its centre.
    func equalAspect(_ aspect: Double) -> RobustBox {
        var w = width, h = height
        let scale = 1 + max(abs(minX), abs(maxX), abs(minY), abs(maxY))
        if w <= 1e-9 * scale && h <= 1e-9 * scale { w = 1; h = 1 / aspect }
        if w < h * aspect { w = h * aspect } else { h = w / aspect }
        return RobustBox(minX: centerX - 0.5 * w, minY: centerY - 0.5 * h, maxX: centerX + 0.5 * w, maxY: centerY + 0.5 * h)
    }

    /// Float viewport that contains this box (edges rounded outward).
    var viewport: Viewport {
        func down(_ v: Double) -> Float { let f = Float(v); return Double(f) > v ? f.nextDown : f }
        func up(_ v: Double) -> Float { let f = Float(v); return Double(f) < v ? f.nextUp : f }
        return Viewport(minX: down(minX), minY: down(minY), maxX: up(maxX), maxY: up(maxY))
    }

    /// The robust bounds of the points shown during a step (or a hold when `a` and `b` are the
    /// same keyframe), each point taken as the box spanned by its two keyframe positions (or its
    /// one position where it is present at only one end).
    ///
    /// Rule: with M such points and r = ⌊M·(1 − coverage)/4⌋, the box edges are the order
    /// statistics minX = r-th smallest of the points' left edges, maxX = r-th largest of their
    /// right edges, and likewise in y. At most r points stick out past each of the four edges, so
    /// at least M − 4r ≥ coverage·M point boxes lie entirely inside. Because every `MotionCurve`
    /// keeps each coordinate between its two keyframe values, those points stay inside at every
    /// frame of the step. Returns nil when no point is present.
    static func quantileBounds(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>,
                               coverage: Double, scratch: inout [Float]) -> RobustBox? {
        let n = a.count / 2
        if scratch.count < 4 * n { scratch = [Float](repeating: 0, count: 4 * n) }
        var m = 0
        return scratch.withUnsafeMutableBufferPointer { s -> RobustBox? in
            let loX = s.baseAddress!, hiX = loX + n, loY = hiX + n, hiY = loY + n
            for i in 0..<n {
                let ax = a[2 * i], ay = a[2 * i + 1], bx = b[2 * i], by = b[2 * i + 1]
                let hasA = !ax.isNaN, hasB = !bx.isNaN
                if hasA && hasB {
                    loX[m] = min(ax, bx); hiX[m] = max(ax, bx); loY[m] = min(ay, by); hiY[m] = max(ay, by)
                } else if hasA {
                    loX[m] = ax; hiX[m] = ax; loY[m] = ay; hiY[m] = ay
                } else if hasB {
                    loX[m] = bx; hiX[m] = bx; loY[m] = by; hiY[m] = by
                } else {
                    continue
                }
                m += 1
            }
            guard m > 0 else { return nil }
            let r = Int((Double(m) * (1 - coverage) / 4).rounded(.down))
            func pick(_ p: UnsafeMutablePointer<Float>, _ rank: Int) -> Double {
                Double(OrderStatistic.select(UnsafeMutableBufferPointer(start: p, count: m), count: m, rank: rank))
            }
            return RobustBox(minX: pick(loX, r), minY: pick(loY, r), maxX: pick(hiX, m - 1 - r), maxY: pick(hiY, m - 1 - r))
        }
    }
}
