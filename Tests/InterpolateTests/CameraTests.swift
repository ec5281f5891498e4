import XCTest
import LayoutModel
@testable import Interpolate

final class CameraTests: XCTestCase {
    /// A growing, rotating run with 4 % of the points thrown far out at every epoch.
    func fixture(outliers: Float = 0.04, seed: UInt64 = 5) throws -> (LayoutSet, Timeline, BlockKeyframes) {
        let run = Fixtures.drifting(samples: 400, epochs: Array(0...8), outlierFraction: outliers, seed: seed)
        let t = try Fixtures.timeline(run.epochs, fps: 24, secondsPerStep: 0.5, holdFirst: 0.5, holdLast: 0.5)
        return (run, t, try BlockKeyframes(block: run.blocks[0], sampleCount: run.sampleCount, timeline: t, curve: .monotoneCubic))
    }

    func countInside(_ positions: [Float], _ v: Viewport) -> (inside: Int, shown: Int) {
        var inside = 0, shown = 0
        for i in 0..<(positions.count / 2) where !positions[2 * i].isNaN {
            shown += 1
            let x = positions[2 * i], y = positions[2 * i + 1]
            if x >= v.minX && x <= v.maxX && y >= v.minY && y <= v.maxY { inside += 1 }
        }
        return (inside, shown)
    }

    func testFollowCameraContainsTheRequestedShareOfPointsInEveryFrame() throws {
        let (_, t, block) = try fixture()
        for coverage in [0.9, 0.95, 0.99] {
            let path = try CameraPath(blocks: [block], timeline: t, settings: CameraSettings(mode: .follow, coverage: coverage, margin: 0))
            for f in 0..<t.frameCount {
                let (inside, shown) = countInside(Fixtures.positions(block, t, frame: f), path.viewport(frame: f))
                XCTAssertGreaterThanOrEqual(Double(inside), coverage * Double(shown), "coverage \(coverage) frame \(f)")
            }
        }
    }

    func testFollowViewportContainsEachFramesRobustBoundsDespiteSmoothing() throws {
        // The layout is still, then bursts to ten times its size in one step, then shrinks back:
        // a smoothed camera that lagged would cut points off while they fly out.
        var rng = SeededGenerator(seed: 12)
        let base = (0..<600).map { _ in rng.gaussian() }
        let run = Fixtures.explicit([base, base, base.map { 10 * $0 }, base, base], epochs: [0, 1, 2, 3, 4])
        let t = try Fixtures.timeline(run.epochs, fps: 30, secondsPerStep: 0.5)
        let block = try BlockKeyframes(block: run.blocks[0], sampleCount: 300, timeline: t, curve: .smoothstep)
        for smoothing in [0.0, 0.3, 1.0] {
            let settings = CameraSettings(mode: .follow, coverage: 0.98, margin: 0, smoothingSeconds: smoothing)
            let path = try CameraPath(blocks: [block], timeline: t, settings: settings)
            let targets = CameraPath.frameTargets(blocks: [block], timeline: t, settings: settings)
            for f in 0..<t.frameCount {
                let v = path.viewport(frame: f), r = targets[f]
                XCTAssertTrue(Double(v.minX) <= r.minX && Double(v.minY) <= r.minY && Double(v.maxX) >= r.maxX && Double(v.maxY) >= r.maxY,
                              "smoothing \(smoothing) frame \(f): \(v) does not contain \(r)")
            }
            // Anticipation: with smoothing the camera is already wider than the still layout needs
            // just before the burst starts.
            if smoothing > 0 {
                let before = t.firstFrame(ofKeyframe: 1) - 1
                XCTAssertGreaterThan(Double(path.viewport(frame: before).width), 1.01 * targets[before].width)
            }
        }
    }

    func testRobustBoundsLeaveFarOutliersOut() throws {
        // 1 % outliers per epoch, 40–80 units out (about 2 % per step, split left and right),
        // against a 10 % allowance (2.5 % per edge).
        let (_, t, block) = try fixture(outliers: 0.01)
        let robust = try CameraPath(blocks: [block], timeline: t, settings: CameraSettings(mode: .fixed, coverage: 0.9))
        let everything = try CameraPath(blocks: [block], timeline: t, settings: CameraSettings(mode: .fixed, coverage: 1))
        XCTAssertLessThan(robust.viewports[0].width * 3, everything.viewports[0].width, "outliers 40+ units out must not set the frame")
    }

