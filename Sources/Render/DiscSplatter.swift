/// The fast point path: anti-aliased discs written straight into ARGB32 pixel memory.
///
/// Coverage model (matches Cairo's area-sampled circles to within a few levels for r ≥ 1):
/// `coverage = clamp(r + ½ − |pixelCentre − centre|, 0, 1)`, looked up in a table indexed by the
/// squared distance (64 entries per px², so no square root per pixel). Compositing is Porter-Duff
/// OVER on premultiplied pixels with exact integer rounding: for a = α·coverage in 0…255,
/// `dst = (src·a + dst·(255 − a)) / 255` per channel (alpha channel included, src alpha 255),
/// two channels per 32-bit multiply.
struct DiscSplatter {
    let radius: Float
    /// r + ½: beyond this distance the coverage is 0.
    let reach: Float
    let reachSquared: Float
    /// Table entries per px² of squared distance.
    let scale: Float
    let coverage: [UInt8]

    init(radius: Float) {
        let r = max(radius, 0.25)
        self.radius = r
        reach = r + 0.5
        reachSquared = reach * reach
        // 64 steps per px² resolves the edge ramp to < 1 level for radii up to ~8 px; large
        // discs keep a table of at most 2^16 entries (still < 1 level: the ramp is 1 px wide).
        scale = min(64, 65536 / reachSquared)
        let tableScale = scale
        let count = Int(reachSquared * scale) + 2
        coverage = (0..<count).map { i in
            let d = (Float(i) + 0.5) / tableScale
            let c = min(max(r + 0.5 - d.squareRoot(), 0), 1)
            return UInt8((c * 255).rounded())
        }
    }

    /// Draws one disc centred at (cx, cy) (pixel coordinates, pixel centres at +0.5), colour
    /// `rgb` (0x00RRGGBB, straight) at opacity `alpha` (0…255), clipped to the pixel rectangle
    /// x0..<x1, y0..<y1 (which must lie inside the image).
    @inline(__always)
    func splat(cx: Float, cy: Float, rgb: UInt32, alpha: UInt32,
               into base: UnsafeMutablePointer<UInt32>, stride: Int,
               clipX0: Int, clipY0: Int, clipX1: Int, clipY1: Int,
               lut: UnsafePointer<UInt8>) {
        guard alpha > 0, cx.isFinite, cy.isFinite else { return }
        let fx0 = (cx - reach).rounded(.down), fx1 = (cx + reach).rounded(.up)
        let fy0 = (cy - reach).rounded(.down), fy1 = (cy + reach).rounded(.up)
        guard fx1 > Float(clipX0), fx0 < Float(clipX1), fy1 > Float(clipY0), fy0 < Float(clipY1) else { return }
        let x0 = max(Int(fx0), clipX0), x1 = min(Int(fx1), clipX1)
        let y0 = max(Int(fy0), clipY0), y1 = min(Int(fy1), clipY1)
        let src = 0xFF00_0000 | rgb
        let srcRB = src & 0x00FF_00FF
        let srcAG = (src >> 8) & 0x00FF_00FF
        let r2 = reachSquared
        let s = scale
        var y = y0
        while y < y1 {
            let dy = Float(y) + 0.5 - cy
            let dy2 = dy * dy
            if dy2 < r2 {
                let row = base + y * stride
                var x = x0
                var dx = Float(x0) + 0.5 - cx
                while x < x1 {
                    let d2 = dx * dx + dy2
                    if d2 < r2 {
                        let cov = UInt32(lut[Int(d2 * s)])
                        // a = round(cov·alpha / 255)
                        var a = cov * alpha + 128
                        a = (a + (a >> 8)) >> 8
                        if a >= 255 {
                            row[x] = src
                        } else if a > 0 {
                            let ia = 255 - a
                            let d = row[x]
                            var rb = srcRB &* a &+ (d & 0x00FF_00FF) &* ia &+ 0x0080_0080
                            rb = ((rb &+ ((rb >> 8) & 0x00FF_00FF)) >> 8) & 0x00FF_00FF
                            var ag = srcAG &* a &+ ((d >> 8) & 0x00FF_00FF) &* ia &+ 0x0080_0080
                            ag = (ag &+ ((ag >> 8) & 0x00FF_00FF)) & 0xFF00_FF00
                            row[x] = rb | ag
                        }
                    }
                    x += 1
                    dx += 1
                }
            }
            y += 1
        }
    }
}
