@testable import AlignedUMAP
import XCTest

/// The optimiser's attraction step (aligned-umap.md §2.8 step 2), on two points joined by one
/// edge, with no negative samples and no springs, so nothing but the attraction moves them.
final class AlignedOptimiserTests: XCTestCase {
    /// One epoch over a graph holding only the edge 0 → 1, at the full step size (α = 1, the
    /// schedule's first epoch, where the head's step can pass the tail).
    private func attractOnce(_ y: inout [Float]) {
        let graph = FuzzyGraph(neighbours: NeighbourList(count: 2, k: 2, indices: [0, 1, 1, 0], distances: [0, 1, 0, 1]))
        var schedule = EdgeSchedule(graph: graph, epochs: 200)
        // The graph holds the edge both ways; keep one direction, so one sample is taken.
        XCTAssertEqual(schedule.heads, [0, 1])
        schedule.heads = [0]
        schedule.tails = [1]
        schedule.period = [1]
        let optimiser = AlignedOptimiser(a: 1.577, b: 0.895, gamma: 1, negativeRate: 0)
        var next: [Float] = [0], nextNegative: [Float] = [0]
        let start: [Int32] = [0, 0, 0], position: [Int] = [0]
        let kappa: [Float] = [0]
        var scratch = [Float](repeating: 0, count: 2 * SpringPull.stride)
        let snapshot = y
        var rng = SeededRandom(seed: 1)
        start.withUnsafeBufferPointer { st in
        position.withUnsafeBufferPointer { po in
        kappa.withUnsafeBufferPointer { ka in
        snapshot.withUnsafeBufferPointer { sn in
        scratch.withUnsafeMutableBufferPointer { sc in
        y.withUnsafeMutableBufferPointer { yb in
        next.withUnsafeMutableBufferPointer { nx in
        nextNegative.withUnsafeMutableBufferPointer { nn in
            let pull = SpringPull(rows: 2, start: st.baseAddress!, position: po.baseAddress!, kappa: ka.baseAddress!,
                                  snapshot: sn.baseAddress!, scratch: sc.baseAddress!)
            optimiser.epoch(0, alpha: 1, y: yb.baseAddress!, rows: 2, schedule: schedule, next: nx.baseAddress!,
                            nextNegative: nn.baseAddress!, pull: pull, rng: &rng)
        }}}}}}}}
    }

    func testBothEndsOfAnEdgeTakeEqualAndOppositeSteps() {
        var y: [Float] = [0, 0, 0.8, 0.3]
        attractOnce(&y)
        let head = (y[0] - 0, y[1] - 0), tail = (y[2] - 0.8, y[3] - 0.3)
        XCTAssertNotEqual(head.0, 0, "the head moved")
        XCTAssertEqual(tail.0, -head.0)
        XCTAssertEqual(tail.1, -head.1)
    }

    func testAFullStepKeepsTheEdgesMidpointEvenWhenTheHeadOvershoots() {
        // At α = 1 and a distance below 1 the head's step is longer than the distance: it passes
        // the tail. The tail's step is the same measured one, so the pair stays centred.
        var y: [Float] = [1, 1, 1.5, 1]
        attractOnce(&y)
        XCTAssertGreaterThan(y[0], 1.5, "the head passed the tail")
        XCTAssertEqual((y[0] + y[2]) / 2, 1.25, accuracy: 1e-6)
        XCTAssertEqual(y[1], 1)
        XCTAssertEqual(y[3], 1)
    }
}
