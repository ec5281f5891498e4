import Interpolate
import LayoutModel
import XCTest
@testable import Render

/// The progress bar, the metrics playhead, determinism and odd inputs.
final class OverlayTests: XCTestCase {
    private let run = SyntheticRun(count: 200, classes: 4)

    private func renderer(theme: Theme = .light, seed: UInt64 = 0, chart: Bool = true) throws -> FrameRenderer {
        let scene = FrameScene(columnTitles: ["a", "b"], rows: [FrameRow(name: "run", samples: run.samples, metrics: SyntheticRun.metrics(epochs: 10, overfit: false))],
                               showsProgressBar: true, metricsChart: chart ? MetricsChartSpec() : nil)
        return try FrameRenderer(scene: scene, settings: RenderSettings(theme: theme, seed: seed), width: 640, height: 360)
    }

    private func panels(_ r: FrameRenderer) -> [[PanelFrame]] {
        [[run.panel(progress: 0.5, aspect: r.layout.panelAspect), run.panel(progress: 0.5, block: 1, aspect: r.layout.panelAspect)]]
    }

    func testTheProgressBarIsFilledUpToTheProgress() throws {
        let r = try renderer()
        let canvas = try r.render(panels(r), clock: FrameClock(frame: 0, epochValue: 5, label: "epoch 5", progress: 0.5))
        let bar = try XCTUnwrap(r.layout.progressRect)
        let y = Int(bar.midY)
        XCTAssertTrue(Fixture.close(canvas.pixel(x: Int(bar.x + bar.width * 0.25), y: y), Theme.light.accent))
        XCTAssertTrue(Fixture.close(canvas.pixel(x: Int(bar.x + bar.width * 0.75), y: y), Theme.light.gridLine))
    }

    func testTheMetricsPlayheadMovesWithTheEpoch() throws {
        let r = try renderer()
        let early = try r.render(panels(r), clock: FrameClock(frame: 0, epochValue: 2, label: "epoch 2", progress: 0.2))
        let late = try r.render(panels(r), clock: FrameClock(frame: 0, epochValue: 8, label: "epoch 8", progress: 0.8))
        let chart = try XCTUnwrap(r.layout.chartRects.first)
        // Columns of the chart where the two frames differ: around x(2) and x(8), not elsewhere.
        var differingColumns: [Int] = []
        for x in Int(chart.x)..<Int(chart.maxX) {
            for y in stride(from: Int(chart.y + chart.height * 0.3), to: Int(chart.y + chart.height * 0.7), by: 2)
            where early.pixel(x: x, y: y) != late.pixel(x: x, y: y) {
                differingColumns.append(x)
                break
            }
        }
        XCTAssertFalse(differingColumns.isEmpty)
        let spread = (differingColumns.max() ?? 0) - (differingColumns.min() ?? 0)
        XCTAssertGreaterThan(spread, Int(chart.width * 0.4), "the playhead should jump from epoch 2 to epoch 8")
        XCTAssertLessThan(differingColumns.count, Int(chart.width * 0.2), "only the playhead columns change")
    }

    func testIdenticalInputGivesIdenticalPixelsAndTheSeedChangesTheDrawOrder() throws {
        let clock = FrameClock(frame: 0, epochValue: 5, label: "epoch 5", progress: 0.5)
        let a = try renderer(), b = try renderer(), c = try renderer(seed: 99)
        XCTAssertEqual(try PNGEncoding.data(of: a.render(panels(a), clock: clock)), try PNGEncoding.data(of: b.render(panels(b), clock: clock)))
        XCTAssertNotEqual(try PNGEncoding.data(of: a.render(panels(a), clock: clock)), try PNGEncoding.data(of: c.render(panels(c), clock: clock)))
    }

    func testADegenerateViewportDrawsThePointsAtThePanelCentre() throws {
        let r = try renderer(chart: false)
        let samples = run.samples.count
        let same = [Float](repeating: 1, count: 2 * samples)
        let vp = Viewport(minX: 1, minY: 1, maxX: 1, maxY: 1)
        let canvas = try r.render([[PanelFrame(positions: same, viewport: vp), PanelFrame(positions: same, viewport: vp)]],
                                  clock: FrameClock(frame: 0, epochValue: 0, label: "", progress: 0))
        let rect = r.layout.panelRect(row: 0, column: 0)
        XCTAssertFalse(Fixture.close(canvas.pixel(x: Int(rect.midX), y: Int(rect.midY)), Theme.light.panelBackground, tolerance: 10))
    }

    func testTracksWithoutAPositionDrawNothing() throws {
        let r = try renderer(chart: false)
        var p = panels(r)
        p[0][0].positions[6] = .nan  // sample 3 is absent in this frame
        p[0][0].positions[7] = .nan
        var tracked = p
        tracked[0][0].tracks = [TrackFrame(sample: 3, classIndex: 3, label: "gone #3", position: nil)]
        let clock = FrameClock(frame: 0, epochValue: 1, label: "epoch 1", progress: 0.1)
        XCTAssertEqual(Fixture.maxChannelDifference(try r.render(p, clock: clock), try r.render(tracked, clock: clock)), 0)
    }
}
