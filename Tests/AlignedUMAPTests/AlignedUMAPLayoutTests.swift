import AlignedUMAP
import XCTest

/// End-to-end behaviour of `AlignedUMAP.fit` on small synthetic data (debug-build friendly).
final class AlignedUMAPLayoutTests: XCTestCase {
    func testSeparatedBlobsEndAsSeparatedClusters() throws {
        let (slice, labels) = TestData.blobs(blobs: 4, perBlob: 40, dims: 6, separation: 15, seed: 31)
        let layouts = try TestData.fit([slice, slice])
        for layout in layouts {
            XCTAssertGreaterThanOrEqual(TestData.knnAccuracy(layout.positions, labels: labels), 0.95)
        }
    }

    func testSameSeedGivesIdenticalBytesOnOneAndTwoThreads() throws {
        let slices = TestData.drifting(slices: 3)
        let one = try TestData.fit(slices) { $0.threads = 1; $0.seed = 7 }
        let two = try TestData.fit(slices) { $0.threads = 2; $0.seed = 7 }
        XCTAssertEqual(one, two)
        let other = try TestData.fit(slices) { $0.threads = 2; $0.seed = 8 }
        XCTAssertNotEqual(one, other)
    }

    func testTheChainedScheduleIsAlsoThreadIndependent() throws {
        let slices = TestData.drifting(slices: 3)
        func run(_ threads: Int) throws -> [SliceLayout] {
            var p = AlignedUMAPParameters()
            p.nEpochs = 30
            p.threads = threads
            var umap = AlignedUMAP(parameters: p)
            umap.schedule = .chained()
            return try umap.fit(sliceCount: 3, loadSlice: { slices[$0] })
        }
        XCTAssertEqual(try run(1), try run(2))
    }

    func testApproximateNeighbourPathIsAlsoThreadIndependent() throws {
        let slices = TestData.drifting(slices: 2, blobs: 3, perBlob: 60)
        func run(_ threads: Int) throws -> [SliceLayout] {
            var p = AlignedUMAPParameters()
            p.nEpochs = 20
            p.threads = threads
            var umap = AlignedUMAP(parameters: p)
            umap.neighbourSearch = .approximate
            return try umap.fit(sliceCount: 2, loadSlice: { slices[$0] })
        }
        XCTAssertEqual(try run(1), try run(2))
    }

    func testOutputKeepsSampleIDsAndRowOrder() throws {
        var slices = TestData.drifting(slices: 2, perBlob: 20)
        slices[1].sampleIDs = slices[1].sampleIDs.map { $0 + 1000 }
        let layouts = try TestData.fit(slices) { $0.nEpochs = 5 }
        XCTAssertEqual(layouts.map(\.sampleIDs), slices.map(\.sampleIDs))
        XCTAssertEqual(layouts[0].positions.count, 2 * slices[0].rows)
        XCTAssertTrue(layouts.allSatisfy { $0.positions.allSatisfy(\.isFinite) })
    }

    func testProgressIsReportedForEveryStage() throws {
        let slices = TestData.drifting(slices: 2, perBlob: 15)
        var events: [AlignedUMAPProgress] = []
        var p = AlignedUMAPParameters()
        p.nEpochs = 3
        var umap = AlignedUMAP(parameters: p)
        umap.schedule = .joint
        XCTAssertEqual(umap.optimisationSteps(sliceCount: 2, firstSlicePoints: 30), 3)
        _ = try umap.fit(sliceCount: 2, loadSlice: { slices[$0] }) { events.append($0) }
        XCTAssertEqual(events, [.neighbours(slice: 0, of: 2), .neighbours(slice: 1, of: 2), .graph, .initialisation,
                                .optimisation(epoch: 1, of: 3), .optimisation(epoch: 2, of: 3), .optimisation(epoch: 3, of: 3)])
    }

    func testChainedProgressCountsSliceEpochsAndNamesEachSliceWhenItIsTakenUp() throws {
        let slices = TestData.drifting(slices: 2, perBlob: 15)
        var events: [AlignedUMAPProgress] = []
        var p = AlignedUMAPParameters()
        p.nEpochs = 3
        var umap = AlignedUMAP(parameters: p)
        umap.schedule = .chained(epochs: 2)
        XCTAssertEqual(umap.optimisationSteps(sliceCount: 2, firstSlicePoints: 30), 6, "4 epochs of the first slice (1.5 x 3), 2 of the second")
        XCTAssertEqual(umap.optimisationSteps(sliceCount: 2, firstSlicePoints: 10_001), 5, "above 10,000 points the first slice gets n_epochs")
        _ = try umap.fit(sliceCount: 2, loadSlice: { slices[$0] }) { events.append($0) }
        XCTAssertEqual(events, [.neighbours(slice: 0, of: 2)] + (1...4).map { .optimisation(epoch: $0, of: 6) }
                       + [.neighbours(slice: 1, of: 2)] + (5...6).map { .optimisation(epoch: $0, of: 6) })
    }

    func testInvalidParametersAreTypedErrors() {
        var p = AlignedUMAPParameters()
        p.minDist = -1
        XCTAssertThrowsError(try AlignedUMAP(parameters: p).fit(sliceCount: 1, loadSlice: { _ in TestData.uniform(count: 5, dims: 2, seed: 1) })) {
            XCTAssertEqual(($0 as? AlignedUMAPError)?.description, "Parameter min_dist is -1.0 but must be a number >= 0.")
        }
        XCTAssertThrowsError(try AlignedUMAP().fit(sliceCount: 0, loadSlice: { _ in TestData.uniform(count: 5, dims: 2, seed: 1) })) {
            XCTAssertEqual($0 as? AlignedUMAPError, .noSlices)
        }
    }

    func testMalformedSlicesAreNamed() {
        let bad = AlignedUMAPSlice(rows: 3, cols: 2, values: [1, 2, 3, .nan, 5, 6])
        XCTAssertThrowsError(try AlignedUMAP().fit(sliceCount: 1, loadSlice: { _ in bad })) {
            XCTAssertEqual($0 as? AlignedUMAPError, .nonFiniteValue(slice: 0, row: 1, column: 1))
        }
        let dup = AlignedUMAPSlice(rows: 2, cols: 1, values: [1, 2], sampleIDs: [4, 4])
        XCTAssertThrowsError(try AlignedUMAP().fit(sliceCount: 1, loadSlice: { _ in dup })) {
            XCTAssertEqual($0 as? AlignedUMAPError, .duplicateSampleID(slice: 0, id: 4))
        }
    }

    func testIsolatedRowsAreNaN() throws {
        // Two points far from a tight group of 30, k = 3: with the disconnection distance for
        // cosine (2), an all-zero... instead use a row with no neighbours: a lone slice of 1 row.
        let layouts = try TestData.fit([AlignedUMAPSlice(rows: 1, cols: 3, values: [1, 2, 3])]) { $0.nEpochs = 2 }
        XCTAssertTrue(layouts[0].positions.allSatisfy(\.isNaN))
    }
}
