import Interpolate
import XCTest
@testable import Render

/// Titles, the epoch label, headers and the legend are actually drawn.
final class TextPresenceTests: XCTestCase {
    func testTitleEpochHeadersAndLegendAreasContainInk() throws {
        for theme in Theme.builtIn {
            let run = SyntheticRun(count: 50, classes: 3)
            let scene = FrameScene(title: "Title text", columnTitles: ["Block 1", "Block 2"],
                                   rows: [FrameRow(name: "well-fit", samples: run.samples), FrameRow(name: "over-fit", samples: run.samples)])
            let renderer = try FrameRenderer(scene: scene, settings: RenderSettings(theme: theme), width: 640, height: 360)
            let layout = renderer.layout
            let panels = (0..<2).map { _ in (0..<2).map { run.panel(progress: 1, block: $0, aspect: layout.panelAspect) } }
            let canvas = try renderer.render(panels, clock: FrameClock(frame: 0, epochValue: 7, label: "epoch 7", progress: 0.5))
            let regions = [layout.titleRect!, layout.epochRect, layout.columnHeaderRects[0], layout.rowHeaderRects[1], layout.legendRect!]
            for rect in regions {
                let ink = Fixture.pixelsDiffering(from: theme.background, in: rect, of: canvas, tolerance: 40)
                XCTAssertGreaterThan(ink, 20, "no text drawn in \(rect) (\(theme.name))")
            }
        }
    }

    func testAnEmptyEpochLabelLeavesItsAreaBlank() throws {
        let run = SyntheticRun(count: 20, classes: 3)
        let scene = FrameScene(columnTitles: ["b"], rows: [FrameRow(name: "r", samples: run.samples)], showsLegend: false)
        let renderer = try FrameRenderer(scene: scene, settings: RenderSettings(), width: 640, height: 360)
        let canvas = try renderer.render([[run.panel(progress: 1)]], clock: FrameClock(frame: 0, epochValue: 0, label: "", progress: 0))
        XCTAssertEqual(Fixture.pixelsDiffering(from: Theme.light.background, in: renderer.layout.epochRect, of: canvas, tolerance: 0), 0)
    }
}
