import XCTest
@testable import Interpolate

final class TimelineTests: XCTestCase {
    func testRegularEpochsFrameCountIsRoundedDurationPlusOne() throws {
        // 21 epochs, 20 steps of 0.5 s, holds 1 s + 2 s: D = 13 s, F = round(13·30) + 1.
        let t = try Timeline(epochs: Array(0...20), settings: TimelineSettings(fps: 30, duration: .secondsPerStep(0.5),
                                                                               holdFirst: 1, holdLast: 2))
        XCTAssertEqual(t.durationSeconds, 13, accuracy: 1e-12)
        XCTAssertEqual(t.frameCount, 391)
    }

    func testRegularEpochValueAtFrameFollowsTheFormula() throws {
        let t = try Timeline(epochs: Array(0...20), settings: TimelineSettings(fps: 30, duration: .secondsPerStep(0.5),
                                                                               holdFirst: 1, holdLast: 2))
        XCTAssertEqual(t.firstFrame(ofKeyframe: 0), 0)
        for k in 1...20 { XCTAssertEqual(t.firstFrame(ofKeyframe: k), 30 + 15 * k) }
        for f in 0..<t.frameCount {
            let p = t.position(frame: f)
            let expected: Double
            if f < 30 { expected = 0 } else if f >= 330 { expected = 20 } else { expected = Double(f - 30) / 15 }
            XCTAssertEqual(p.epochValue, expected, accuracy: 1e-12, "frame \(f)")
        }
        let mid = t.position(frame: 30 + 15 * 7 + 6)
        XCTAssertEqual(mid.lower, 7)
        XCTAssertEqual(mid.upper, 8)
        XCTAssertEqual(mid.blend, 6.0 / 15.0, accuracy: 1e-12)
        XCTAssertFalse(mid.isHold)
        XCTAssertTrue(t.position(frame: 10).isHold)
        XCTAssertEqual(t.position(frame: 0).progress, 0)
        XCTAssertEqual(t.position(frame: t.frameCount - 1).progress, 1)
    }

    func testNonIntegerDurationRoundsTheTotalOnce() throws {
        // 7 steps of 0.37 s at 24 fps: D = 2.59 s, D·fps = 62.16 → 63 frames.
        let t = try Fixtures.timeline(Array(0...7), fps: 24, secondsPerStep: 0.37)
        XCTAssertEqual(t.frameCount, 63)
        // Cumulative rounding: step k starts at round(0.37·k·24).
        for k in 0...7 {
            XCTAssertEqual(t.firstFrame(ofKeyframe: k), Int((0.37 * Double(k) * 24).rounded()))
        }
    }

    func testHalfFramesRoundUpAsTheDecimalDurationsRead() throws {
        // Steps of 0.35 s at 10 fps end at 3.5, 7, 10.5, 14 frames (10.5 is 10.4999… in binary).
        let t = try Fixtures.timeline(Array(0...4), fps: 10, secondsPerStep: 0.35)
        XCTAssertEqual((0...4).map { t.firstFrame(ofKeyframe: $0) }, [0, 4, 7, 11, 14])
        XCTAssertEqual(t.frameCount, 15)
    }

    func testIrregularEpochsPacedByStepGiveEveryStepTheSameTime() throws {
        let t = try Fixtures.timeline([1, 2, 4, 8, 16], fps: 10, secondsPerStep: 1)
        XCTAssertEqual(t.frameCount, 41)
        XCTAssertEqual(t.position(frame: 15).epochValue, 3, accuracy: 1e-12)   // halfway from 2 to 4
        XCTAssertEqual(t.position(frame: 35).epochValue, 12, accuracy: 1e-12)  // halfway from 8 to 16
        XCTAssertEqual(t.position(frame: 40).epochValue, 16)
    }

    func testIrregularEpochsPacedByEpochValueGiveTimeProportionalToTheGap() throws {
        // Motion 4 s over gaps 1, 2, 4, 8 (sum 15): cumulative seconds 0, 4/15, 12/15, 28/15, 4.
        let t = try Timeline(epochs: [1, 2, 4, 8, 16], settings: TimelineSettings(
            fps: 10, duration: .totalSeconds(4), spacing: .byEpochValue, holdFirst: 0, holdLast: 0))
        let expected: [Double] = [4.0 / 15, 8.0 / 15, 16.0 / 15, 32.0 / 15]
        for (got, want) in zip(t.stepSeconds, expected) { XCTAssertEqual(got, want, accuracy: 1e-12) }
        XCTAssertEqual((0..<5).map { t.firstFrame(ofKeyframe: $0) }, [0, 3, 8, 19, 40])
        XCTAssertEqual(t.frameCount, 41)
        XCTAssertEqual(t.position(frame: 13).epochValue, 4 + 5.0 / 11.0 * 4, accuracy: 1e-12)
        // Epochs pass at a near-constant rate: 15 epochs over 40 frames, within the rounding.
        for f in 0...40 {
            let rate: Double = 15.0 / 40.0
            XCTAssertEqual(t.position(frame: f).epochValue, 1 + rate * Double(f), accuracy: rate)
        }
    }

