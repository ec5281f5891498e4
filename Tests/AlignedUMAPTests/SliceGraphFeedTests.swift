@testable import AlignedUMAP
import XCTest

/// The chained schedule's look-ahead: graphs built in order on another thread, a bounded way ahead.
final class SliceGraphFeedTests: XCTestCase {
    private let slices = TestData.drifting(slices: 8, perBlob: 10)

    /// A build closure that records which slices it was called for, warm start included.
    private func recordingBuild(_ log: BuildLog) -> @Sendable (Int, SliceGraph?) throws -> SliceGraph {
        let slices = self.slices
        return { m, previous in
            log.record(m, hadPrevious: previous != nil)
            return try SliceGraph(slice: slices[m], index: m, parameters: AlignedUMAPParameters(), search: .exact,
                                  previous: previous, threads: 1)
        }
    }

    func testGraphsComeInOrderEachWarmStartedFromTheOneBefore() throws {
        let log = BuildLog()
        let feed = SliceGraphFeed(sliceCount: 8, lookahead: 2, build: recordingBuild(log))
        defer { feed.stop() }
        for m in 0..<8 {
            let graph = try feed.take(m)
            XCTAssertEqual(graph.sampleIDs, slices[m].sampleIDs)
        }
        XCTAssertEqual(log.calls.map(\.slice), Array(0..<8))
        XCTAssertEqual(log.calls.map(\.hadPrevious), [false] + Array(repeating: true, count: 7))
    }

    func testItBuildsNoMoreThanTheLookaheadBeyondTheSliceTaken() throws {
        let log = BuildLog()
        let feed = SliceGraphFeed(sliceCount: 8, lookahead: 2, build: recordingBuild(log))
        defer { feed.stop() }
        _ = try feed.take(0)
        // Slices 1 and 2 may be built now, not 3: wait for them, then give it time to overstep.
        let deadline = Date().addingTimeInterval(10)
        while log.calls.count < 3 && Date() < deadline { usleep(1000) }
        usleep(100_000)
        XCTAssertEqual(log.calls.map(\.slice), [0, 1, 2])
    }

    func testStopWaitsForTheSliceInHandAndBuildsNoMore() throws {
        let log = BuildLog()
        let feed = SliceGraphFeed(sliceCount: 8, lookahead: 8, build: recordingBuild(log))
        _ = try feed.take(0)
        feed.stop()
        let built = log.calls.count
        usleep(100_000)
        XCTAssertEqual(log.calls.count, built, "no build after stop() returned")
        XCTAssertLessThan(built, 9)
    }

    func testABuildErrorIsThrownForItsSliceAfterTheSlicesBeforeIt() throws {
        struct Unreadable: Error {}
        let slices = self.slices
        let feed = SliceGraphFeed(sliceCount: 8, lookahead: 3) { m, previous in
            if m == 2 { throw Unreadable() }
            return try SliceGraph(slice: slices[m], index: m, parameters: AlignedUMAPParameters(), search: .exact,
                                  previous: previous, threads: 1)
        }
        defer { feed.stop() }
        XCTAssertNoThrow(try feed.take(0))
        XCTAssertNoThrow(try feed.take(1))
        XCTAssertThrowsError(try feed.take(2)) { XCTAssertTrue($0 is Unreadable) }
    }
}

/// The calls a test's build closure received. `@unchecked Sendable`: guarded by `lock`.
private final class BuildLog: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [(slice: Int, hadPrevious: Bool)] = []
    var calls: [(slice: Int, hadPrevious: Bool)] { lock.lock(); defer { lock.unlock() }; return log }
    func record(_ m: Int, hadPrevious: Bool) { lock.lock(); log.append((m, hadPrevious)); lock.unlock() }
}
