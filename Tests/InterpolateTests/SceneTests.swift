import XCTest
import LayoutModel
@testable import Interpolate

final class SceneTests: XCTestCase {
    func testFillingAReusedPanelGivesTheSameFrameAsANewPanel() throws {
        let runs = [Fixtures.drifting(samples: 80, epochs: [0, 2, 4], blocks: ["b1", "b2"], seed: 1, runName: "a"),
                    Fixtures.drifting(samples: 80, epochs: [0, 2, 4], blocks: ["b1", "b2"], seed: 2, runName: "b")]
        let t = try Fixtures.timeline([0, 2, 4], holdFirst: 0.2, holdLast: 0.2)
        let scene = try MotionScene(layouts: runs, blocks: ["b2", "b1"], timeline: t,
                                    tracks: TrackSettings(selections: [.mostMoving(count: 2, block: "b1")]))
        XCTAssertEqual(scene.rowCount, 2)
        XCTAssertEqual(scene.columnCount, 2)
        var reused = PanelFrame(positions: [], viewport: Viewport(minX: 0, minY: 0, maxX: 1, maxY: 1))
        for f in stride(from: 0, to: scene.frameCount, by: 5) {
            for row in 0..<2 {
                for column in 0..<2 {
                    scene.fill(&reused, frame: f, row: row, column: column)
                    let fresh = scene.panel(frame: f, row: row, column: column)
                    XCTAssertEqual(reused.positions.count, fresh.positions.count)
                    XCTAssertTrue(zip(reused.positions, fresh.positions).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
                    XCTAssertEqual(reused.viewport, fresh.viewport)
                    XCTAssertEqual(reused.tracks, fresh.tracks)
                    XCTAssertEqual(fresh.tracks.count, 2)
                    XCTAssertTrue(fresh.opacity.isEmpty, "no sample is ever absent")
                }
            }
        }
        XCTAssertEqual(scene.clock(frame: 0), FrameClock(frame: 0, epochValue: 0, label: "epoch 0", progress: 0))
    }

    func testARunWithoutSamplesGivesEmptyPanels() throws {
        let run = LayoutSet(runName: "empty", epochs: [0, 1], blocks: [BlockLayout(name: "b", positions: [[], []])],
                            samples: SampleTable(ids: [], labels: [], classNames: []))
        let t = try Fixtures.timeline([0, 1])
        let scene = try MotionScene(layouts: [run], blocks: ["b"], timeline: t)
        let panel = scene.panel(frame: 7, row: 0, column: 0)
        XCTAssertTrue(panel.positions.isEmpty)
        XCTAssertGreaterThan(panel.viewport.width, 0)
    }

    func testRunsMustShareTheTimelinesEpochs() throws {
        let a = Fixtures.drifting(samples: 10, epochs: [0, 1, 2], runName: "a")
        let b = Fixtures.drifting(samples: 10, epochs: [0, 1, 3], runName: "b")
        let t = try Fixtures.timeline([0, 1, 2])
        XCTAssertThrowsError(try MotionScene(layouts: [a, b], blocks: ["block1"], timeline: t)) {
            XCTAssertEqual($0 as? InterpolateError, .epochsDiffer(run: "b", expected: [0, 1, 2], got: [0, 1, 3]))
        }
        XCTAssertThrowsError(try MotionScene(layouts: [a], blocks: ["layer9"], timeline: t)) {
            XCTAssertEqual(String(describing: $0), "Run a has no block named layer9; choose one of the run's blocks.")
        }
    }

    func testStripPanelsShowSavedPositionsUnderOneViewportPerRow() throws {
        let run = Fixtures.drifting(samples: 120, epochs: Array(0...10), blocks: ["b1", "b2"], seed: 6)
        let strip = try EpochStrip(layouts: [run], blocks: ["b1", "b2"], epochs: [0, 5, 10],
                                   camera: CameraSettings(coverage: 1, margin: 0.02, aspect: 1.5),
                                   tracks: TrackSettings(selections: [.ids(["s7"])]))
        for block in 0..<2 {
            let v = strip.viewport(run: 0, block: block)
            XCTAssertEqual(Double(v.width / v.height), 1.5, accuracy: 1e-4)
            for (column, epoch) in [0, 5, 10].enumerated() {
                let panel = strip.panel(run: 0, block: block, column: column)
                XCTAssertEqual(panel.viewport, v)
                XCTAssertEqual(panel.positions, run.blocks[block].positions[epoch], "coverage 1 keeps every saved position")
                let track = try XCTUnwrap(panel.tracks.first)
                XCTAssertEqual(track.trail.count, column == 0 ? 1 : 6, "trail through the saved epochs since the previous column")
                XCTAssertEqual(track.trailAge.first, column == 0 ? 0 : 1)
                XCTAssertEqual(track.trail.last, track.position)
            }
        }
        XCTAssertThrowsError(try EpochStrip(layouts: [run], blocks: ["b1"], epochs: [3, 11])) {
            XCTAssertEqual($0 as? InterpolateError, .unknownEpoch(11))
        }
    }

    /// Real AlignedUMAP layouts (NeuroMapper demo, CIFAR-10 ResNet-50, 1,000 samples, 40 epochs).
    func testRealLayoutsKeepCoverageContinuityAndCameraSpeed() throws {
        let run = try Fixtures.neuroMapper(blocks: [1, 4])
        let t = try Timeline(layouts: [run], blocks: ["layer1", "layer4"], settings: TimelineSettings(
            fps: 24, duration: .totalSeconds(20), spacing: .adaptive(minSeconds: 0.2, maxSeconds: 1), holdFirst: 0.5, holdLast: 1))
        XCTAssertEqual(t.frameCount, 481)
        let scene = try MotionScene(layouts: [run], blocks: ["layer1", "layer4"], timeline: t, curve: .monotoneCubic,
                                    camera: CameraSettings(mode: .follow, coverage: 0.98, aspect: 16.0 / 9.0))
        for column in 0..<2 {
            let block = scene.keyframes(row: 0, column: column)
            let keys = run.blocks[column].positions
            var previous = Fixtures.positions(block, t, frame: 0)
            for f in 0..<t.frameCount {
                let raw = f == 0 ? previous : Fixtures.positions(block, t, frame: f)
                let v = scene.viewport(frame: f, row: 0, column: column)
                var inside = 0
                for i in 0..<run.sampleCount where raw[2 * i] >= v.minX && raw[2 * i] <= v.maxX && raw[2 * i + 1] >= v.minY && raw[2 * i + 1] <= v.maxY {
                    inside += 1
                }
                XCTAssertGreaterThanOrEqual(Double(inside), 0.98 * Double(run.sampleCount), "block \(column) frame \(f)")
                if f > 0 {
                    let before = t.position(frame: f - 1)
                    if !before.isHold {
                        let k = before.lower
                        var largestMove: Float = 0, largestStep: Float = 0
                        for i in 0..<run.sampleCount {
                            largestMove = max(largestMove, euclideanLength(SIMD2(raw[2 * i] - previous[2 * i], raw[2 * i + 1] - previous[2 * i + 1])))
                            largestStep = max(largestStep, euclideanLength(SIMD2(keys[k + 1][2 * i] - keys[k][2 * i], keys[k + 1][2 * i + 1] - keys[k][2 * i + 1])))
                        }
                        XCTAssertLessThanOrEqual(Double(largestMove), 3 * Double(largestStep) / Double(t.stepFrameCount(k)) * (1 + 1e-4))
                    }
                    let a = scene.viewport(frame: f - 1, row: 0, column: column)
                    let edge = max(abs(v.minX - a.minX), abs(v.maxX - a.maxX), abs(v.minY - a.minY), abs(v.maxY - a.maxY))
                    XCTAssertLessThanOrEqual(Double(edge), scene.cameraPath(row: 0, column: column).maxEdgeStepPerFrame * (1 + 1e-5) + 1e-5)
                }
                previous = raw
            }
        }
    }
}
