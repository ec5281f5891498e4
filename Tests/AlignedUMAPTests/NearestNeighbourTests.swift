@testable import AlignedUMAP
import XCTest

final class NearestNeighbourTests: XCTestCase {
    /// Brute force in Double, sorted by (distance, index), self first.
    private func reference(_ s: AlignedUMAPSlice, k: Int, cosine: Bool) -> [[Int]] {
        let n = s.rows, p = s.cols
        func row(_ i: Int) -> [Double] { (0..<p).map { Double(s.values[i * p + $0]) } }
        return (0..<n).map { i in
            let a = row(i)
            let others = (0..<n).filter { $0 != i }.map { j -> (Double, Int) in
                let b = row(j)
                if cosine {
                    let dotp = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
                    let na = a.reduce(0) { $0 + $1 * $1 }.squareRoot(), nb = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    return (1 - dotp / (na * nb), j)
                }
                return (zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot(), j)
            }.sorted { $0 < $1 }
            return [i] + others.prefix(k - 1).map { $0.1 }
        }
    }

    func testExactEuclideanNeighboursMatchBruteForce() {
        let s = TestData.uniform(count: 80, dims: 21, seed: 3)
        let nl = AlignedUMAP.nearestNeighbours(of: s, k: 10, metric: .euclidean, search: .exact, threads: 2)
        let expected = reference(s, k: 10, cosine: false)
        for i in 0..<s.rows {
            XCTAssertEqual(nl.indices[(i * 10)..<(i * 10 + 10)].map(Int.init), expected[i], "row \(i)")
        }
        XCTAssertEqual(nl.distances[0], 0)
        XCTAssertTrue(nl.distances[1] > 0)
    }

    func testExactCosineNeighboursMatchBruteForce() {
        let s = TestData.uniform(count: 60, dims: 5, seed: 4)
        let nl = AlignedUMAP.nearestNeighbours(of: s, k: 6, metric: .cosine, search: .exact, threads: 1)
        let expected = reference(s, k: 6, cosine: true)
        var mismatches = 0
        for i in 0..<s.rows where nl.indices[(i * 6)..<(i * 6 + 6)].map(Int.init) != expected[i] { mismatches += 1 }
        // float32 vs float64 may swap near-ties; demand near-perfect agreement.
        XCTAssertLessThanOrEqual(mismatches, 1)
    }

    func testSmallSliceClipsKToRowsMinusOne() {
        let s = TestData.uniform(count: 5, dims: 3, seed: 5)
        let nl = AlignedUMAP.nearestNeighbours(of: s, k: 15, metric: .euclidean, search: .exact, threads: 1)
        XCTAssertEqual(nl.k, 4)
    }

    func testNNDescentRecallOnClusteredData() {
        let s = TestData.blobs(blobs: 6, perBlob: 100, dims: 12, separation: 4, seed: 9).slice
        let exact = AlignedUMAP.nearestNeighbours(of: s, k: 15, metric: .euclidean, search: .exact, threads: 2)
        let approx = AlignedUMAP.nearestNeighbours(of: s, k: 15, metric: .euclidean, search: .approximate, seed: 1,
                                                   threads: 2)
        XCTAssertGreaterThanOrEqual(approx.recall(against: exact), 0.95)
    }

    func testNNDescentIsIndependentOfThreadCount() {
        let s = TestData.uniform(count: 400, dims: 6, seed: 10)
        let one = AlignedUMAP.nearestNeighbours(of: s, k: 8, metric: .cosine, search: .approximate, seed: 3, threads: 1)
        let two = AlignedUMAP.nearestNeighbours(of: s, k: 8, metric: .cosine, search: .approximate, seed: 3, threads: 2)
        XCTAssertEqual(one, two)
    }
}
