@testable import AlignedUMAP
import XCTest

/// Every parameter changes the layout, in the direction UMAP's maths says it should.
final class ParameterEffectTests: XCTestCase {
    private let blobs = TestData.blobs(blobs: 3, perBlob: 50, dims: 6, separation: 8, noise: 1.5, seed: 41)

    private func layout(_ configure: (inout AlignedUMAPParameters) -> Void) throws -> [Float] {
        try TestData.fit([blobs.slice], configure)[0].positions
    }

    func testLargerMinDistSpreadsNearestNeighboursApart() throws {
        let tight = try layout { $0.minDist = 0.0 }
        let loose = try layout { $0.minDist = 0.9 }
        XCTAssertGreaterThan(TestData.meanNearestDistance(loose), 1.5 * TestData.meanNearestDistance(tight))
    }

    func testLargerSpreadMakesALargerLayout() throws {
        let small = try layout { $0.spread = 0.5; $0.minDist = 0.05 }
        let large = try layout { $0.spread = 3; $0.minDist = 0.05 }
        XCTAssertGreaterThan(TestData.meanNearestDistance(large), 1.3 * TestData.meanNearestDistance(small))
    }

    func testMoreNeighboursKeepTheGlobalShapeOfASheet() throws {
        // A 12 × 12 grid on a plane tilted into 5D: small neighbourhoods tear it into pieces
        // placed anywhere; large ones keep distant parts of the sheet apart.
        var values: [Float] = []
        var rng = SeededRandom(seed: 61)
        for i in 0..<12 {
            for j in 0..<12 {
                let u = Double(i), v = Double(j)
                let point = [u, v, 0.5 * u + 0.2 * v, 0.3 * v - 0.4 * u, 0.1 * (u + v)]
                values += point.map { Float($0 + 0.05 * rng.normal()) }
            }
        }
        let sheet = AlignedUMAPSlice(rows: 144, cols: 5, values: values)
        var scores: [Double] = []
        for k in [4, 40] {
            for seed in [UInt64(1), 2] {
                let y = try TestData.fit([sheet]) { $0.nNeighbors = k; $0.seed = seed }[0].positions
                scores.append(TestData.distanceCorrelation(sheet, y))
            }
        }
        XCTAssertGreaterThan(min(scores[2], scores[3]), max(scores[0], scores[1]) + 0.05, "\(scores)")
    }

    func testStrongerAlignmentRegularisationMovesPointsLess() throws {
        let slices = TestData.drifting(slices: 4, perBlob: 30)
        let weak = try TestData.fit(slices) { $0.alignmentRegularisation = 0.001 }
        let strong = try TestData.fit(slices) { $0.alignmentRegularisation = 0.1 }
        XCTAssertLessThan(TestData.stability(strong), 0.7 * TestData.stability(weak))
    }

    func testWiderWindowTiesDistantSlicesTogether() throws {
        let slices = TestData.drifting(slices: 4, perBlob: 30)
        let none = try TestData.fit(slices) { $0.alignmentWindow = 0 }
        let wide = try TestData.fit(slices) { $0.alignmentWindow = 3 }
        XCTAssertLessThan(TestData.stability(wide), TestData.stability(none))
    }

    /// The median distance between a point's two positions, as a fraction of `a`'s RMS radius:
    /// a parameter takes effect when points really move, not when a last bit flips.
    private func movement(_ a: [Float], _ b: [Float]) -> Double {
        let n = a.count / 2
        let mx = (0 ..< n).reduce(0.0) { $0 + Double(a[2 * $1]) } / Double(n)
        let my = (0 ..< n).reduce(0.0) { $0 + Double(a[2 * $1 + 1]) } / Double(n)
        let rms = ((0 ..< n).reduce(0.0) { s, i in
            let dx = Double(a[2 * i]) - mx, dy = Double(a[2 * i + 1]) - my
            return s + dx * dx + dy * dy
        } / Double(n)).squareRoot()
        let moved = (0 ..< n).map { i -> Double in
            let dx = Double(a[2 * i] - b[2 * i]), dy = Double(a[2 * i + 1] - b[2 * i + 1])
            return (dx * dx + dy * dy).squareRoot()
        }.sorted()
        return moved[n / 2] / rms
    }

    func testLearningRateRepulsionAndNegativeRateEachTakeEffect() throws {
        let base = try layout { _ in }
        XCTAssertGreaterThan(movement(base, try layout { $0.learningRate = 0.5 }), 0.01)
        XCTAssertGreaterThan(movement(base, try layout { $0.negativeSampleRate = 2 }), 0.01)
        // Stronger repulsion pushes neighbours apart.
        let strong = try layout { $0.repulsionStrength = 4 }
        XCTAssertGreaterThan(TestData.meanNearestDistance(strong), TestData.meanNearestDistance(base))
    }

    func testCosineMetricDiffersFromEuclidean() throws {
        XCTAssertGreaterThan(movement(try layout { $0.metric = .euclidean }, try layout { $0.metric = .cosine }), 0.01)
    }
}
