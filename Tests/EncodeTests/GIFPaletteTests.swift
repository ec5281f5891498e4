@testable import Encode
import XCTest

final class GIFPaletteTests: XCTestCase {
    func testKeysComeFirstInOrderWithoutDuplicates() throws {
        let keys = [RGB(255, 255, 255), RGB(1, 2, 3), RGB(255, 255, 255), RGB(9, 9, 9)]
        let palette = try GIFPalette(keyColors: keys)
        XCTAssertEqual(palette.keyCount, 3)
        XCTAssertEqual(Array(palette.colors.prefix(3)), [RGB(255, 255, 255), RGB(1, 2, 3), RGB(9, 9, 9)])
        XCTAssertEqual(palette.colors.count, 256)
    }

    func testFillerIsTheLargestLatticeThatFits() throws {
        let palette = try GIFPalette(keyColors: SyntheticScene.keyColors)  // 41 keys, 215 free
        let levels = palette.latticeLevels
        XCTAssertLessThanOrEqual(levels.r * levels.g * levels.b, 256 - palette.keyCount)
        // 6 red x 7 green x 5 blue = 210; 6 x 6 x 6 = 216 does not fit.
        XCTAssertEqual([levels.r, levels.g, levels.b], [6, 7, 5])
    }

    func testMoreThan256KeysIsAnError() {
        let keys = (0..<300).map { RGB(UInt8($0 % 256), UInt8($0 / 256), 7) }
        XCTAssertThrowsError(try GIFPalette(keyColors: keys)) { error in
            XCTAssertEqual(error as? EncodeError, .tooManyKeyColors(count: 300))
        }
    }

    func testQuantizerMapsEveryPaletteColourToItsOwnIndex() throws {
        let palette = try GIFPalette(keyColors: SyntheticScene.keyColors)
        let quantizer = PaletteQuantizer(palette: palette)
        for (index, color) in palette.colors.enumerated() {
            let found = try XCTUnwrap(quantizer.exactIndex(of: color.hex))
            XCTAssertEqual(palette.colors[Int(found)], color)
            if index < palette.keyCount { XCTAssertEqual(Int(found), index) }
        }
        XCTAssertNil(quantizer.exactIndex(of: 0x123457))
    }

    func testDitheredAreaAveragesCloseToTheColour() throws {
        // A flat colour the palette lacks: the 8x8 Bayer pattern's mean must approach it far
        // better than the nearest single palette entry does.
        let palette = try GIFPalette(keyColors: SyntheticScene.keyColors)
        let quantizer = PaletteQuantizer(palette: palette)
        for target in [RGB(200, 120, 40), RGB(90, 160, 210), RGB(140, 140, 60)] {
            XCTAssertNil(quantizer.exactIndex(of: target.hex))
            let buffer = PixelBuffer(width: 8, height: 8)
            buffer.fill(target)
            var indices = [UInt8](repeating: 0, count: 64)
            quantizer.quantize(buffer.frame, into: &indices, lineSize: 8)
            var mean = (0.0, 0.0, 0.0)
            for i in indices {
                let c = palette.colors[Int(i)]
                mean.0 += Double(c.r) / 64; mean.1 += Double(c.g) / 64; mean.2 += Double(c.b) / 64
            }
            let error = max(abs(mean.0 - Double(target.r)), abs(mean.1 - Double(target.g)), abs(mean.2 - Double(target.b)))
            XCTAssertLessThan(error, 12, "\(target) dithered to mean \(mean)")
            XCTAssertGreaterThan(Set(indices).count, 1, "\(target) should be dithered")
        }
    }

    func testBayerPatternIsDeterministic() throws {
        let palette = try GIFPalette(keyColors: [RGB(0, 0, 0), RGB(255, 255, 255)])
        let buffer = PixelBuffer(width: 16, height: 16)
        buffer.fill(RGB(77, 133, 201))
        var first = [UInt8](repeating: 0, count: 256), second = first
        PaletteQuantizer(palette: palette).quantize(buffer.frame, into: &first, lineSize: 16)
        PaletteQuantizer(palette: palette).quantize(buffer.frame, into: &second, lineSize: 16)
        XCTAssertEqual(first, second)
    }
}
