@testable import AlignedUMAP
import XCTest

/// The resumable state: optimising in pieces, appending slices, frozen slices, determinism.
final class AlignedUMAPStateTests: XCTestCase {
    private func parameters(epochs: Int = 30, threads: Int? = nil, seed: UInt64 = 3) -> AlignedUMAPParameters {
        var p = AlignedUMAPParameters()
        p.nEpochs = epochs
        p.threads = threads
        p.seed = seed
        return p
    }

    private func batchState(_ slices: [AlignedUMAPSlice], _ p: AlignedUMAPParameters) throws -> AlignedUMAPState {
        try AlignedUMAPState(parameters: p, sliceCount: slices.count, loadSlice: { slices[$0] })
    }

    func testRunningInPiecesGivesTheSameBytesAsOneRunAndAsFit() throws {
        let slices = TestData.drifting(slices: 3, perBlob: 25)
        let p = parameters()
        var whole = try batchState(slices, p)
        whole.run()
        var pieces = try batchState(slices, p)
        pieces.run(epochs: 7)
        XCTAssertFalse(pieces.isFinished)
        XCTAssertEqual(pieces.remainingEpochs, 23)
        XCTAssertEqual(pieces.clock(of: 1).epoch, 7)
        pieces.run(epochs: 1)
        pieces.run(epochs: 100)
        XCTAssertTrue(pieces.isFinished)
        XCTAssertEqual(pieces.layouts, whole.layouts)
        var joint = AlignedUMAP(parameters: p)
        joint.schedule = .joint
        XCTAssertEqual(try joint.fit(sliceCount: 3, loadSlice: { slices[$0] }), whole.layouts)
        // And the pieces do matter: a state stopped half way is somewhere else.
        var half = try batchState(slices, p)
        half.run(epochs: 15)
        XCTAssertNotEqual(half.layouts, whole.layouts)
    }

    func testACopiedStateResumesIndependently() throws {
        let slices = TestData.drifting(slices: 2, perBlob: 20)
        var state = try batchState(slices, parameters())
        state.run(epochs: 10)
        let saved = state
        state.run()
        var resumed = saved
        XCTAssertEqual(saved.clock(of: 0).epoch, 10, "running the original does not move the copy")
        resumed.run()
        XCTAssertEqual(resumed.layouts, state.layouts)
    }

    func testAppendWithNothingMovingKeepsEveryEarlierSliceBitForBit() throws {
        let slices = TestData.drifting(slices: 4, perBlob: 25)
        var state = try batchState(Array(slices[0..<3]), parameters())
        state.run()
        let before = state.layouts
        try state.append(slices[3], movingTrailing: 0)
        XCTAssertEqual(state.sliceCount, 4)
        // The fine-tuning end of the schedule: 15 % of it (4 epochs), more as its neighbours
        // changed, at most half.
        let e = 30 - state.clock(of: 3).epoch
        XCTAssertTrue((4...15).contains(e), "\(e) epochs")
        XCTAssertTrue(state.clock(of: 2).epoch == 30 && state.remainingEpochs == e)
        let start = state.layout(of: 3)
        state.run()
        XCTAssertEqual(Array(state.layouts[0..<3]), before)
        XCTAssertNotEqual(state.layout(of: 3), start, "the new slice was optimised")
    }

    func testAppendMovesExactlyTheTrailingSlicesAskedFor() throws {
        let slices = TestData.drifting(slices: 4, perBlob: 25)
        var state = try batchState(Array(slices[0..<3]), parameters())
        state.run()
        let before = state.layouts
        try state.append(slices[3], movingTrailing: 2)
        state.run()
        XCTAssertEqual(state.layout(of: 0), before[0])
        XCTAssertNotEqual(state.layout(of: 1), before[1])
        XCTAssertNotEqual(state.layout(of: 2), before[2])
    }

