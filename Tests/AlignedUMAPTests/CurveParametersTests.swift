import AlignedUMAP
import XCTest

final class CurveParametersTests: XCTestCase {
    func testDefaultMinDistAndSpreadGiveUMAPsConstants() {
        let c = CurveParameters(minDist: 0.1, spread: 1)
        XCTAssertEqual(c.a, 1.577, accuracy: 1e-3)
        XCTAssertEqual(c.b, 0.895, accuracy: 1e-3)
    }

    func testOtherSettingsMatchUmapLearn() {
        // Values from umap-learn's find_ab_params (aligned-umap.md §2.4).
        for (minDist, spread, a, b) in [(0.0, 1.0, 1.9328, 0.7905), (0.5, 1.0, 0.5830, 1.3342), (0.1, 2.0, 0.5447, 0.8421)] {
            let c = CurveParameters(minDist: minDist, spread: spread)
            XCTAssertEqual(c.a, a, accuracy: 2e-3, "min_dist \(minDist), spread \(spread)")
            XCTAssertEqual(c.b, b, accuracy: 2e-3, "min_dist \(minDist), spread \(spread)")
        }
    }
}

@testable import AlignedUMAP

final class FastPowerTests: XCTestCase {
    func testFastPowerMatchesPowWithinAFewPartsPerMillion() {
        for x in stride(from: Float(1e-6), through: 1e4, by: 0.37) + [1e-20, 0.5, 1, 2, 3e7] {
            for y in [Float(0.895), 0.79, 1.33, -0.105, 0.0] {
                let expected = Foundation.pow(Double(x), Double(y))
                XCTAssertEqual(Double(fastPower(x, y)), expected, accuracy: 3e-6 * expected, "x \(x), y \(y)")
            }
        }
    }
}
