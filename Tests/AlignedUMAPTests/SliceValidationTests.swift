import XCTest
@testable import AlignedUMAP

/// A slice's values are checked for NaN and ±Inf before anything is computed from them.
final class SliceValidationTests: XCTestCase {
    func testTheFirstNonFiniteValueIsFoundInAnyBlockOfTheScan() {
        // The scan tests blocks of 4,096 values at once: a bad value in a later block, two in
        // one block, one on a block's last place, one at the very end, and each kind.
        let count = 3 * 4096 + 100
        XCTAssertNil(AlignedUMAPSlice.firstNonFinite([Float](repeating: .greatestFiniteMagnitude, count: count)))
        for (places, bad) in [([4096 + 7], Float.nan), ([2 * 4096 + 3, 2 * 4096 + 1], .infinity),
                              ([4095, 9000], -.infinity), ([count - 1], .nan)] {
            var values = [Float](repeating: 1, count: count)
            for place in places { values[place] = bad }
            XCTAssertEqual(AlignedUMAPSlice.firstNonFinite(values), places.min(), "\(places) \(bad)")
        }
    }

    func testTheFirstNonFiniteValueIsTheLowestWhateverSpanAndThreadFindsOne() {
        // Spans of `scanSpan` values are scanned on separate threads: bad values in the last
        // span and the middle one, none in the first.
        let span = AlignedUMAPSlice.scanSpan
        var values = [Float](repeating: 2, count: 2 * span + 50)
        values[2 * span + 10] = .nan
        values[span + 5] = -.infinity
        for threads in [1, 2, 3] {
            XCTAssertEqual(AlignedUMAPSlice.firstNonFinite(values, threads: threads), span + 5, "\(threads) threads")
        }
        values[span + 5] = 2
        XCTAssertEqual(AlignedUMAPSlice.firstNonFinite(values, threads: 2), 2 * span + 10)
    }

    func testAFitNamesTheRowAndColumnOfTheFirstBadValue() {
        var values = [Float](repeating: 0.5, count: 600 * 10)
        values[5000 * 1 + 123] = .infinity
        values[5999] = .nan
        let slice = AlignedUMAPSlice(rows: 600, cols: 10, values: values)
        XCTAssertThrowsError(try AlignedUMAP().fit(sliceCount: 1, loadSlice: { _ in slice })) {
            XCTAssertEqual($0 as? AlignedUMAPError, .nonFiniteValue(slice: 0, row: 512, column: 3))
        }
    }

    func testChangingTheValuesOfAVouchedSliceBringsItsScanBack() {
        // A reader vouches for the values it decoded; the claim is about those values only.
        var slice = AlignedUMAPSlice(rows: 600, cols: 10, finiteValues: [Float](repeating: 0.5, count: 6000),
                                     sampleIDs: Array(0..<600))
        XCTAssertTrue(slice.valuesKnownFinite)
        slice.values[4321] = .nan
        XCTAssertFalse(slice.valuesKnownFinite)
        let changed = slice
        XCTAssertThrowsError(try AlignedUMAP().fit(sliceCount: 1, loadSlice: { _ in changed })) {
            XCTAssertEqual($0 as? AlignedUMAPError, .nonFiniteValue(slice: 0, row: 432, column: 1))
        }
    }
}
