import PixelRegions
import XCTest

/// A region visits exactly the pixels of its rectangles inside the image, each once.
final class PixelRegionTests: XCTestCase {
    /// Marks every pixel the region's bands visit, counting visits.
    private func visits(_ region: PixelRegion, width: Int, height: Int) -> [Int] {
        var count = [Int](repeating: 0, count: width * height)
        for band in region.bands {
            for y in band.rows {
                for span in band.spans {
                    for x in span { count[y * width + x] += 1 }
                }
            }
        }
        return count
    }

    func testOverlappingTouchingAndOutsideRectanglesAreEachPixelOnce() {
        let width = 40, height = 30
        let rects = [PixelRect(x: 2, y: 3, width: 10, height: 8), PixelRect(x: 8, y: 6, width: 10, height: 10),  // overlap
                     PixelRect(x: 18, y: 6, width: 4, height: 2),  // touches the second on its right
                     PixelRect(x: 30, y: -5, width: 20, height: 12),  // reaches past the top and right edges
                     PixelRect(x: 5, y: 20, width: 0, height: 5),  // empty
                     PixelRect(x: 3, y: 4, width: 2, height: 2)]  // inside the first
        var expected = [Int](repeating: 0, count: width * height)
        for r in rects {
            for y in max(r.y, 0)..<min(r.maxY, height) where r.width > 0 {
                for x in max(r.x, 0)..<min(r.maxX, width) { expected[y * width + x] = 1 }
            }
        }
        let region = PixelRegion(rects, width: width, height: height)
        XCTAssertEqual(visits(region, width: width, height: height), expected)
        XCTAssertEqual(region.pixelCount, expected.reduce(0, +))
    }

    func testEvenOutwardHoldsTheRectangleInWholeTwoByTwoBlocks() {
        let r = PixelRect(x: 3, y: 4, width: 4, height: 3).evenOutward
        XCTAssertEqual(r, PixelRect(x: 2, y: 4, width: 6, height: 4))
    }

    func testCoveringRoundsARealBoxOutward() {
        XCTAssertEqual(PixelRect(covering: 1.5, 2.0, 4.2, 3.0), PixelRect(x: 1, y: 2, width: 4, height: 1))
        XCTAssertNil(PixelRect(covering: .nan, 0, 1, 1))
    }
}
