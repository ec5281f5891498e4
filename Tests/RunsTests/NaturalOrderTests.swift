import XCTest
import LayoutModel
@testable import Runs

final class NaturalOrderTests: XCTestCase {
    func testNumbersInsideNamesCompareByValue() {
        XCTAssertEqual(NaturalOrder.sorted(["layer10", "layer2", "layer1", "block"]), ["block", "layer1", "layer2", "layer10"])
    }

    func testZeroPaddingDoesNotChangeTheOrder() {
        XCTAssertEqual(NaturalOrder.sorted(["epoch_010", "epoch_9", "epoch_0100"]), ["epoch_9", "epoch_010", "epoch_0100"])
    }

    func testOrderIsTotalForEqualValuesWithDifferentPadding() {
        XCTAssertTrue(NaturalOrder.less("b7", "b007"))
        XCTAssertFalse(NaturalOrder.less("b007", "b7"))
        XCTAssertFalse(NaturalOrder.less("b7", "b7"))
    }

    func testPrefixSortsFirst() {
        XCTAssertTrue(NaturalOrder.less("layer", "layer1"))
        XCTAssertTrue(NaturalOrder.less("conv2_1", "conv2_10"))
    }
}
