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

    /// Fraction of the frame height covered by no region at all (bands of nothing).
    private func emptyHeightFraction(_ layout: FrameGeometry) -> Double {
        var spans = (layout.panelRects.flatMap { $0 } + layout.columnHeaderRects + layout.chartRects + [layout.epochRect]
            + [layout.titleRect, layout.legendRect, layout.progressRect].compactMap { $0 }).map { ($0.y, $0.maxY) }
        spans.sort { $0.0 < $1.0 }
        var covered = 0.0, end = -Double.infinity
        for (a, b) in spans {
            let start = max(a, end)
            if b > start { covered += b - start }
            end = max(end, b)
        }
        return 1 - covered / Double(layout.height)
    }

    func testSquareFramesKeepEveryRegionInsideAndApart() throws {
        for (rows, columns) in [(1, 4), (2, 4), (1, 1)] {
            let layout = try FrameGeometry(width: 1080, height: 1080, scene: scene(rows: rows, columns: columns), settings: RenderSettings())
            let panels = layout.panelRects.flatMap { $0 }
            let others = layout.columnHeaderRects + layout.rowHeaderRects + layout.chartRects + [layout.epochRect]
                + [layout.titleRect, layout.legendRect, layout.progressRect].compactMap { $0 }
            for rect in panels + others {
                XCTAssertTrue(rect.x >= 0 && rect.y >= 0 && rect.maxX <= 1080 && rect.maxY <= 1080, "\(rect) outside at \(rows)x\(columns)")
            }
            for a in panels { for b in others { XCTAssertFalse(overlaps(a, b), "panel \(a) overlaps \(b) at \(rows)x\(columns)") } }
        }
    }

    /// The NeuroMapper demo (one run, four square-ish panels, a legend, no chart) at 1080p and
    /// a 2 x 4 comparison with charts, at 16:9 and 1:1: no more than about a quarter of the height is
    /// left empty, margins included (the issue saw a third above the panels and below the legend).
    func testPanelsAndChartsUseTheFrameHeight() throws {
        let demo = FrameScene(columnTitles: (1...4).map { "layer\($0)" }, rows: [FrameRow(name: "run", samples: SyntheticRun(count: 20).samples)])
        let cases: [(String, FrameScene, Int, Int)] = [("demo 16:9", demo, 1920, 1080), ("2x4 16:9", scene(), 1920, 1080),
                                                     ("2x4 1:1", scene(), 1080, 1080), ("demo 1:1", demo, 1080, 1080)]
        for (name, scene, w, h) in cases {
            let layout = try FrameGeometry(width: w, height: h, scene: scene, settings: RenderSettings())
            print("empty height \(name): \(emptyHeightFraction(layout))")
            XCTAssertLessThanOrEqual(emptyHeightFraction(layout), 0.26, name)
        }
    }

    func testWidthLimitedPanelsGiveTheirSpareHeightToTheCharts() throws {
        let wide = try FrameGeometry(width: 1920, height: 1080, scene: scene(rows: 1, columns: 6), settings: RenderSettings())
        XCTAssertEqual(wide.chartRects[0].height, (1080 * FrameGeometry.chartHeightRange.upperBound).rounded(), accuracy: 1)
        let tall = try FrameGeometry(width: 1920, height: 1080, scene: scene(rows: 3, columns: 2), settings: RenderSettings())
        XCTAssertEqual(tall.chartRects[0].height, (1080 * FrameGeometry.chartHeightRange.lowerBound).rounded(), accuracy: 1)
    }

    func testLossAndAccuracyGetChartsOfTheirOwn() throws {
        var s = scene()
        s.metricsChart = MetricsChartSpec(metrics: ["train_acc", "val_acc"])
        XCTAssertEqual(try FrameGeometry(width: 1920, height: 1080, scene: s, settings: RenderSettings()).chartRects.count, 1)
        var table = SyntheticRun.metrics(epochs: 10, overfit: false)
        table = MetricsTable(names: table.names + ["train_loss"], epochs: table.epochs,
                             values: table.values + [table.epochs.map { 2.3 / Double($0 + 1) }])
        s.rows = s.rows.map { FrameRow(name: $0.name, samples: $0.samples, metrics: table) }
        s.metricsChart = MetricsChartSpec(metrics: ["train_loss", "val_acc"])
        XCTAssertEqual(s.chartGroups().map(\.kind), [.loss, .accuracy])
        let layout = try FrameGeometry(width: 1920, height: 1080, scene: s, settings: RenderSettings())
        XCTAssertEqual(layout.chartRects.count, 2)
        XCTAssertFalse(overlaps(layout.chartRects[0], layout.chartRects[1]))
        s.metricsChart = MetricsChartSpec(metrics: ["train_loss", "val_acc"], mode: .perRun)
        XCTAssertEqual(try FrameGeometry(width: 1920, height: 1080, scene: s, settings: RenderSettings()).chartRects.count, 4)
    }

    func testMetricKindsComeFromNamesThenFromTheValueRange() {
        XCTAssertEqual(MetricKind.of(name: "val_loss", values: [0.5]), .loss)
        XCTAssertEqual(MetricKind.of(name: "top1_acc", values: [40, 50]), .accuracy)
        XCTAssertEqual(MetricKind.of(name: "score", values: [0.2, 0.9]), .accuracy)
        XCTAssertEqual(MetricKind.of(name: "score", values: [0.2, 3.9]), .loss)
    }

    func testALongRunNameGetsAMoreLineRowHeader() throws {
        var s = scene()
        XCTAssertEqual(try FrameGeometry(width: 1920, height: 1080, scene: s, settings: RenderSettings()).rowHeaderLines, 1)
        s.rows[0].name = "digits CNN, over-fit, learning rate 0.1, no weight decay"
        let layout = try FrameGeometry(width: 1920, height: 1080, scene: s, settings: RenderSettings())
        XCTAssertGreaterThanOrEqual(layout.rowHeaderLines, 2)
        XCTAssertGreaterThan(layout.rowHeaderRects[0].width, try FrameGeometry(width: 1920, height: 1080, scene: scene(), settings: RenderSettings()).rowHeaderRects[0].width)
    }
}
