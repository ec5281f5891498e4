@testable import AlignedUMAP
import XCTest

final class JointSliceGridTests: XCTestCase {
    private func graph(_ slice: AlignedUMAPSlice) -> FuzzyGraph {
        FuzzyGraph(neighbours: AlignedUMAP.nearestNeighbours(of: slice, k: 4, metric: .euclidean, search: .exact, threads: 1))
    }

    func testCellsWithTheSameContentAtTheSameEpochShareOneSlice() {
        let grid = JointSliceGrid(epochs: [[0, 1, 2], [0, 1, 2]],
                                  content: [["a", "b", "c"], ["a", "x", "c"]], runRegularisation: 0.01)
        // Run 1's epochs 0 and 2 are run 0's; its epoch 1 is its own, numbered after run 0's.
        XCTAssertEqual(grid.cellSlice, [[0, 1, 2], [0, 3, 2]])
        XCTAssertEqual(grid.sliceCount, 4)
        XCTAssertEqual(grid.sliceCell[3], JointSliceGrid.Cell(run: 1, position: 1))
    }

    func testEqualContentAtAnotherEpochOrUnknownContentIsNotShared() {
        let grid = JointSliceGrid(epochs: [[0, 1], [1, 2]], content: [["a", "b"], ["a", nil]], runRegularisation: 0.01)
        XCTAssertEqual(grid.cellSlice, [[0, 1], [2, 3]], "run 1's epoch 1 holds run 0's epoch 0 content, not its epoch 1")
        let unknown = JointSliceGrid(epochs: [[0], [0]], content: nil, runRegularisation: 0.01)
        XCTAssertEqual(unknown.cellSlice, [[0], [1]])
    }

    func testSpringsRunAlongEpochsWithinARunAndAcrossRunsAtTheSameEpoch() {
        let grid = JointSliceGrid(epochs: [[0, 1, 2], [0, 1, 2]], runRegularisation: 0.05)
        // Slice 4 is run 1, epoch 1: its own run's epochs 0 and 2 (slices 3, 5) with λ, and run
        // 0's epoch 1 (slice 1) with μ; nothing to run 0's other epochs.
        let partners = grid.partners(of: 4, window: 1, regularisation: 0.01)
        XCTAssertEqual(partners, [.init(slice: 3, coefficient: 0.01), .init(slice: 5, coefficient: 0.01),
                                  .init(slice: 1, coefficient: 0.05)])
    }

    func testASharedSliceIsTiedToEveryRunsNextEpochAndNotToItself() {
        let grid = JointSliceGrid(epochs: [[0, 1], [0, 1]], content: [["same", "a"], ["same", "b"]], runRegularisation: 0.05)
        XCTAssertEqual(grid.cellSlice, [[0, 1], [0, 2]])
        XCTAssertEqual(grid.partners(of: 0, window: 1, regularisation: 0.01).map(\.slice), [1, 2])
        XCTAssertEqual(grid.partners(of: 2, window: 1, regularisation: 0.01),
                       [.init(slice: 0, coefficient: 0.01), .init(slice: 1, coefficient: 0.05)])
        XCTAssertEqual(grid.initialParent(of: 2), 0, "run 1's epoch 1 starts from its own (shared) epoch 0")
    }

    func testNoRunStrengthMeansNoSpringsBetweenRuns() {
        let grid = JointSliceGrid(epochs: [[0, 1], [0, 1]], runRegularisation: 0)
        XCTAssertEqual(grid.partners(of: 2, window: 1, regularisation: 0.01).map(\.slice), [3])
        XCTAssertEqual(grid.initialParent(of: 2), 0, "a run's first epoch still starts where the first run's does")
    }

    func testAGridOfOneRunHasTheSpringsOfAPlainFit() {
        let slices = TestData.drifting(slices: 5, perBlob: 6)
        let graphs = slices.map(graph)
        let ids = slices.map(\.sampleIDs)
        let rowOf = ids.map(AlignmentSprings.rowIndex)
        let grid = JointSliceGrid(epochs: [Array(0..<5)], runRegularisation: 0.05)
        for m in 0..<5 {
            let plain = AlignmentSprings.slice(m, graphs: graphs, sampleIDs: ids, rowOf: rowOf, window: 2, regularisation: 0.01)
            let gridded = AlignmentSprings.slice(m, partners: grid.partners(of: m, window: 2, regularisation: 0.01),
                                                 graphs: graphs, sampleIDs: ids, rowOf: rowOf)
            XCTAssertEqual(plain.partnerSlice, gridded.partnerSlice)
            XCTAssertEqual(plain.kappa, gridded.kappa)
        }
    }

    func testIdenticalCellsGetIdenticalLayoutsAndDifferentOnesDiffer() throws {
        // Two runs of 60 samples over 3 epochs; epoch 0 is the same in both.
        let a = TestData.drifting(slices: 3, perBlob: 20, seed: 3)
        var b = TestData.drifting(slices: 3, perBlob: 20, seed: 4)
        b[0] = a[0]
        let grid = JointSliceGrid(epochs: [[0, 1, 2], [0, 1, 2]], content: [["e0", "a1", "a2"], ["e0", "b1", "b2"]],
                                  runRegularisation: 0.01)
        var umap = AlignedUMAP(parameters: AlignedUMAPParameters(nNeighbors: 8, nEpochs: 30, seed: 5, threads: 1))
        umap.neighbourSearch = .exact
        var loads: [JointSliceGrid.Cell] = []
        let layouts = try umap.fit(grid: grid, loadSlice: { r, p in
            loads.append(JointSliceGrid.Cell(run: r, position: p))
            return (r == 0 ? a : b)[p]
        })
        XCTAssertEqual(loads.count, 5, "the shared epoch is loaded once")
        XCTAssertEqual(layouts[0][0], layouts[1][0])
        XCTAssertNotEqual(layouts[0][1], layouts[1][1])
    }

    func testAJointStateCannotGrow() throws {
        let s = TestData.uniform(count: 20, dims: 3, seed: 9)
        let grid = JointSliceGrid(epochs: [[0], [0]], runRegularisation: 0.01)
        var state = try AlignedUMAPState(parameters: AlignedUMAPParameters(nNeighbors: 5, nEpochs: 10, threads: 1),
                                         neighbourSearch: .exact, grid: grid, sliceCount: 2, loadSlice: { _ in s })
        XCTAssertThrowsError(try state.append(s))
    }
}
