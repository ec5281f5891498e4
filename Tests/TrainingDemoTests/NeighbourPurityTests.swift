import XCTest
import TrainingDemo

final class NeighbourPurityTests: XCTestCase {
    func testSeparatedClustersArePerfectlyPure() {
        // Two tight groups far apart, each one class.
        let values: [Float] = [0, 0, 0.1, 0, 0, 0.1, 10, 10, 10.1, 10, 10, 10.1]
        let matrix = ActivationMatrix(rowCount: 6, columnCount: 2, values: values)
        XCTAssertEqual(neighbourPurity(of: matrix, labels: [0, 0, 0, 1, 1, 1], k: 2), 1)
    }

    func testAlternatingLabelsOnALineHaveZeroPurityWithOneNeighbour() {
        // Points at 0, 1, 2, … with labels 0, 1, 0, 1: each nearest neighbour has the other label
        // (ties at equal distance go to the lower index, which also has the other label).
        let values: [Float] = (0..<6).map(Float.init)
        let matrix = ActivationMatrix(rowCount: 6, columnCount: 1, values: values)
        XCTAssertEqual(neighbourPurity(of: matrix, labels: [0, 1, 0, 1, 0, 1], k: 1), 0)
    }

    func testPurityCountsTheFractionOfSameLabelNeighbours() {
        // 1-D points 0, 1, 2, 3 labelled 0, 0, 1, 1 with k = 2:
        // point 0 → {1, 2}: 1/2; point 1 → {0, 2} (tie 0 vs 2 at distance 1): 1/2;
        // point 2 → {1, 3}: 1/2; point 3 → {2, 1}: 1/2.
        let matrix = ActivationMatrix(rowCount: 4, columnCount: 1, values: [0, 1, 2, 3])
        XCTAssertEqual(neighbourPurity(of: matrix, labels: [0, 0, 1, 1], k: 2), 0.5, accuracy: 1e-12)
    }
}
