/// The fast point path: anti-aliased discs written straight into ARGB32 pixel memory.
///
/// Coverage: the area of the pixel square covered by the disc, which is what Cairo's
/// rasteriser estimates. It depends only on the offset (|dx|, |dy|) of the pixel centre from the
/// disc centre, so it is tabulated once per radius on a grid of 1/`resolution` px and looked up
/// per pixel (error ≤ 1/128 px of position at the default 64 steps). Each table entry is the
/// exact chord overlap integrated over 16 sub-rows (the midpoint rule), like a scan converter.
///
/// Compositing is Porter-Duff OVER on premultiplied pixels with exact integer rounding: for
/// a = α·coverage in 0…255, `dst = (src·a + dst·(255 − a)) / 255` per channel (alpha channel
/// included, source alpha 255), two channels per 32-bit multiply, four pixels of a row per
/// SIMD operation (`blend`).
struct DiscSplatter: Sendable {
    let radius: Float
    /// Table steps per pixel of offset (a power of two, 64 unless the disc is huge).
    let resolution: Int
    /// Table row length: offsets 0 ..< side / resolution px.
    let side: Int
    /// coverage[qy * side + qx] for the offset (qx / resolution, qy / resolution).
    let coverage: [UInt8]
    /// log2(resolution), for floor division by shifting.
    let shift: Int
    /// extent[qy]: the largest qx with non-zero coverage in table row qy (−1 for none), so each
    /// pixel row visits only the pixels the disc touches.
    let extent: [Int32]

    init(radius: Float) {
        let r = max(radius, 0.25)
        self.radius = r
        // 64 steps per px, fewer for huge discs so the table stays ≤ 1024² entries.
        var steps = 64
        while steps > 2 && Float(steps) * (r + 1) + 2 > 1024 { steps /= 2 }
        resolution = steps
        let q = Float(steps)
        // Pixel centres of the bounding box lie at most r + ½ px away on each axis.
        let side = Int((r + 1) * q) + 2
        self.side = side
        var table = [UInt8](repeating: 0, count: side * side)
        let subRows = 16
        for qy in 0..<side {
            let dy = Float(qy) / q
            for qx in qy..<side {
                let dx = Float(qx) / q
                let d = (dx * dx + dy * dy).squareRoot()
                var c: Float
                if d + 0.7072 <= r {
                    c = 1
                } else if d - 0.7072 >= r {
                    c = 0
                } else {
                    // Pixel [dx − ½, dx + ½] × [dy − ½, dy + ½] relative to the disc centre.
                    c = 0
                    for k in 0..<subRows {
                        let y = dy - 0.5 + (Float(k) + 0.5) / Float(subRows)
                        let h2 = r * r - y * y
                        guard h2 > 0 else { continue }
                        let h = h2.squareRoot()
                        c += max(min(dx + 0.5, h) - max(dx - 0.5, -h), 0)
                    }
                    c /= Float(subRows)
                }
                let v = UInt8((min(max(c, 0), 1) * 255).rounded())
                table[qy * side + qx] = v
                table[qx * side + qy] = v
            }
        }
        coverage = table
        shift = steps.trailingZeroBitCount
        extent = (0..<side).map { qy in
            Int32((0..<side).last { table[qy * side + $0] > 0 } ?? -1)
        }
    }

