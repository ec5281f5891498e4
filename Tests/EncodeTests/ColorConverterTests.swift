import Encode
import PixelRegions
import XCTest

/// BT.709, limited range, chroma from the mean of each 2x2 block.
final class ColorConverterTests: XCTestCase {
    /// Converts a `width` x 2 frame of `pixels` (0xAARRGGBB) and returns (Y, U, V).
    private func convert(_ pixels: [UInt32], width: Int) -> ([UInt8], [UInt8], [UInt8]) {
        var y = [UInt8](repeating: 0, count: width * 2), u = [UInt8](repeating: 0, count: width / 2), v = u
        pixels.withUnsafeBytes { raw in
            let frame = BGRAFrame(width: width, height: 2, bytesPerRow: 4 * width, pixels: raw.baseAddress!)
            ColorConverter(width: width, height: 2).convert(frame, y: &y, yStride: width, u: &u, uStride: width / 2, v: &v, vStride: width / 2)
        }
        return (y, u, v)
    }

    func testPrimariesAndGreysLandOnTheirBT709LimitedRangeCodes() {
        // (colour, Y, Cb, Cr) from BT.709's matrix scaled to 16-235 / 16-240.
        let cases: [(UInt32, UInt8, UInt8, UInt8)] = [
            (0xFFFF_FFFF, 235, 128, 128), (0xFF00_0000, 16, 128, 128), (0xFF80_8080, 126, 128, 128),
            (0xFFFF_0000, 63, 102, 240), (0xFF00_FF00, 173, 42, 26), (0xFF00_00FF, 32, 240, 118),
        ]
        for (colour, y, cb, cr) in cases {
            let (luma, u, v) = convert([UInt32](repeating: colour, count: 16), width: 8)
            XCTAssertEqual(Set(luma), [y], String(colour, radix: 16))
            XCTAssertEqual(Set(u), [cb], String(colour, radix: 16))
            XCTAssertEqual(Set(v), [cr], String(colour, radix: 16))
        }
    }

    func testChromaIsTheMeanOfEachTwoByTwoBlock() {
        // One red pixel in a white block: a quarter of red's chroma offset, not all or none.
        var pixels = [UInt32](repeating: 0xFFFF_FFFF, count: 2 * 10)
        pixels[0] = 0xFFFF_0000
        let (_, u, v) = convert(pixels, width: 10)
        // Block mean (255, 191.25, 191.25): Y' = 204.3, Cr = 128 + 224/255 (255 - Y') / 1.5748 = 156.3,
        // Cb = 128 + 224/255 (191.25 - Y') / 1.8556 = 121.8.
        XCTAssertEqual(v[0], 156)
        XCTAssertEqual(u[0], 122)
        XCTAssertEqual(Array(u[1...]), [128, 128, 128, 128], "widths not a multiple of 8 convert to the last pixel")
    }

    func testEveryChromaSampleDependsOnlyOnItsOwnBlockAtAnyColumn() {
        // 40 pixels: 16-pixel groups converted together, then a tail of 8 one block at a time.
        // Each block converted alone (as a 2x2 frame) must give the same Cb and Cr in place.
        var random = UInt64(0x9E37_79B9_7F4A_7C15)
        let width = 40
        let pixels = (0..<(2 * width)).map { _ -> UInt32 in
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return 0xFF00_0000 | UInt32(truncatingIfNeeded: random >> 40)
        }
        let (_, u, v) = convert(pixels, width: width)
        for cx in 0..<(width / 2) {
            let block = [pixels[2 * cx], pixels[2 * cx + 1], pixels[width + 2 * cx], pixels[width + 2 * cx + 1]]
            let (_, bu, bv) = convert(block, width: 2)
            XCTAssertEqual(u[cx], bu[0], "Cb of block \(cx)")
            XCTAssertEqual(v[cx], bv[0], "Cr of block \(cx)")
        }
    }

    func testConvertingOnlyTheChangedRectanglesOverTheFrameBeforeGivesTheWholeConversion() {
        let width = 48, height = 20
        var before = (0..<(width * height)).map { UInt32(0xFF00_0000) | UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) & 0xFF_FFFF }
        var after = before
        // Odd corners and overlapping rectangles: whole 2x2 blocks around them are redone, once.
        let changed = [PixelRect(x: 3, y: 5, width: 21, height: 7), PixelRect(x: 17, y: 1, width: 9, height: 16), PixelRect(x: 45, y: 19, width: 9, height: 9)]
        for r in changed {
            for y in r.y..<min(r.maxY, height) { for x in r.x..<min(r.maxX, width) { after[y * width + x] ^= 0x00A5_5A3C } }
        }
        let converter = ColorConverter(width: width, height: height)
        func whole(_ pixels: inout [UInt32], y: inout [UInt8], u: inout [UInt8], v: inout [UInt8], within rects: [PixelRect]? = nil) {
            pixels.withUnsafeBytes { raw in
                let frame = BGRAFrame(width: width, height: height, bytesPerRow: 4 * width, pixels: raw.baseAddress!)
                converter.convert(frame, y: &y, yStride: width, u: &u, uStride: width / 2, v: &v, vStride: width / 2, within: rects)
            }
        }
        var y = [UInt8](repeating: 0, count: width * height), u = [UInt8](repeating: 0, count: width * height / 4), v = u
        whole(&before, y: &y, u: &u, v: &v)
        whole(&after, y: &y, u: &u, v: &v, within: changed)
        var y2 = [UInt8](repeating: 0, count: width * height), u2 = [UInt8](repeating: 0, count: width * height / 4), v2 = u2
        whole(&after, y: &y2, u: &u2, v: &v2)
        XCTAssertEqual(y, y2)
        XCTAssertEqual(u, u2)
        XCTAssertEqual(v, v2)
    }
}
