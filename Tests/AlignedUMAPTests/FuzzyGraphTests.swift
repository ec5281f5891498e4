@testable import AlignedUMAP
import XCTest

final class FuzzyGraphTests: XCTestCase {
    func testMembershipsOfEachPointSumToLog2K() {
        let s = TestData.uniform(count: 120, dims: 7, seed: 11)
        for k in [5, 15] {
            let nl = AlignedUMAP.nearestNeighbours(of: s, k: k, metric: .euclidean, search: .exact, threads: 1)
            let smooth = SmoothKNNDistance(neighbours: nl)
            for i in 0..<s.rows {
                let sum = (0..<k).reduce(Float(0)) { $0 + smooth.membership(nl, row: i, column: $1) }
                XCTAssertEqual(Double(sum), log2(Double(k)), accuracy: 1e-3, "row \(i), k \(k)")
            }
        }
    }

    func testRhoIsTheNearestPositiveDistance() {
        let s = TestData.uniform(count: 50, dims: 4, seed: 12)
        let nl = AlignedUMAP.nearestNeighbours(of: s, k: 6, metric: .euclidean, search: .exact, threads: 1)
        let smooth = SmoothKNNDistance(neighbours: nl)
        for i in 0..<s.rows { XCTAssertEqual(smooth.rho[i], nl.distances[i * 6 + 1]) }
    }

    func testFuzzyUnionIsSymmetricWithoutDiagonal() {
        let s = TestData.uniform(count: 70, dims: 3, seed: 13)
        let nl = AlignedUMAP.nearestNeighbours(of: s, k: 5, metric: .euclidean, search: .exact, threads: 1)
        let g = FuzzyGraph(neighbours: nl)
        var w: [Int: Float] = [:]
        for r in 0..<g.count {
            let cols = g.columns[g.rowStart[r]..<g.rowStart[r + 1]].map(Int.init)
            XCTAssertEqual(cols, cols.sorted())
            XCTAssertFalse(cols.contains(r))
            for e in g.rowStart[r]..<g.rowStart[r + 1] { w[r * 1000 + Int(g.columns[e])] = g.weights[e] }
        }
        for (key, value) in w {
            XCTAssertEqual(w[(key % 1000) * 1000 + key / 1000], value)
            XCTAssertLessThanOrEqual(value, 1)
        }
    }

    func testUnionCombinesBothDirectionsProbabilistically() {
        // Hand-checkable: three points on a line, k = 2 (self + 1). 0↔1 are mutual nearest
        // (weight 1 both ways) → 1 + 1 − 1 = 1; 2 → 1 only one way → weight 1.
        let s = AlignedUMAPSlice(rows: 3, cols: 1, values: [0, 1, 3])
        let nl = AlignedUMAP.nearestNeighbours(of: s, k: 2, metric: .euclidean, search: .exact, threads: 1)
        let g = FuzzyGraph(neighbours: nl)
        XCTAssertEqual(g.rowStart, [0, 1, 3, 4])
        XCTAssertEqual(g.columns, [1, 0, 2, 1])
        XCTAssertEqual(g.weights, [1, 1, 1, 1])
    }
}
