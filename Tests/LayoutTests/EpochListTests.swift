import XCTest
import LayoutModel


final class EpochListTests: XCTestCase {
    func testArithmeticEpochsShowStep() {
        XCTAssertEqual(EpochList.compactText(Array(stride(from: 5, through: 200, by: 5))), "5..200 step 5 (40)")
    }

    func testConsecutiveEpochsShowRange() {
        XCTAssertEqual(EpochList.compactText(Array(0 ... 20)), "0..20 (21)")
    }

    func testIrregularEpochsAreListedAndElidedWhenLong() {
        XCTAssertEqual(EpochList.compactText([0, 1, 2, 5, 10]), "0, 1, 2, 5, 10 (5)")
        XCTAssertEqual(EpochList.compactText([0, 1, 2, 4, 8, 16, 32, 64, 128]), "0, 1, 2, 4, …, 64, 128 (9)")
        XCTAssertEqual(EpochList.compactText([7]), "7 (1)")
        XCTAssertEqual(EpochList.compactText([]), "none")
    }
}