    func testFollowCameraMovesAtMostItsStatedBoundPerFrame() throws {
        let (_, t, block) = try fixture()
        for aspect in [1.0, 16.0 / 9.0, 0.5] {
            for speed in [0.05, 0.5] {
                let path = try CameraPath(blocks: [block], timeline: t, settings: CameraSettings(
                    mode: .follow, aspect: aspect, smoothingSeconds: 0.25, maxSpeed: speed))
                XCTAssertGreaterThan(path.maxEdgeStepPerFrame, 0)
                var largest: Double = 0
                for f in 1..<t.frameCount {
                    let a = path.viewports[f - 1], b = path.viewports[f]
                    for (p, q) in [(a.minX, b.minX), (a.minY, b.minY), (a.maxX, b.maxX), (a.maxY, b.maxY)] {
                        largest = max(largest, Double(abs(q - p)))
                    }
                }
                XCTAssertLessThanOrEqual(largest, path.maxEdgeStepPerFrame * (1 + 1e-5) + 1e-5, "aspect \(aspect) speed \(speed)")
                XCTAssertGreaterThan(largest, 0, "the camera follows the growing layout")
            }
        }
    }

    func testSlowCameraStillContainsThePointsByWideningEarly() throws {
        let (_, t, block) = try fixture(outliers: 0)
        let path = try CameraPath(blocks: [block], timeline: t, settings: CameraSettings(mode: .follow, coverage: 0.95, maxSpeed: 0.02))
        for f in 0..<t.frameCount {
            let (inside, shown) = countInside(Fixtures.positions(block, t, frame: f), path.viewport(frame: f))
            XCTAssertGreaterThanOrEqual(Double(inside), 0.95 * Double(shown), "frame \(f)")
        }
    }

    func testViewportsHaveThePanelAspect() throws {
        let (_, t, block) = try fixture()
        for mode in CameraMode.allCases {
            for aspect in [1.0, 16.0 / 9.0, 0.75] {
                let path = try CameraPath(blocks: [block], timeline: t, settings: CameraSettings(mode: mode, aspect: aspect))
                for v in path.viewports { XCTAssertEqual(Double(v.width / v.height), aspect, accuracy: 1e-4 * aspect) }
            }
        }
    }

    func testFixedCameraIsOneViewportContainingEveryFollowFrame() throws {
        let (_, t, block) = try fixture()
        let fixed = try CameraPath(blocks: [block], timeline: t, settings: CameraSettings(mode: .fixed, smoothingSeconds: 0))
        XCTAssertEqual(Set(fixed.viewports.map { [$0.minX, $0.minY, $0.maxX, $0.maxY] }).count, 1)
        XCTAssertEqual(fixed.maxEdgeStepPerFrame, 0)
        for f in 0..<t.frameCount {
            let (inside, shown) = countInside(Fixtures.positions(block, t, frame: f), fixed.viewports[0])
            XCTAssertGreaterThanOrEqual(Double(inside), 0.99 * Double(shown))
        }
    }

    func testZoomShowsTheGivenRegionWidenedToTheAspect() throws {
        let (_, t, block) = try fixture()
        let zoom = Viewport(minX: 0, minY: 0, maxX: 2, maxY: 1)
        let path = try CameraPath(blocks: [block], timeline: t, settings: CameraSettings(aspect: 1, zoom: zoom))
        XCTAssertEqual(path.viewports.first, Viewport(minX: 0, minY: -0.5, maxX: 2, maxY: 1.5))
        XCTAssertEqual(path.viewports.last, path.viewports.first)
    }

