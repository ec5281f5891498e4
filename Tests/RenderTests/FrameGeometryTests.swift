import LayoutModel
import XCTest
@testable import Render

/// The frame's composition: scale-invariant, inside the frame, nothing overlapping.
final class FrameLayoutTests: XCTestCase {
    private func scene(rows: Int = 2, columns: Int = 4, chart: Bool = true) -> FrameScene {
        let samples = SyntheticRun(count: 20).samples
        return FrameScene(title: "A title", columnTitles: (1...columns).map { "Block \($0)" },
                          rows: (0..<rows).map { FrameRow(name: "run \($0)", samples: samples, metrics: SyntheticRun.metrics(epochs: 10, overfit: $0 == 1)) },
                          metricsChart: chart ? MetricsChartSpec() : nil)
    }

    private func overlaps(_ a: Rect, _ b: Rect) -> Bool {
        a.x < b.maxX - 0.5 && b.x < a.maxX - 0.5 && a.y < b.maxY - 0.5 && b.y < a.maxY - 0.5
    }

    func testTheCompositionIsTheSameAt720p1080pAnd2160p() throws {
        let reference = try FrameGeometry(width: 1920, height: 1080, scene: scene(), settings: RenderSettings())
        for (w, h) in [(1280, 720), (3840, 2160)] {
            let layout = try FrameGeometry(width: w, height: h, scene: scene(), settings: RenderSettings())
            let k = Double(w) / 1920
            for (line, referenceLine) in zip(layout.panelRects, reference.panelRects) {
                for (rect, ref) in zip(line, referenceLine) {
                    XCTAssertEqual(rect.x, ref.x * k, accuracy: 2)
                    XCTAssertEqual(rect.y, ref.y * k, accuracy: 2)
                    XCTAssertEqual(rect.width, ref.width * k, accuracy: 2)
                    XCTAssertEqual(rect.height, ref.height * k, accuracy: 2)
                }
            }
            XCTAssertEqual(layout.legendRect!.y, reference.legendRect!.y * k, accuracy: 2)
            XCTAssertEqual(layout.chartRects[0].height, reference.chartRects[0].height * k, accuracy: 2)
        }
    }

    func testEveryRegionLiesInsideTheFrameAndPanelsDoNotOverlapAnything() throws {
        for (rows, columns) in [(1, 1), (1, 4), (2, 4), (3, 2), (2, 6)] {
            let layout = try FrameGeometry(width: 1920, height: 1080, scene: scene(rows: rows, columns: columns), settings: RenderSettings())
            let frame = Rect(x: 0, y: 0, width: 1920, height: 1080)
            let panels = layout.panelRects.flatMap { $0 }
            var others = layout.columnHeaderRects + layout.rowHeaderRects + layout.chartRects + [layout.epochRect]
            others += [layout.titleRect, layout.legendRect, layout.progressRect].compactMap { $0 }
            for rect in panels + others {
                XCTAssertTrue(rect.x >= 0 && rect.y >= 0 && rect.maxX <= frame.maxX && rect.maxY <= frame.maxY, "\(rect) outside the frame at \(rows)x\(columns)")
            }
            for (i, a) in panels.enumerated() {
                for b in panels[(i + 1)...] { XCTAssertFalse(overlaps(a, b), "\(a) overlaps \(b)") }
                for b in others { XCTAssertFalse(overlaps(a, b), "panel \(a) overlaps \(b) at \(rows)x\(columns)") }
            }
            XCTAssertTrue(FrameGeometry.panelAspectRange.contains(layout.panelAspect - 0.01) || FrameGeometry.panelAspectRange.contains(layout.panelAspect + 0.01))
        }
    }

    func testTextAt1080pIsAtLeast18PixelsTall() throws {
        let layout = try FrameGeometry(width: 1920, height: 1080, scene: scene(), settings: RenderSettings())
        for theme in Theme.builtIn {
            XCTAssertGreaterThanOrEqual(theme.sizes.smallestFont * layout.scale, 18)
        }
    }

    func testThereIsNoChartWithoutMetricsAndNoProgressBarInThePaperTheme() throws {
        let layout = try FrameGeometry(width: 1280, height: 720, scene: scene(chart: false), settings: RenderSettings(theme: .paper))
        XCTAssertTrue(layout.chartRects.isEmpty)
        XCTAssertNil(layout.progressRect)
    }

    func testPerRunChartsGetOneRectEach() throws {
        var s = scene()
        s.metricsChart = MetricsChartSpec(mode: .perRun)
        let layout = try FrameGeometry(width: 1920, height: 1080, scene: s, settings: RenderSettings())
        XCTAssertEqual(layout.chartRects.count, 2)
        XCTAssertFalse(overlaps(layout.chartRects[0], layout.chartRects[1]))
    }

    func testAnUnusableSizeIsATypedError() {
        XCTAssertThrowsError(try FrameGeometry(width: 0, height: 720, scene: scene(), settings: RenderSettings())) { error in
            XCTAssertEqual(error as? RenderError, .invalidSize(width: 0, height: 720))
        }
    }
}