    func testANewSliceStartsWhereItsSamplesWereInTheSliceBefore() throws {
        let slices = TestData.drifting(slices: 2, perBlob: 20)
        var state = try batchState([slices[0]], parameters())
        state.run()
        var next = slices[1]
        // The new slice lists the samples in reverse order; one sample is new.
        let n = next.rows
        var values: [Float] = []
        for r in (0..<n).reversed() { values += next.values[(r * next.cols)..<((r + 1) * next.cols)] }
        next.values = values
        next.sampleIDs = (0..<n).reversed().map { $0 == 5 ? 1000 : $0 }
        try state.append(next)
        let old = state.layout(of: 0), new = state.layout(of: 1)
        for (row, id) in new.sampleIDs.enumerated() where id != 1000 {
            XCTAssertEqual(new.positions[2 * row], old.positions[2 * id])
            XCTAssertEqual(new.positions[2 * row + 1], old.positions[2 * id + 1])
        }
        XCTAssertTrue(new.positions.allSatisfy(\.isFinite), "the new sample starts among its graph neighbours")
    }

    func testSlicesAppendedOneByOneGetTheBatchSpringsAndGoodLayouts() throws {
        let (blob, labels) = TestData.blobs(blobs: 3, perBlob: 30, dims: 5, separation: 14, seed: 8)
        let slices = (0..<4).map { m -> AlignedUMAPSlice in
            var s = blob
            for i in s.values.indices { s.values[i] += Float(m) * 0.2 }
            return s
        }
        var state = try AlignedUMAPState(parameters: parameters())
        for s in slices {
            try state.append(s)
            state.run()
        }
        let batch = try batchState(slices, parameters())
        XCTAssertEqual(state.springs.map(\.partnerRow), batch.springs.map(\.partnerRow))
        XCTAssertEqual(state.springs.map(\.partnerSlice), batch.springs.map(\.partnerSlice))
        // The last slice moved while the ones before it stood still: its springs to them pull
        // twice as hard as the joint fit's, where both ends move. The earlier slices' springs,
        // rebuilt when each later slice came, once they stood still too, match the joint fit's.
        let last = slices.count - 1
        XCTAssertEqual(Array(state.springs.map(\.kappa)[..<last]), Array(batch.springs.map(\.kappa)[..<last]))
        XCTAssertEqual(state.springs[last].kappa, batch.springs[last].kappa.map { 2 * $0 })
        for layout in state.layouts {
            XCTAssertGreaterThanOrEqual(TestData.knnAccuracy(layout.positions, labels: labels), 0.95)
        }
        XCTAssertLessThan(TestData.stability(state.layouts), 0.3)
    }

    /// The same blobs moved a little each slice: every slice keeps its neighbours.
    private func steadySlices(_ count: Int) -> [AlignedUMAPSlice] {
        let (blob, _) = TestData.blobs(blobs: 3, perBlob: 20, dims: 5, separation: 14, seed: 8)
        return (0..<count).map { m in
            var s = blob
            for i in s.values.indices { s.values[i] += Float(m) * 0.2 }
            return s
        }
    }

    func testTheChainedFitIsTheStateGrownOneSliceAtATime() throws {
        let slices = steadySlices(4)
        var state = try AlignedUMAPState(parameters: parameters())
        for s in slices {
            if state.sliceCount > 0 {
                let change = state.neighbourChange(to: try state.graph(of: s, previous: state.slices.last))
                XCTAssertLessThanOrEqual(change, AlignedUMAP.openingNeighbourChange, "this run has no opening")
            }
            try state.append(s)
            state.run()
        }
        var umap = AlignedUMAP(parameters: parameters())
        umap.schedule = .chained()
        XCTAssertEqual(try umap.fit(sliceCount: 4, loadSlice: { slices[$0] }), state.layouts)
        // Its epochs per later slice are the append's.
        umap.schedule = .chained(epochs: 5)
        XCTAssertNotEqual(try umap.fit(sliceCount: 4, loadSlice: { slices[$0] }), state.layouts)
    }

