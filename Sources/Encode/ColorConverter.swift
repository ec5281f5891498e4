import PixelRegions

/// Converts Cairo BGRA frames to YUV 4:2:0 with the BT.709 matrix and limited ("TV", MPEG) range,
/// matching the colour tags the video sinks write.
///
/// BT.709 (ITU-R BT.709-6, item 3.2-3.3) with 8-bit limited-range quantisation, from full-range
/// R, G, B in 0...255:
///   Y  = 16  + 219/255 · (0.2126 R + 0.7152 G + 0.0722 B)
///   Cb = 128 + 224/255 · (B − Y′) / 1.8556,   Cr = 128 + 224/255 · (R − Y′) / 1.5748
/// (Y′ = 0.2126 R + 0.7152 G + 0.0722 B), rounded to nearest. Each chroma sample is computed
/// from the mean of its 2x2 block of pixels (centre-sited, like swscale's bilinear decimation),
/// so small dots keep their colour instead of picking one corner.
///
/// Written out rather than through swscale: fixed-point integers (16 fractional bits, so each
/// output is within ½ of the exact value before rounding), a luma loop the compiler vectorises,
/// and one pass over the frame that reads each pixel once from cache for chroma, which keeps it
/// near memory speed, so the CPU stays with the encoder.
///
/// Stateless; any thread may use it.
public struct ColorConverter: Sendable {
    public let width: Int
    public let height: Int

    /// Frames of `width` x `height`, both even (yuv420p's chroma covers 2x2 blocks).
    public init(width: Int, height: Int) {
        precondition(width % 2 == 0 && height % 2 == 0, "yuv420p conversion needs even sizes")
        self.width = width
        self.height = height
    }

    // Y′ weights scaled to limited range (219/255) and chroma rows (224/255), times 2^16;
    // chroma works on sums of four pixels, hence 2 more bits of shift.
    static let yR: Int32 = 11966, yG: Int32 = 40254, yB: Int32 = 4064
    static let cbR: Int32 = -6596, cbG: Int32 = -22189, cbB: Int32 = 28785
    static let crR: Int32 = 28785, crG: Int32 = -26145, crB: Int32 = -2640
    static let yOffset: Int32 = (16 << 16) + (1 << 15), chromaOffset: Int32 = (128 << 18) + (1 << 17)

    /// Converts `frame` into the YUV420P planes of `destination`: all of it, or only the 2x2
    /// blocks that meet `rects` (the planes keep their other samples).
    func convert(_ frame: BGRAFrame, into destination: CodecFrame, within rects: [PixelRect]? = nil) {
        convert(frame, y: destination.plane(0), yStride: destination.lineSize(0),
                u: destination.plane(1), uStride: destination.lineSize(1),
                v: destination.plane(2), vStride: destination.lineSize(2), within: rects)
    }

    /// The conversion on raw planes (rows `*Stride` bytes apart). With `rects`, only the 2x2
    /// blocks that meet them are written, each once however the rectangles overlap, with the
    /// same arithmetic as the whole frame's, so a frame converted piece by piece over the one
    /// before is byte for byte the frame converted whole.
    public func convert(_ frame: BGRAFrame, y yPlane: UnsafeMutablePointer<UInt8>, yStride: Int,
                        u uPlane: UnsafeMutablePointer<UInt8>, uStride: Int, v vPlane: UnsafeMutablePointer<UInt8>, vStride: Int,
                        within rects: [PixelRect]? = nil) {
        let planes = Planes(frame: frame, y: yPlane, yStride: yStride, u: uPlane, uStride: uStride, v: vPlane, vStride: vStride)
        guard let rects else {
            for row in Swift.stride(from: 0, to: height, by: 2) { planes.convertRows(row, columns: 0, width) }
            return
        }
        // Even corners: every band starts on an even row and every span on an even column.
        let region = PixelRegion(rects.map(\.evenOutward), width: width, height: height)
        for band in region.bands {
            for row in Swift.stride(from: band.rows.lowerBound, to: band.rows.upperBound, by: 2) {
                for span in band.spans { planes.convertRows(row, columns: span.lowerBound, span.upperBound) }
            }
        }
    }

    /// The frame and the planes one conversion reads and writes.
    private struct Planes {
        let pixels: UnsafePointer<UInt32>, rowPixels: Int
        let y: UnsafeMutablePointer<UInt8>, yStride: Int
        let u: UnsafeMutablePointer<UInt8>, uStride: Int
        let v: UnsafeMutablePointer<UInt8>, vStride: Int

        init(frame: BGRAFrame, y: UnsafeMutablePointer<UInt8>, yStride: Int, u: UnsafeMutablePointer<UInt8>, uStride: Int,
             v: UnsafeMutablePointer<UInt8>, vStride: Int) {
            pixels = frame.pixels.assumingMemoryBound(to: UInt32.self)
            rowPixels = frame.bytesPerRow / 4
            self.y = y
            self.yStride = yStride
            self.u = u
            self.uStride = uStride
            self.v = v
            self.vStride = vStride
        }

