import XCTest
import LayoutModel
@testable import Interpolate

final class MotionCurveTests: XCTestCase {
    /// A small drifting run on an irregular, held timeline shared by the tests below.
    func fixture(curve: MotionCurve) throws -> (BlockKeyframes, Timeline, LayoutSet) {
        let run = Fixtures.drifting(samples: 60, epochs: [0, 1, 2, 4, 8, 9, 12], seed: 11)
        let t = try Timeline(epochs: run.epochs, settings: TimelineSettings(
            fps: 24, duration: .secondsPerStep(0.4), spacing: .byEpochValue, holdFirst: 0.25, holdLast: 0.5, holds: [4: 0.3]))
        let block = try BlockKeyframes(block: run.blocks[0], sampleCount: run.sampleCount, timeline: t, curve: curve)
        return (block, t, run)
    }

    func testEveryCurveReturnsTheKeyframeExactlyAtKeyframeFrames() throws {
        for curve in MotionCurve.allCases {
            let (block, t, run) = try fixture(curve: curve)
            for k in run.epochs.indices {
                let frames = [t.firstFrame(ofKeyframe: k)] + (k == run.epochs.count - 1 ? [t.frameCount - 1] : [])
                for f in frames {
                    XCTAssertEqual(Fixtures.positions(block, t, frame: f), run.blocks[0].positions[k], "\(curve) keyframe \(k) frame \(f)")
                }
            }
        }
    }

    func testPerFrameDisplacementIsBoundedByTheStepDisplacementTimesTheCurveFactor() throws {
        for curve in MotionCurve.allCases {
            let (block, t, run) = try fixture(curve: curve)
            let keys = run.blocks[0].positions
            var previous = Fixtures.positions(block, t, frame: 0)
            var worstRatio = 0.0
            for f in 1..<t.frameCount {
                let current = Fixtures.positions(block, t, frame: f)
                let before = t.position(frame: f - 1)
                for i in 0..<run.sampleCount {
                    let moved = hypot(Double(current[2 * i] - previous[2 * i]), Double(current[2 * i + 1] - previous[2 * i + 1]))
                    if before.isHold && before.lower == t.position(frame: f).lower && t.position(frame: f).isHold {
                        XCTAssertEqual(moved, 0, "\(curve) moved during a hold at frame \(f)")
                        continue
                    }
                    if before.isHold { XCTAssertEqual(moved, 0, accuracy: 0, "\(curve) left a hold with a jump"); continue }
                    let k = before.lower
                    let stepMove = hypot(Double(keys[k + 1][2 * i] - keys[k][2 * i]), Double(keys[k + 1][2 * i + 1] - keys[k][2 * i + 1]))
                    let bound = curve.maxSpeedFactor * stepMove / Double(t.stepFrameCount(k))
                    XCTAssertLessThanOrEqual(moved, bound * (1 + 1e-4) + 1e-5, "\(curve) sample \(i) frame \(f)")
                    if stepMove > 0 { worstRatio = max(worstRatio, moved / (stepMove / Double(t.stepFrameCount(k)))) }
                }
                previous = current
            }
            XCTAssertLessThanOrEqual(worstRatio, curve.maxSpeedFactor * (1 + 1e-4), "\(curve)")
        }
    }

    func testEveryCurveStaysBetweenTheStepsKeyframeValues() throws {
        for curve in MotionCurve.allCases {
            let (block, t, run) = try fixture(curve: curve)
            let keys = run.blocks[0].positions
            for f in 0..<t.frameCount {
                let p = t.position(frame: f)
                let current = Fixtures.positions(block, t, frame: f)
                for j in current.indices {
                    let a = keys[p.lower][j], b = keys[p.upper][j]
                    let slack = 4 * max(abs(a), abs(b)).ulp
                    XCTAssertGreaterThanOrEqual(current[j], min(a, b) - slack, "\(curve) frame \(f) coord \(j)")
                    XCTAssertLessThanOrEqual(current[j], max(a, b) + slack, "\(curve) frame \(f) coord \(j)")
                }
            }
        }
    }