    func testSharedCameraGivesRunsOfAComparisonTheSameViewport() throws {
        let wellFit = Fixtures.drifting(samples: 200, epochs: Array(0...5), seed: 1, runName: "wellfit")
        var overFit = Fixtures.drifting(samples: 200, epochs: Array(0...5), seed: 2, runName: "overfit")
        overFit.blocks[0].positions = overFit.blocks[0].positions.map { $0.map { 2.5 * $0 } }
        let t = try Fixtures.timeline(wellFit.epochs)
        let settings = CameraSettings(mode: .follow, coverage: 0.98, shareAcrossRuns: true)
        let scene = try MotionScene(layouts: [wellFit, overFit], blocks: ["block1"], timeline: t, camera: settings)
        for f in 0..<t.frameCount {
            XCTAssertEqual(scene.viewport(frame: f, row: 0, column: 0), scene.viewport(frame: f, row: 1, column: 0))
            for row in 0..<2 {
                let panel = try XCTUnwrap(Fixtures.positions(scene.keyframes(row: row, column: 0), t, frame: f) as [Float]?)
                let (inside, shown) = countInside(panel, scene.viewport(frame: f, row: row, column: 0))
                XCTAssertGreaterThanOrEqual(Double(inside), 0.98 * Double(shown))
            }
        }
        let apart = try MotionScene(layouts: [wellFit, overFit], blocks: ["block1"], timeline: t,
                                    camera: CameraSettings(mode: .follow, shareAcrossRuns: false))
        XCTAssertNotEqual(apart.viewport(frame: 0, row: 0, column: 0), apart.viewport(frame: 0, row: 1, column: 0))
        let standalone = try CameraPath(layouts: [wellFit, overFit], block: "block1", timeline: t, curve: .monotoneCubic, settings: settings)
        XCTAssertEqual(standalone.viewports, scene.cameraPath(row: 1, column: 0).viewports)
    }

    func testOutliersAreClampedToTheEdgeOrHidden() throws {
        let (run, t, _) = try fixture()
        for style in OutlierStyle.allCases {
            let scene = try MotionScene(layouts: [run], blocks: ["block1"], timeline: t,
                                        camera: CameraSettings(mode: .follow, coverage: 0.9, outliers: style))
            let f = t.frameCount / 2
            let panel = scene.panel(frame: f, row: 0, column: 0)
            let raw = Fixtures.positions(scene.keyframes(row: 0, column: 0), t, frame: f)
            let v = panel.viewport
            var outliers = 0
            for i in 0..<run.sampleCount {
                let x = raw[2 * i], y = raw[2 * i + 1]
                let outside = x < v.minX || x > v.maxX || y < v.minY || y > v.maxY
                if !outside {
                    XCTAssertEqual(panel.positions[2 * i], x); XCTAssertEqual(panel.positions[2 * i + 1], y)
                    continue
                }
                outliers += 1
                switch style {
                case .hide:
                    XCTAssertTrue(panel.positions[2 * i].isNaN)
                case .clampToEdge:
                    XCTAssertEqual(panel.positions[2 * i], min(max(x, v.minX), v.maxX))
                    XCTAssertEqual(panel.positions[2 * i + 1], min(max(y, v.minY), v.maxY))
                }
            }
            XCTAssertGreaterThan(outliers, 0, "the fixture has outliers")
        }
    }

    func testBadCameraSettingsAreRejected() throws {
        let (_, t, block) = try fixture()
        XCTAssertThrowsError(try CameraPath(blocks: [block], timeline: t, settings: CameraSettings(coverage: 1.5))) {
            XCTAssertTrue(String(describing: $0).contains("coverage"))
        }
        XCTAssertThrowsError(try CameraPath(blocks: [block], timeline: t, settings: CameraSettings(aspect: 0))) {
            guard case .invalidSetting(let name, 0, _)? = $0 as? InterpolateError else { return XCTFail("\($0)") }
            XCTAssertEqual(name, "panel aspect")
        }
    }

    func testOrderStatisticMatchesSorting() {
        var rng = SeededGenerator(seed: 9)
        for n in [1, 2, 3, 10, 101, 1000] {
            let values = (0..<n).map { _ in Float(Int(rng.uniform() * 20)) }  // many ties
            let sorted = values.sorted()
            // Both strategies: ranks near the ends (sorted buffer) and in the middle (quickselect).
            for rank in Set([0, 5, 63, 64, n / 3, n / 2, n - 65, n - 64, n - 6, n - 1]) where rank >= 0 && rank < n {
                var copy = values
                let got = copy.withUnsafeMutableBufferPointer { OrderStatistic.select($0, count: n, rank: rank) }
                XCTAssertEqual(got, sorted[rank], "n \(n) rank \(rank)")
                copy = values
                XCTAssertEqual(copy.withUnsafeMutableBufferPointer { OrderStatistic.quickselect($0, count: n, rank: rank) }, sorted[rank])
            }
        }
    }
}