    /// Draws one disc centred at (cx, cy) (pixel coordinates: pixel (i, j) covers [i, i+1] ×
    /// [j, j+1]), colour `rgb` (0x00RRGGBB, straight) at opacity `alpha` (0…255), clipped to the
    /// pixel rectangle x0..<x1, y0..<y1 (which must lie inside the image).
    @inline(__always)
    func splat(cx: Float, cy: Float, rgb: UInt32, alpha: UInt32,
               into base: UnsafeMutablePointer<UInt32>, stride: Int,
               clipX0: Int, clipY0: Int, clipX1: Int, clipY1: Int,
               lut: UnsafePointer<UInt8>, extent: UnsafePointer<Int32>) {
        // Finite and within ±2^24 px (far outside any image), so the integer conversions are safe.
        guard alpha > 0, abs(cx) < 16_777_216, abs(cy) < 16_777_216 else { return }
        let alpha = min(alpha, 255)  // keeps a ≤ 255 below
        let r = radius
        // Integer floor/ceil by truncation: Float.rounded() is a libm call on baseline x86-64.
        @inline(__always) func floorInt(_ v: Float) -> Int {
            let t = Int(v)
            return v < Float(t) ? t - 1 : t
        }
        let bx0 = floorInt(cx - r), bx1 = -floorInt(-(cx + r))
        let by0 = floorInt(cy - r), by1 = -floorInt(-(cy + r))
        guard bx1 > clipX0, bx0 < clipX1, by1 > clipY0, by0 < clipY1 else { return }
        let x0 = max(bx0, clipX0), x1 = min(bx1, clipX1)
        let y0 = max(by0, clipY0), y1 = min(by1, clipY1)
        let src = 0xFF00_0000 | rgb
        let q = resolution
        let side = self.side
        // Centre on the table grid; offsets of pixel centres (x + ½) in grid steps are integers.
        let cxq = floorInt(cx * Float(q) + 0.5), cyq = floorInt(cy * Float(q) + 0.5)
        let half = q / 2
        var y = y0
        while y < y1 {
            let qy = abs(y &* q &+ half &- cyq)
            let lutRow = lut + qy * side
            let row = base + y * stride
            // Pixels whose |x·q + half − cxq| ≤ extent: x from ⌈(cxq − half − e)/q⌉ to ⌊(cxq − half + e)/q⌋.
            let e = Int(extent[qy])
            let first = -((half &+ e &- cxq) >> shift), last = (cxq &- half &+ e) >> shift
            var x = max(x0, first)
            let end = min(x1, last &+ 1)
            var dxq = x &* q &+ half &- cxq
            // Four pixels at a time while four fit in the clip; lanes past the disc's row get
            // coverage 0, which leaves their pixel as it was.
            while x < end && x &+ 4 <= x1 {
                let n = end &- x
                let cov = SIMD4<UInt32>(UInt32(lutRow[abs(dxq)]),
                                        n > 1 ? UInt32(lutRow[abs(dxq &+ q)]) : 0,
                                        n > 2 ? UInt32(lutRow[abs(dxq &+ 2 &* q)]) : 0,
                                        n > 3 ? UInt32(lutRow[abs(dxq &+ 3 &* q)]) : 0)
                let pixels = UnsafeMutableRawPointer(row + x)
                pixels.storeBytes(of: Self.blend(source: src, alpha: alpha, coverage: cov,
                                                 onto: pixels.loadUnaligned(as: SIMD4<UInt32>.self)),
                                  as: SIMD4<UInt32>.self)
                x &+= 4
                dxq &+= 4 &* q
            }
            while x < end {
                row[x] = Self.blend(source: src, alpha: alpha, coverage: SIMD4(repeating: UInt32(lutRow[abs(dxq)])),
                                    onto: SIMD4(repeating: row[x]))[0]
                x += 1
                dxq &+= q
            }
            y += 1
        }
    }

    /// OVER of the opaque colour `source` (0xFFRRGGBB) at `alpha` (0…255) times `coverage`
    /// (0…255, per lane) onto four premultiplied pixels, with exact rounding:
    /// a = round(coverage·alpha / 255), then each channel (dst·(255 − a) + src·a) / 255 rounded.
    /// No branches on a: a = 255 gives the source and a = 0 the destination exactly.
    ///
    /// One 16-bit lane per channel: every product and sum stays below 2^16 (src·a + dst·(255 − a)
    /// + 128 ≤ 255² + 128), and x / 255 rounded is (x + 128 + ((x + 128) >> 8)) >> 8 there. 16-bit
    /// multiplies are single instructions on every x86-64 (32-bit lanes are not, before SSE4.1).
    @inline(__always)
    static func blend(source: UInt32, alpha: UInt32, coverage: SIMD4<UInt32>, onto d: SIMD4<UInt32>) -> SIMD4<UInt32> {
        var a = SIMD4<UInt16>(truncatingIfNeeded: coverage) &* UInt16(truncatingIfNeeded: alpha) &+ 128
        a = (a &+ (a &>> 8)) &>> 8
        // Bytes B, G, R, A of each pixel (little-endian), widened.
        let s8 = unsafeBitCast(SIMD4<UInt32>(repeating: source), to: SIMD16<UInt8>.self).lowHalf
        let s = SIMD8<UInt16>(truncatingIfNeeded: s8)
        let bytes = unsafeBitCast(d, to: SIMD16<UInt8>.self)
        let low = over(s, a: SIMD8(a[0], a[0], a[0], a[0], a[1], a[1], a[1], a[1]), onto: SIMD8(truncatingIfNeeded: bytes.lowHalf))
        let high = over(s, a: SIMD8(a[2], a[2], a[2], a[2], a[3], a[3], a[3], a[3]), onto: SIMD8(truncatingIfNeeded: bytes.highHalf))
        return unsafeBitCast(SIMD16<UInt8>(lowHalf: SIMD8(truncatingIfNeeded: low), highHalf: SIMD8(truncatingIfNeeded: high)),
                             to: SIMD4<UInt32>.self)
    }

    /// (s·a + d·(255 − a)) / 255 rounded, lane by lane (all lanes ≤ 255).
    @inline(__always)
    private static func over(_ s: SIMD8<UInt16>, a: SIMD8<UInt16>, onto d: SIMD8<UInt16>) -> SIMD8<UInt16> {
        let x = s &* a &+ d &* (255 &- a) &+ 128
        return (x &+ (x &>> 8)) &>> 8
    }
}
