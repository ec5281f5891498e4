import XCTest
import LayoutModel
@testable import Interpolate

final class TrackTests: XCTestCase {
    func testTrailsCoverTheRequestedSecondsOldestFirst() throws {
        let run = Fixtures.drifting(samples: 50, epochs: Array(0...4), seed: 4)
        let t = try Fixtures.timeline(run.epochs, fps: 30, secondsPerStep: 0.5)
        let scene = try MotionScene(layouts: [run], blocks: ["block1"], timeline: t,
                                    camera: CameraSettings(mode: .fixed, coverage: 1, margin: 0.1),
                                    tracks: TrackSettings(selections: [.ids(["s3", "s17"])], trailSeconds: 0.4))
        let trailFrames = 12
        for f in [0, 5, 11, 12, 30, t.frameCount - 1] {
            let panel = scene.panel(frame: f, row: 0, column: 0)
            XCTAssertEqual(panel.tracks.map(\.sample), [3, 17])
            for track in panel.tracks {
                XCTAssertEqual(track.trail.count, min(f, trailFrames) + 1, "frame \(f)")
                XCTAssertEqual(track.trailAge.count, track.trail.count)
                XCTAssertEqual(track.trailAge.last, 0)
                XCTAssertEqual(track.trailAge.first, Float(min(f, trailFrames)) / Float(trailFrames))
                XCTAssertEqual(track.trailAge, track.trailAge.sorted(by: >), "oldest first")
                XCTAssertEqual(track.trail.last, track.position)
                XCTAssertEqual(track.position, SIMD2(panel.positions[2 * track.sample], panel.positions[2 * track.sample + 1]))
                let earlier = scene.panel(frame: max(f - trailFrames, 0), row: 0, column: 0)
                XCTAssertEqual(track.trail.first, SIMD2(earlier.positions[2 * track.sample], earlier.positions[2 * track.sample + 1]))
            }
        }
        XCTAssertEqual(scene.panel(frame: 0, row: 0, column: 0).tracks[0].label, "class3 #s3")
        XCTAssertEqual(scene.panel(frame: 0, row: 0, column: 0).tracks[1].classIndex, 1)
    }

    func testTracksFollowTheSameIdAcrossRunsAndBlocks() throws {
        let a = Fixtures.drifting(samples: 30, epochs: [0, 1, 2], blocks: ["b1", "b2"], seed: 1, runName: "a")
        var b = Fixtures.drifting(samples: 30, epochs: [0, 1, 2], blocks: ["b1", "b2"], seed: 2, runName: "b")
        b.samples.ids = b.samples.ids.reversed()  // same ids, other order: s5 is sample 24 in run b
        let t = try Fixtures.timeline([0, 1, 2])
        let scene = try MotionScene(layouts: [a, b], blocks: ["b1", "b2"], timeline: t,
                                    tracks: TrackSettings(selections: [.ids(["s5"])]))
        for column in 0..<2 {
            XCTAssertEqual(scene.panel(frame: 3, row: 0, column: column).tracks.map(\.sample), [5])
            XCTAssertEqual(scene.panel(frame: 3, row: 1, column: column).tracks.map(\.sample), [24])
        }
        XCTAssertThrowsError(try MotionScene(layouts: [a], blocks: ["b1"], timeline: t, tracks: TrackSettings(selections: [.ids(["nope"])]))) {
            XCTAssertEqual($0 as? InterpolateError, .unknownSampleId("nope", run: "a"))
        }
    }

    func testMostMovingRanksByPathLengthWithTiesToTheLowerIndex() throws {
        // Samples 2 and 5 travel 4 and 6 units; 1 and 3 travel exactly 1 each (a tie); others stay.
        var e0 = [Float](repeating: 0, count: 16), e1 = e0, e2 = e0
        e1[2 * 2] = 2; e2[2 * 2] = 0        // sample 2: 2 out, 2 back
        e1[2 * 5 + 1] = 3; e2[2 * 5 + 1] = 6 // sample 5: 6 up
        e1[2 * 3] = 1; e2[2 * 3] = 1         // sample 3: 1
        e2[2 * 1 + 1] = 1                    // sample 1: 1
        let run = Fixtures.explicit([e0, e1, e2], epochs: [0, 1, 2])
        XCTAssertEqual(try TrackChoice.mostMoving(in: run, block: "b", count: 3), [5, 2, 1])
        XCTAssertEqual(try TrackChoice.mostMoving(in: run, block: "b", count: 10), [5, 2, 1, 3], "samples that never move are not tracked")
    }

