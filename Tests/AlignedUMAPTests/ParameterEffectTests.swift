import AlignedUMAP
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

    func testMoreNeighboursPreserveLargerNeighbourhoods() throws {
        let few = try layout { $0.nNeighbors = 4 }
        let many = try layout { $0.nNeighbors = 40 }
        XCTAssertGreaterThan(TestData.knnPreservation(blobs.slice, many, k: 40),
                             TestData.knnPreservation(blobs.slice, few, k: 40) + 0.02)
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

    func testLearningRateRepulsionAndNegativeRateEachTakeEffect() throws {
        let base = try layout { _ in }
        XCTAssertNotEqual(base, try layout { $0.learningRate = 0.5 })
        XCTAssertNotEqual(base, try layout { $0.negativeSampleRate = 2 })
        // Stronger repulsion pushes neighbours apart.
        let strong = try layout { $0.repulsionStrength = 4 }
        XCTAssertGreaterThan(TestData.meanNearestDistance(strong), TestData.meanNearestDistance(base))
    }

    func testCosineMetricDiffersFromEuclidean() throws {
        XCTAssertNotEqual(try layout { $0.metric = .euclidean }, try layout { $0.metric = .cosine })
    }
}