    func testTheChainedFitJoinsSlicesWhoseNeighboursChangedMuchToTheFirstSlicesSchedule() throws {
        // Unrelated point clouds under the same ids: each slice changes most of its neighbours.
        let slices = (0..<(AlignedUMAP.openingLimit + 2)).map { TestData.uniform(count: 40, dims: 3, seed: UInt64(10 + $0)) }
        var state = try AlignedUMAPState(parameters: parameters())
        try state.append(slices[0])
        for s in slices[1..<AlignedUMAP.openingLimit] {
            XCTAssertGreaterThan(state.neighbourChange(to: try state.graph(of: s, previous: state.slices.last)),
                                 AlignedUMAP.openingNeighbourChange)
            try state.joinOpening(s)
        }
        for m in 0..<state.sliceCount {
            XCTAssertEqual(state.clock(of: m).epoch, 0, "slice \(m) starts with the first")
            XCTAssertEqual(state.clock(of: m).total, state.clock(of: 0).total, "slice \(m) runs the first slice's schedule")
        }
        state.run()
        // The opening is full: later slices are appended to it, one at a time.
        for s in slices[AlignedUMAP.openingLimit...] {
            try state.append(s)
            state.run()
        }
        for threads in [1, 2] {
            var umap = AlignedUMAP(parameters: parameters(threads: threads))
            umap.schedule = .chained()
            XCTAssertEqual(try umap.fit(sliceCount: slices.count, loadSlice: { slices[$0] }), state.layouts, "\(threads) threads")
        }
        // Fixed epochs per slice keep the plain chain.
        var fixed = try AlignedUMAPState(parameters: parameters())
        for s in slices {
            try fixed.append(s, epochs: 5)
            fixed.run()
        }
        var umap = AlignedUMAP(parameters: parameters())
        umap.schedule = .chained(epochs: 5)
        XCTAssertEqual(try umap.fit(sliceCount: slices.count, loadSlice: { slices[$0] }), fixed.layouts)
    }

    func testAnOpeningIsTheJointFitOfItsSlicesOnTheFirstSlicesSchedule() throws {
        let slices = TestData.drifting(slices: 3, perBlob: 15)
        let p = parameters()
        var opening = try AlignedUMAPState(parameters: p, firstSliceEpochs: p.nEpochs)
        try opening.append(slices[0])
        try opening.joinOpening(slices[1])
        try opening.joinOpening(slices[2])
        var joint = try batchState(slices, p)
        // Springs both ways at the joint strength, and the same starts.
        XCTAssertEqual(opening.springs.map(\.kappa), joint.springs.map(\.kappa))
        XCTAssertEqual(opening.springs.map(\.partnerRow), joint.springs.map(\.partnerRow))
        XCTAssertEqual(opening.positions, joint.positions)
        opening.run()
        joint.run()
        XCTAssertEqual(opening.layouts, joint.layouts)
    }

    func testOnlyAnOpeningThatHasNotRunTakesMoreSlices() throws {
        let slices = TestData.drifting(slices: 3, perBlob: 15)
        let refused = AlignedUMAPError.invalidParameter(
            name: "joinOpening", value: "a state that has run or has slices after its opening",
            expected: "a state whose slices have all joined its opening and not run yet")
        var empty = try AlignedUMAPState(parameters: parameters())
        XCTAssertFalse(empty.isOpening)
        XCTAssertThrowsError(try empty.joinOpening(slices[0])) { XCTAssertEqual($0 as? AlignedUMAPError, refused) }
        var ran = try AlignedUMAPState(parameters: parameters())
        try ran.append(slices[0])
        XCTAssertTrue(ran.isOpening)
        ran.run(epochs: 1)
        XCTAssertFalse(ran.isOpening)
        XCTAssertThrowsError(try ran.joinOpening(slices[1])) { XCTAssertEqual($0 as? AlignedUMAPError, refused) }
        XCTAssertEqual(ran.sliceCount, 1, "a refused slice is not added")
        var appended = try AlignedUMAPState(parameters: parameters())
        try appended.append(slices[0])
        try appended.append(slices[1])
        XCTAssertThrowsError(try appended.joinOpening(slices[2])) { XCTAssertEqual($0 as? AlignedUMAPError, refused) }
    }