    func testExtraHoldsAddStillFramesOnTheirEpoch() throws {
        let t = try Timeline(epochs: [0, 5, 10, 15], settings: TimelineSettings(
            fps: 30, duration: .secondsPerStep(1), holdFirst: 0.5, holdLast: 1, holds: [10: 2]))
        // D = 0.5 + 3·1 + 2 + 1 = 6.5 s.
        XCTAssertEqual(t.frameCount, 196)
        XCTAssertEqual(t.holdFrameCount(0), 15)
        XCTAssertEqual(t.holdFrameCount(1), 0)
        XCTAssertEqual(t.holdFrameCount(2), 60)
        XCTAssertEqual(t.firstFrame(ofKeyframe: 2), 75)
        for f in 75..<135 {
            let p = t.position(frame: f)
            XCTAssertTrue(p.isHold)
            XCTAssertEqual(p.epochValue, 10)
        }
        XCTAssertEqual(t.position(frame: 135).epochValue, 10)
        XCTAssertEqual(t.position(frame: 150).epochValue, 12.5, accuracy: 1e-12)
    }

    func testTotalDurationGivesTheMotionWhatTheHoldsLeave() throws {
        let t = try Timeline(epochs: Array(0...7), settings: TimelineSettings(
            fps: 30, duration: .totalSeconds(10), holdFirst: 1, holdLast: 2))
        XCTAssertEqual(t.stepSeconds, [Double](repeating: 1, count: 7))
        XCTAssertEqual(t.frameCount, 301)
    }

    func testSingleEpochIsOneHold() throws {
        let t = try Timeline(epochs: [3], settings: TimelineSettings(fps: 25, duration: .totalSeconds(2)))
        XCTAssertEqual(t.frameCount, 51)
        XCTAssertEqual(t.position(frame: 20).epochValue, 3)
        XCTAssertEqual(t.clock(frame: 50).label, "epoch 3")
    }

    func testLabelsNameTheNearestSavedEpochUnlessInterpolatedLabelsAreAsked() throws {
        var settings = TimelineSettings(fps: 10, duration: .secondsPerStep(1), holdFirst: 0, holdLast: 0)
        let saved = try Timeline(epochs: [35, 40], settings: settings)
        XCTAssertEqual(saved.clock(frame: 0).label, "epoch 35")
        XCTAssertEqual(saved.clock(frame: 4).label, "epoch 35")
        XCTAssertEqual(saved.clock(frame: 5).label, "epoch 40")
        settings.labels = .interpolated(decimals: 0)
        let interpolated = try Timeline(epochs: [35, 40], settings: settings)
        XCTAssertEqual(interpolated.clock(frame: 4).label, "epoch 37")
        XCTAssertEqual(interpolated.clock(frame: 4).epochValue, 37)
        settings.labels = .interpolated(decimals: 1)
        XCTAssertEqual(try Timeline(epochs: [35, 40], settings: settings).clock(frame: 3).label, "epoch 36.5")
    }

    func testFramesAndSecondsConvertBothWays() throws {
        let t = try Fixtures.timeline(Array(0...4), fps: 24, secondsPerStep: 0.5)
        XCTAssertEqual(t.frame(atSeconds: 1.0), 24)
        XCTAssertEqual(t.seconds(atFrame: 36), 1.5)
        XCTAssertEqual(t.frame(atSeconds: 99), t.frameCount - 1)
    }

    func testBadSettingsAreRejectedWithTheirName() {
        XCTAssertThrowsError(try Timeline(epochs: [1, 1], settings: TimelineSettings())) {
            XCTAssertEqual($0 as? InterpolateError, .epochsNotAscending(index: 1, previous: 1, value: 1))
        }
        XCTAssertThrowsError(try Timeline(epochs: [1, 2], settings: TimelineSettings(holds: [7: 1]))) {
            XCTAssertEqual($0 as? InterpolateError, .holdOnUnknownEpoch(7))
        }
        XCTAssertThrowsError(try Timeline(epochs: [1, 2], settings: TimelineSettings(duration: .totalSeconds(2)))) {
            XCTAssertEqual($0 as? InterpolateError, .holdsExceedTotal(totalSeconds: 2, holdSeconds: 3))
        }
        XCTAssertThrowsError(try Timeline(epochs: [1, 2], settings: TimelineSettings(fps: 30, duration: .secondsPerStep(0.01)))) {
            XCTAssertEqual($0 as? InterpolateError, .stepShorterThanFrame(fromEpoch: 1, toEpoch: 2, seconds: 0.01, fps: 30))
            XCTAssertTrue(String(describing: $0).contains("epoch 1 to 2"))
        }
        XCTAssertThrowsError(try Timeline(epochs: [], settings: TimelineSettings())) {
            XCTAssertEqual($0 as? InterpolateError, .noEpochs)
        }
        XCTAssertThrowsError(try Timeline(epochs: [1], settings: TimelineSettings(fps: 0))) {
            guard case .invalidSetting("fps", 0, _)? = $0 as? InterpolateError else { return XCTFail("\($0)") }
        }
    }
}