        /// Rows `row` (even) and `row + 1`, columns `x0 ..< x1` (both even).
        @inline(__always)
        func convertRows(_ row: Int, columns x0: Int, _ x1: Int) {
            let top = pixels + row * rowPixels + x0, bottom = top + rowPixels
            // Luma of both rows first; the chroma loop then reads them again from the L1 cache.
            ColorConverter.luma(top, into: y + row * yStride + x0, count: x1 - x0)
            ColorConverter.luma(bottom, into: y + (row + 1) * yStride + x0, count: x1 - x0)
            let uRow = u + row / 2 * uStride + x0 / 2, vRow = v + row / 2 * vStride + x0 / 2
            let samples = (x1 - x0) / 2
            // Eight chroma samples (16 pixels of each row) at a time in SIMD lanes, the same
            // integer arithmetic as the scalar loop that finishes the span.
            let blocks = samples / 8
            for k in 0..<blocks {
                let t = UnsafeRawPointer(top + 16 * k).loadUnaligned(as: SIMD16<UInt32>.self)
                let b = UnsafeRawPointer(bottom + 16 * k).loadUnaligned(as: SIMD16<UInt32>.self)
                let (cb, cr) = ColorConverter.chroma(t.evenHalf, t.oddHalf, b.evenHalf, b.oddHalf)
                UnsafeMutableRawPointer(uRow + 8 * k).storeBytes(of: cb, as: SIMD8<UInt8>.self)
                UnsafeMutableRawPointer(vRow + 8 * k).storeBytes(of: cr, as: SIMD8<UInt8>.self)
            }
            for cx in (8 * blocks)..<samples {
                let a = top[2 * cx], b = top[2 * cx + 1], c = bottom[2 * cx], d = bottom[2 * cx + 1]
                // Per-channel sums of the block, two channels per add (each sum < 2^10).
                let rb = (a & 0x00FF_00FF) &+ (b & 0x00FF_00FF) &+ (c & 0x00FF_00FF) &+ (d & 0x00FF_00FF)
                let g = ((a >> 8) & 0xFF) &+ ((b >> 8) & 0xFF) &+ ((c >> 8) & 0xFF) &+ ((d >> 8) & 0xFF)
                let r4 = Int32(rb >> 16), g4 = Int32(g), b4 = Int32(rb & 0xFFFF)
                uRow[cx] = UInt8(truncatingIfNeeded: (Weights.cbR &* r4 &+ Weights.cbG &* g4 &+ Weights.cbB &* b4 &+ Weights.chromaOffset) >> 18)
                vRow[cx] = UInt8(truncatingIfNeeded: (Weights.crR &* r4 &+ Weights.crG &* g4 &+ Weights.crB &* b4 &+ Weights.chromaOffset) >> 18)
            }
        }
        /// The converter's fixed-point weights.
        private typealias Weights = ColorConverter
    }

    /// Cb and Cr of eight 2x2 blocks, one per lane, from their top-left, top-right, bottom-left
    /// and bottom-right pixels: the scalar loop's arithmetic, lane by lane.
    @inline(__always)
    static func chroma(_ a: SIMD8<UInt32>, _ b: SIMD8<UInt32>, _ c: SIMD8<UInt32>, _ d: SIMD8<UInt32>) -> (SIMD8<UInt8>, SIMD8<UInt8>) {
        let m = SIMD8<UInt32>(repeating: 0x00FF_00FF), low = SIMD8<UInt32>(repeating: 0xFF)
        let rb = (a & m) &+ (b & m) &+ (c & m) &+ (d & m)
        let g = ((a &>> 8) & low) &+ ((b &>> 8) & low) &+ ((c &>> 8) & low) &+ ((d &>> 8) & low)
        let r4 = SIMD8<Int32>(truncatingIfNeeded: rb &>> 16), g4 = SIMD8<Int32>(truncatingIfNeeded: g)
        let b4 = SIMD8<Int32>(truncatingIfNeeded: rb & SIMD8(repeating: 0xFFFF))
        let u = (cbR &* r4 &+ cbG &* g4 &+ cbB &* b4 &+ chromaOffset) &>> 18
        let v = (crR &* r4 &+ crG &* g4 &+ crB &* b4 &+ chromaOffset) &>> 18
        return (SIMD8<UInt8>(truncatingIfNeeded: u), SIMD8<UInt8>(truncatingIfNeeded: v))
    }

    /// Luma of `count` pixels: one multiply-add chain per pixel, no branches, so it vectorises.
    @inline(__always)
    static func luma(_ source: UnsafePointer<UInt32>, into out: UnsafeMutablePointer<UInt8>, count: Int) {
        for x in 0..<count {
            let p = source[x]
            let r = Int32((p >> 16) & 0xFF), g = Int32((p >> 8) & 0xFF), b = Int32(p & 0xFF)
            out[x] = UInt8(truncatingIfNeeded: (yR &* r &+ yG &* g &+ yB &* b &+ yOffset) >> 16)
        }
    }
}