    func testTheChainedFitStopsWithTheErrorOfASliceLoadedInTheBackground() throws {
        // Slices after the first load on the search thread while the one before is optimised;
        // a load that fails there must still end the fit with its own error, slices in order.
        struct Unreadable: Error, Equatable { let slice: Int }
        let slices = TestData.drifting(slices: 4, perBlob: 20)
        let loaded = LoadLog()
        for threads in [1, 2] {
            var umap = AlignedUMAP(parameters: parameters(threads: threads))
            umap.schedule = .chained()
            loaded.clear()
            XCTAssertThrowsError(try umap.fit(sliceCount: 4, loadSlice: { m in
                loaded.append(m)
                if m == 2 { throw Unreadable(slice: m) }
                return slices[m]
            })) { XCTAssertEqual($0 as? Unreadable, Unreadable(slice: 2), "\(threads) threads") }
            XCTAssertEqual(loaded.indices, [0, 1, 2], "\(threads) threads")
        }
    }

    func testAppendingGivesTheSameBytesOnOneAndTwoThreads() throws {
        let slices = TestData.drifting(slices: 3, perBlob: 20)
        func grow(_ threads: Int) throws -> [SliceLayout] {
            var state = try AlignedUMAPState(parameters: parameters(threads: threads))
            for s in slices {
                try state.append(s, movingTrailing: 1)
                state.run()
            }
            return state.layouts
        }
        XCTAssertEqual(try grow(1), try grow(2))
    }

    func testTheFirstAppendedSliceRunsOneAndAHalfSchedulesUpToTenThousandPoints() throws {
        XCTAssertEqual(AlignedUMAPState.firstSliceEpochs(nEpochs: 200, points: 10_000), 300)
        XCTAssertEqual(AlignedUMAPState.firstSliceEpochs(nEpochs: 200, points: 10_001), 200)
        let slices = TestData.drifting(slices: 2, perBlob: 15)
        var state = try AlignedUMAPState(parameters: parameters(epochs: 8))
        try state.append(slices[0])
        XCTAssertEqual(state.clock(of: 0).epoch, 0)
        XCTAssertEqual(state.clock(of: 0).total, 12)
        XCTAssertEqual(state.remainingEpochs, 12)
        state.run()
        // A later slice, and the first one reopened, run the end of the common 8-epoch schedule.
        try state.append(slices[1], movingTrailing: 1, epochs: 3)
        for m in 0..<2 {
            XCTAssertEqual(state.clock(of: m).epoch, 5, "slice \(m)")
            XCTAssertEqual(state.clock(of: m).total, 8, "slice \(m)")
        }
        // A batch state (the joint schedule) gives every slice the common schedule.
        XCTAssertEqual(try batchState(slices, parameters(epochs: 8)).clock(of: 0).total, 8)
        // And a state may be told the first slice's length (the live mode's plain schedule).
        var told = try AlignedUMAPState(parameters: parameters(epochs: 8), firstSliceEpochs: 8)
        try told.append(slices[0])
        XCTAssertEqual(told.clock(of: 0).total, 8)
        XCTAssertThrowsError(try AlignedUMAPState(parameters: parameters(epochs: 8), firstSliceEpochs: 0)) {
            XCTAssertEqual($0 as? AlignedUMAPError,
                           .invalidParameter(name: "firstSliceEpochs", value: "0", expected: "an integer >= 1"))
        }
    }