    func testMonotoneCubicNeverOvershootsMonotoneData() throws {
        // Increasing x with flat stretches and uneven jumps, decreasing y, irregular epochs.
        let xs: [Float] = [0, 0.1, 0.1, 5, 5.2, 9, 9, 9.01, 20]
        let ys: [Float] = [3, 2.9, 1, 1, 0.95, -4, -4.5, -4.5, -10]
        let epochs = [1, 2, 4, 5, 9, 10, 16, 17, 30]
        let run = Fixtures.explicit(zip(xs, ys).map { [$0, $1] }, epochs: epochs)
        let t = try Timeline(epochs: epochs, settings: TimelineSettings(
            fps: 30, duration: .secondsPerStep(0.7), spacing: .byEpochValue, holdFirst: 0, holdLast: 0))
        let block = try BlockKeyframes(block: run.blocks[0], sampleCount: 1, timeline: t, curve: .monotoneCubic)
        var last = SIMD2<Float>(xs[0], ys[0])
        for k in 0..<(epochs.count - 1) {
            for step in 0...200 {
                let u = Double(step) / 200
                let time = TimelinePosition(frame: 0, lower: k, upper: k + 1, blend: u, isHold: false, epochValue: 0, progress: 0)
                let p = block.position(of: 0, at: time)!.point
                XCTAssertGreaterThanOrEqual(p.x, xs[k] - 1e-5, "x overshoots below at step \(k) u \(u)")
                XCTAssertLessThanOrEqual(p.x, xs[k + 1] + 1e-5, "x overshoots above at step \(k) u \(u)")
                XCTAssertLessThanOrEqual(p.y, ys[k] + 1e-5)
                XCTAssertGreaterThanOrEqual(p.y, ys[k + 1] - 1e-5)
                XCTAssertGreaterThanOrEqual(p.x, last.x - 1e-5, "x not monotone at step \(k) u \(u)")
                XCTAssertLessThanOrEqual(p.y, last.y + 1e-5, "y not monotone at step \(k) u \(u)")
                last = p
            }
        }
    }

    func testMonotoneCubicVelocityIsContinuousAcrossKeyframes() throws {
        let (block, t, run) = try fixture(curve: .monotoneCubic)
        let h = t.stepSeconds
        let delta = 1e-3
        // Interior keyframes without a hold (the hold at epoch 4 deliberately comes to rest).
        for k in 1..<(run.epochs.count - 1) where t.holdSeconds[k] == 0 {
            for i in 0..<run.sampleCount {
                let at = block.position(of: i, at: TimelinePosition(frame: 0, lower: k, upper: k, blend: 0, isHold: true, epochValue: 0, progress: 0))!.point
                let before = block.position(of: i, at: TimelinePosition(frame: 0, lower: k - 1, upper: k, blend: 1 - delta, isHold: false, epochValue: 0, progress: 0))!.point
                let after = block.position(of: i, at: TimelinePosition(frame: 0, lower: k, upper: k + 1, blend: delta, isHold: false, epochValue: 0, progress: 0))!.point
                let vIn = (at - before) / Float(delta * h[k - 1]), vOut = (after - at) / Float(delta * h[k])
                let scale = max(1, euclideanLength(vIn), euclideanLength(vOut))
                XCTAssertLessThan(euclideanLength(vIn - vOut) / scale, 0.02, "velocity jumps at keyframe \(k) for sample \(i)")
            }
        }
        let held = run.epochs.firstIndex(of: 4)!
        let after = block.position(of: 0, at: TimelinePosition(frame: 0, lower: held, upper: held + 1, blend: 1e-3, isHold: false, epochValue: 0, progress: 0))!.point
        let at = Array(block.keyframe(held))
        XCTAssertLessThan(euclideanLength(after - SIMD2(at[0], at[1])), 1e-3, "motion leaves a hold from rest")
    }

    func testAbsentSamplesFadeOutAndInInsteadOfJumping() throws {
        let nan = Float.nan
        // Sample 1 is absent at the middle epoch.
        let run = Fixtures.explicit([[0, 0, 1, 1], [1, 0, nan, nan], [2, 0, 5, 5]], epochs: [0, 1, 2])
        let t = try Fixtures.timeline(run.epochs, fps: 10, secondsPerStep: 1)
        for curve in MotionCurve.allCases {
            let block = try BlockKeyframes(block: run.blocks[0], sampleCount: 2, timeline: t, curve: curve)
            XCTAssertTrue(block.hasMissing)
            var opacityOut: [Float] = [], opacityIn: [Float] = []
            for f in 0...20 {
                var out = [Float](repeating: 0, count: 4), opacity = [Float](repeating: 0, count: 2)
                out.withUnsafeMutableBufferPointer { o in opacity.withUnsafeMutableBufferPointer { block.fill(o, opacity: $0, at: t.position(frame: f)) } }
                XCTAssertEqual(opacity[0], 1)
                if f < 10 {
                    XCTAssertEqual(out[2], 1, "\(curve): fading-out sample holds its last position")
                    XCTAssertEqual(out[3], 1)
                    opacityOut.append(opacity[1])
                } else if f == 10 {
                    XCTAssertTrue(out[2].isNaN, "\(curve): absent at its keyframe")
                    XCTAssertEqual(opacity[1], 0)
                } else {
                    if opacity[1] > 0 { XCTAssertEqual(out[2], 5); XCTAssertEqual(out[3], 5) } else { XCTAssertTrue(out[2].isNaN) }
                    opacityIn.append(opacity[1])
                }
            }
            XCTAssertEqual(opacityOut.first, 1)
            XCTAssertEqual(opacityOut, opacityOut.sorted(by: >), "\(curve): fades out monotonically")
            XCTAssertEqual(opacityIn, opacityIn.sorted(), "\(curve): fades in monotonically")
            XCTAssertEqual(opacityIn.last, 1)
        }
    }
}
