import XCTest
import LayoutModel
@testable import Interpolate

final class AdaptivePacingTests: XCTestCase {
    let changes: [Double] = [0, 1, 5, 0.2, 10, 3, 0.5, 0.5]

    func testStepsStayWithinTheirBoundsAndSumToTheMotionDuration() throws {
        let d = try StepPacing.adaptive(changes: changes, total: 12, minSeconds: 0.5, maxSeconds: 4)
        XCTAssertEqual(d.count, changes.count)
        XCTAssertEqual(d.reduce(0, +), 12, accuracy: 1e-9)
        for s in d { XCTAssertTrue(s >= 0.5 - 1e-12 && s <= 4 + 1e-12, "\(s) outside 0.5…4") }
        XCTAssertEqual(d[4], 4, accuracy: 1e-12, "the largest change hits the upper bound")
        XCTAssertEqual(d[0], 0.5, accuracy: 1e-12, "no change gets the lower bound")
    }

    func testStepsInsideTheBoundsGetTimeProportionalToChange() throws {
        let d = try StepPacing.adaptive(changes: changes, total: 12, minSeconds: 0.5, maxSeconds: 4)
        let free = d.indices.filter { d[$0] > 0.5 + 1e-9 && d[$0] < 4 - 1e-9 }
        XCTAssertGreaterThanOrEqual(free.count, 2)
        let ratios = free.map { d[$0] / changes[$0] }
        for r in ratios { XCTAssertEqual(r, ratios[0], accuracy: 1e-9 * ratios[0]) }
        // More change never gets less time.
        for i in changes.indices { for j in changes.indices where changes[i] > changes[j] { XCTAssertGreaterThanOrEqual(d[i], d[j] - 1e-12) } }
    }

    func testUnchangingLayoutsShareTimeEvenly() throws {
        XCTAssertEqual(try StepPacing.adaptive(changes: [0, 0, 0, 0], total: 8, minSeconds: 1, maxSeconds: 3), [2, 2, 2, 2])
    }

    func testImpossibleBoundsAreRejected() {
        XCTAssertThrowsError(try StepPacing.adaptive(changes: changes, total: 40, minSeconds: 0.5, maxSeconds: 4)) {
            XCTAssertEqual($0 as? InterpolateError, .adaptiveBoundsInfeasible(minSeconds: 0.5, maxSeconds: 4, meanStepSeconds: 5))
        }
        XCTAssertThrowsError(try StepPacing.adaptive(changes: changes, total: 2, minSeconds: 0.5, maxSeconds: 4)) {
            guard case .adaptiveBoundsInfeasible(0.5, 4, _)? = $0 as? InterpolateError else { return XCTFail("\($0)") }
        }
    }

    func testAdaptiveTimelineKeepsTotalDurationAndBoundsInFrames() throws {
        let epochs = Array(0...changes.count)
        let settings = TimelineSettings(fps: 30, duration: .totalSeconds(15), spacing: .adaptive(minSeconds: 0.5, maxSeconds: 4),
                                        holdFirst: 1, holdLast: 2)
        let t = try Timeline(epochs: epochs, settings: settings, stepChanges: changes)
        XCTAssertEqual(t.durationSeconds, 15, accuracy: 1e-9)
        XCTAssertEqual(t.frameCount, 451)
        // Rounding to frames moves each step by less than one frame.
        for k in 0..<changes.count {
            let frames = t.stepFrameCount(k)
            XCTAssertGreaterThanOrEqual(frames, 15 - 1)
            XCTAssertLessThanOrEqual(frames, 120 + 1)
            XCTAssertEqual(Double(frames), t.stepSeconds[k] * 30, accuracy: 1)
        }
    }

    func testAdaptiveTimelineNeedsOneChangePerStep() {
        let settings = TimelineSettings(spacing: .adaptive(minSeconds: 0.1, maxSeconds: 1))
        XCTAssertThrowsError(try Timeline(epochs: [0, 1, 2], settings: settings, stepChanges: [1])) {
            XCTAssertEqual($0 as? InterpolateError, .stepChangeCountMismatch(expected: 2, got: 1))
        }
    }

    func testMeasuredChangeIsLargestWhereTheLayoutReorganises() throws {
        // Three still epochs, then a jump, then still again.
        var rng = SeededGenerator(seed: 3)
        let base = (0..<200).map { _ in rng.gaussian() }
        let moved = base.enumerated().map { $0.offset % 2 == 0 ? $0.element + 2 : $0.element }
        let run = Fixtures.explicit([base, base, moved, moved], epochs: [1, 2, 3, 4])
        let c = try LayoutChange.stepChanges(layouts: [run], blocks: ["b"])
        XCTAssertEqual(c[0], 0)
        XCTAssertGreaterThan(c[1], 0.5)
        XCTAssertEqual(c[2], 0)
        let t = try Timeline(layouts: [run], blocks: ["b"], settings: TimelineSettings(
            fps: 30, duration: .secondsPerStep(1), spacing: .adaptive(minSeconds: 0.25, maxSeconds: 2.5), holdFirst: 0, holdLast: 0))
        XCTAssertEqual(t.stepSeconds, [0.25, 2.5, 0.25])
    }
}
