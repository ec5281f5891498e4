@testable import AlignedUMAP
import XCTest

final class AlignmentSpringsTests: XCTestCase {
    private func graph(_ slice: AlignedUMAPSlice) -> FuzzyGraph {
        FuzzyGraph(neighbours: AlignedUMAP.nearestNeighbours(of: slice, k: 4, metric: .euclidean, search: .exact, threads: 1))
    }

    func testWindowReachesWSlicesBothWaysIncludingTheLast() {
        let s = TestData.uniform(count: 12, dims: 3, seed: 51)
        let graphs = [FuzzyGraph](repeating: graph(s), count: 5)
        let ids = [[Int]](repeating: Array(0..<12), count: 5)
        let springs = AlignmentSprings(graphs: graphs, sampleIDs: ids, window: 2, regularisation: 0.01)
        // Slice 2 reaches 0, 1, 3, 4 (the last one included); slice 4 reaches 2 and 3.
        let partners = { (m: Int) in Set(springs.partnerSlice[m][Int(springs.start[m][0])..<Int(springs.start[m][1])]) }
        XCTAssertEqual(partners(2), [0, 1, 3, 4])
        XCTAssertEqual(partners(4), [2, 3])
        XCTAssertEqual(partners(0), [1, 2])
    }

    func testIdenticalSlicesGetFullSpringsDecayingWithDistance() {
        let s = TestData.uniform(count: 12, dims: 3, seed: 52)
        let springs = AlignmentSprings(graphs: [graph(s), graph(s), graph(s)], sampleIDs: [Array(0..<12), Array(0..<12), Array(0..<12)],
                                       window: 2, regularisation: 0.5)
        // Row 0 of slice 0: partners in slices 1 (κ = λ·J = 0.5) and 2 (κ = λ·e⁻¹).
        let range = Int(springs.start[0][0])..<Int(springs.start[0][1])
        XCTAssertEqual(Array(springs.kappa[0][range]), [0.5, Float(0.5 * exp(-1.0))])
    }

    func testSamplesAreRelatedByIDAndMissingOnesHaveNoSpring() {
        let a = TestData.uniform(count: 10, dims: 2, seed: 53)
        var b = TestData.uniform(count: 9, dims: 2, seed: 54)
        // Slice 1 lacks sample 3 and lists the others in reverse order.
        b.sampleIDs = [0, 1, 2, 4, 5, 6, 7, 8, 9].reversed()
        let springs = AlignmentSprings(graphs: [graph(a), graph(b)], sampleIDs: [a.sampleIDs, b.sampleIDs],
                                       window: 1, regularisation: 0.01)
        XCTAssertEqual(springs.start[0][4] - springs.start[0][3], 0, "sample 3 has no partner")
        let s0 = Int(springs.start[0][0])
        XCTAssertEqual(springs.partnerRow[0][s0], 8, "sample 0 is the last row of slice 1")
        XCTAssertEqual(springs.partnerRow[1][Int(springs.start[1][0])], 9, "slice 1's first row is sample 9")
    }

    func testJaccardOfIndexSets() {
        var a: [Int32] = [3, 1, 2, 2], b: [Int32] = [2, 4, 3]
        XCTAssertEqual(AlignmentSprings.jaccard(&a, &b), 0.5)
        var e: [Int32] = [], f: [Int32] = []
        XCTAssertEqual(AlignmentSprings.jaccard(&e, &f), 1)
    }
}