    func testAppendRejectsAnEpochCountOutsideTheSchedule() throws {
        var state = try AlignedUMAPState(parameters: parameters())
        XCTAssertThrowsError(try state.append(TestData.uniform(count: 10, dims: 2, seed: 1), epochs: 31)) {
            XCTAssertEqual(($0 as? AlignedUMAPError)?.description,
                           "Parameter epochs is 31 but must be an integer from 1 to n_epochs (30).")
        }
        XCTAssertEqual(state.sliceCount, 0, "a refused slice is not added")
    }

    func testASliceGetsMoreEpochsTheMoreItsNeighboursChangedUpToHalfTheSchedule() {
        let base = AlignedUMAPState.defaultAppendEpochs(nEpochs: 200)
        XCTAssertEqual(base, 30)
        XCTAssertEqual(AlignedUMAPState.appendEpochs(nEpochs: 200, changed: 0), 30)
        XCTAssertEqual(AlignedUMAPState.appendEpochs(nEpochs: 200, changed: AlignedUMAPState.typicalNeighbourChange), 30)
        XCTAssertEqual(AlignedUMAPState.appendEpochs(nEpochs: 200, changed: 0.16), 60, "twice the typical change, twice the epochs")
        XCTAssertEqual(AlignedUMAPState.appendEpochs(nEpochs: 200, changed: 0.35), 100, "at most half the schedule")
        XCTAssertEqual(AlignedUMAPState.appendEpochs(nEpochs: 200, changed: 1), 100)
        XCTAssertEqual(AlignedUMAPState.appendEpochs(nEpochs: 3, changed: 1), 1, "a tiny schedule keeps its one epoch")
    }

    func testNeighbourChangeComparesTheSameSamplesWhateverTheirRows() throws {
        let (blob, _) = TestData.blobs(blobs: 3, perBlob: 20, dims: 4, separation: 10, seed: 3)
        let p = parameters()
        let a = try SliceGraph(slice: blob, index: 0, parameters: p, search: .exact, previous: nil, threads: 1)
        let again = try SliceGraph(slice: blob, index: 1, parameters: p, search: .exact, previous: a, threads: 1)
        XCTAssertEqual(AlignedUMAPState.neighbourChange(from: a, rowOf: AlignmentSprings.rowIndex(a.sampleIDs), to: again), 0)
        // The same points in reverse row order, under the same ids: nothing changed either.
        let order = Array((0..<blob.rows).reversed())
        let reversed = AlignedUMAPSlice(rows: blob.rows, cols: blob.cols,
                                        values: order.flatMap { blob.values[($0 * blob.cols)..<(($0 + 1) * blob.cols)] },
                                        sampleIDs: order)
        let b = try SliceGraph(slice: reversed, index: 1, parameters: p, search: .exact, previous: a, threads: 1)
        XCTAssertEqual(AlignedUMAPState.neighbourChange(from: a, rowOf: AlignmentSprings.rowIndex(a.sampleIDs), to: b), 0,
                       accuracy: 1e-12)
        // Shuffled points under the same ids: most neighbours differ.
        var rng = SeededRandom(seed: 9)
        var shuffled = blob
        for i in stride(from: blob.rows - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            for c in 0..<blob.cols { shuffled.values.swapAt(i * blob.cols + c, j * blob.cols + c) }
        }
        let c = try SliceGraph(slice: shuffled, index: 1, parameters: p, search: .exact, previous: a, threads: 1)
        XCTAssertGreaterThan(AlignedUMAPState.neighbourChange(from: a, rowOf: AlignmentSprings.rowIndex(a.sampleIDs), to: c), 0.5)
    }
}

/// The slice indices a test's `loadSlice` was called with. `@unchecked Sendable`: the chained
/// fit calls `loadSlice` from one thread at a time, and the lock orders the calls anyway.
private final class LoadLog: @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [Int] = []
    var indices: [Int] { lock.lock(); defer { lock.unlock() }; return calls }
    func append(_ m: Int) { lock.lock(); calls.append(m); lock.unlock() }
    func clear() { lock.lock(); calls.removeAll(); lock.unlock() }
}