    func testNeighbourClassChangesCountsSwitchesOfTheNearestNeighboursClass() throws {
        // Sample 0 (class 0) sits at the origin between samples 1 (class 1) and 2 (class 2), which
        // take turns being closer to it; everybody else keeps a neighbour of the same class.
        let labels: [Int32] = [0, 1, 2, 0]
        let far: [Float] = [50, 50]
        let e0: [Float] = [0, 0, 1, 0, -2, 0] + far
        let e1: [Float] = [0, 0, 2, 0, -1, 0] + far
        let run = Fixtures.explicit([e0, e1, e0], epochs: [0, 1, 2], labels: labels)
        XCTAssertEqual(try TrackChoice.neighbourClassChanges(in: run, block: "b", count: 4), [0])
    }

    func testNearestNeighbourGridAgreesWithBruteForce() {
        var rng = SeededGenerator(seed: 21)
        for n in [2, 3, 50, 400] {
            var points = (0..<(2 * n)).map { _ in Float(Int(rng.gaussian() * 8)) / 2 }  // many duplicates
            points[0] = 300  // one far outlier
            points[2] = .nan; points[3] = .nan
            let grid = NearestNeighbourGrid(points: points)
            for i in 0..<n {
                var best: Int?
                var bestD = Float.infinity
                if !points[2 * i].isNaN {
                    for j in 0..<n where j != i && !points[2 * j].isNaN {
                        let dx = points[2 * j] - points[2 * i], dy = points[2 * j + 1] - points[2 * i + 1]
                        let d = dx * dx + dy * dy
                        if d < bestD { bestD = d; best = j }
                    }
                }
                XCTAssertEqual(grid.nearest(to: i), best, "n \(n) point \(i)")
            }
        }
    }

    func testMisclassifiedAtEndTakesClassesInTurn() throws {
        let labels: [Int32] = [0, 0, 0, 1, 1, 2, 2]
        let predictions: [Int32] = [1, 1, 0, 0, 0, 0, 2]
        let run = Fixtures.explicit([[Float](repeating: 0, count: 14)], epochs: [1], labels: labels)
        XCTAssertEqual(try TrackChoice.misclassifiedAtEnd(in: run, predictions: predictions, count: 4), [0, 3, 5, 1])
        XCTAssertEqual(try TrackChoice.misclassifiedAtEnd(in: run, predictions: predictions, count: 10), [0, 3, 5, 1, 4])
        XCTAssertThrowsError(try TrackChoice.misclassifiedAtEnd(in: run, predictions: [0], count: 1)) {
            XCTAssertEqual($0 as? InterpolateError, .predictionCountMismatch(expected: 7, got: 1))
        }
    }

    func testAutomaticChoiceIsDeterministicAndCombinesWithoutRepeats() throws {
        let run = Fixtures.drifting(samples: 300, epochs: Array(0...6), classes: 5, seed: 8)
        let predictions = run.samples.labels.enumerated().map { $0.offset % 7 == 0 ? ($0.element + 1) % 5 : $0.element }
        let settings = TrackSettings(selections: [
            .mostMoving(count: 4, block: "block1"),
            .neighbourClassChanges(count: 4, block: "block1"),
            .misclassifiedAtEnd(count: 4, predictions: predictions),
            .ids(["s0"]),
        ])
        let first = try TrackChoice.resolve(settings, in: run)
        let second = try TrackChoice.resolve(settings, in: Fixtures.drifting(samples: 300, epochs: Array(0...6), classes: 5, seed: 8))
        XCTAssertEqual(first, second)
        XCTAssertEqual(Set(first).count, first.count)
        XCTAssertGreaterThanOrEqual(first.count, 9)
        XCTAssertEqual(Array(first.prefix(4)), try TrackChoice.mostMoving(in: run, block: "block1", count: 4))
    }
}
