@testable import AlignedUMAP
import XCTest

/// Wide slices (D ≥ 1024) and warm-started searches.
final class WideNeighbourTests: XCTestCase {
    /// Blobs in 12 dimensions lifted to `dims` by a fixed random ReLU layer (like wide activations).
    private func wide(dims: Int, rows perBlob: Int = 50) -> AlignedUMAPSlice {
        let (base, _) = TestData.blobs(blobs: 4, perBlob: perBlob, dims: 12, separation: 6, seed: 61)
        var rng = SeededRandom(seed: 62)
        let w = (0..<(12 * dims)).map { _ in Float(rng.normal() / 12.0.squareRoot()) }
        var values = [Float](repeating: 0, count: base.rows * dims)
        for i in 0..<base.rows {
            for c in 0..<dims {
                var s: Float = 0
                for j in 0..<12 { s += base.values[i * 12 + j] * w[j * dims + c] }
                values[i * dims + c] = max(0, s)
            }
        }
        return AlignedUMAPSlice(rows: base.rows, cols: dims, values: values)
    }

    func testWideSlicesFindAtLeast95PercentOfTheExactNeighbours() {
        let slice = wide(dims: 1100)
        let exact = AlignedUMAP.nearestNeighbours(of: slice, k: 10, metric: .euclidean, search: .exact, threads: 2)
        let reduced = AlignedUMAP.nearestNeighbours(of: slice, k: 10, metric: .euclidean, search: .automatic, threads: 2)
        XCTAssertGreaterThanOrEqual(reduced.recall(against: exact), 0.95)
        // Every distance kept is the exact one of its pair (the re-ranking is in full dimension).
        for c in 1..<10 {
            let j = Int(reduced.indices[c])
            var s: Float = 0
            for d in 0..<slice.cols { let g = slice.values[d] - slice.values[j * slice.cols + d]; s += g * g }
            XCTAssertEqual(reduced.distances[c], s.squareRoot(), accuracy: 1e-3 * s.squareRoot())
        }
    }

    func testTheRandomProjectionKeepsDistancesRoughly() {
        let slice = wide(dims: 2000, rows: 10)
        let r = WideNeighbours.project(slice.values, count: slice.rows, dims: slice.cols, to: 128, seed: 1, threads: 1)
        var ratios: [Double] = []
        for (i, j) in [(0, 1), (0, 15), (3, 30), (12, 39)] {
            var full = 0.0, low = 0.0
            for d in 0..<slice.cols { let g = Double(slice.values[i * slice.cols + d] - slice.values[j * slice.cols + d]); full += g * g }
            for d in 0..<128 { let g = Double(r[i * 128 + d] - r[j * 128 + d]); low += g * g }
            ratios.append(low / full)
        }
        for q in ratios { XCTAssertEqual(q, 1, accuracy: 0.35) }
    }

    func testWarmStartedSearchIsAsGoodAndThreadIndependent() {
        let slices = TestData.drifting(slices: 2, blobs: 3, perBlob: 80)
        let exact = AlignedUMAP.nearestNeighbours(of: slices[1], k: 10, metric: .euclidean, search: .exact, threads: 1)
        let previous = AlignedUMAP.nearestNeighbours(of: slices[0], k: 10, metric: .euclidean, search: .approximate, threads: 1)
        let one = AlignedUMAP.nearestNeighbours(of: slices[1], k: 10, metric: .euclidean, search: .approximate, threads: 1,
                                                warmStart: previous)
        let two = AlignedUMAP.nearestNeighbours(of: slices[1], k: 10, metric: .euclidean, search: .approximate, threads: 2,
                                                warmStart: previous)
        XCTAssertEqual(one, two)
        XCTAssertGreaterThanOrEqual(one.recall(against: exact), 0.95)
    }
}
