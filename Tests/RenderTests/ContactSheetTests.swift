import Interpolate
import XCTest
@testable import Render

/// A sweep's contact sheet: 12 runs × 5 epochs of one block in one strip stays legible.
final class ContactSheetTests: XCTestCase {
    /// Twelve sweep names that differ only in the middle, as a hyper-parameter sweep's do.
    static let names = [0.001, 0.003, 0.01, 0.03].flatMap { lr in
        [0.0, 0.0001, 0.001].map { wd in "digits CNN sweep, lr=\(lr), wd=\(wd), seed 1" }
    }

    private func figure() -> StripFigure {
        let run = SyntheticRun(count: 200, classes: 10)
        let viewport = SyntheticRun.viewport(around: run.positions(progress: 1), aspect: 1)
        let rows = Self.names.map { name in
            StripRow(name: name, samples: run.samples, panels: (0..<5).map { k in
                PanelFrame(positions: run.positions(progress: Float(k) / 4), viewport: viewport)
            })
        }
        return StripFigure(title: "block 3", columnTitles: (0..<5).map { "epoch \($0 * 5)" }, rows: rows)
    }

    func testTwelveRowsGetDistinctReadableHeadersAndPanelsThatDoNotOverlap() throws {
        XCTAssertEqual(Self.names.count, 12)
        let settings = RenderSettings()
        // The strip command's default: 1.6 inches per epoch column plus one, at 150 dpi.
        let width = (1.6 * 5 + 1) * 150
        let geometry = try StripGeometry(width: width, figure: figure(), settings: settings)
        XCTAssertEqual(geometry.rowHeaderRects.count, 12)
        XCTAssertGreaterThanOrEqual(geometry.rowHeaderLines, 2, "names this long take more than one line")
        let panels = geometry.panelRects.flatMap { $0 }
        for (i, a) in panels.enumerated() {
            for b in panels[(i + 1)...] { XCTAssertFalse(a.intersects(b), "\(a) overlaps \(b)") }
        }
        // At 150 dpi a panel stays over an inch square.
        XCTAssertGreaterThan(panels[0].width, 150)
        let measure = try Canvas(width: 1, height: 1)
        let size = settings.theme.sizes.header * geometry.scale
        let fits = HeaderText.fitAll(Self.names, size: size, maxWidth: geometry.rowHeaderRects[0].height,
                                     maxLines: geometry.rowHeaderLines) {
            measure.textWidth($0, family: settings.theme.fontFamily, size: $1, bold: true)
        }
        let shown = fits.map { $0.lines.joined(separator: " ") }
        XCTAssertEqual(Set(shown).count, 12, "every row reads differently: \(shown)")
        for (fit, name) in zip(fits, Self.names) {
            XCTAssertGreaterThanOrEqual(fit.size, size * HeaderText.smallestScale - 1e-9)
            for line in fit.lines {
                XCTAssertLessThanOrEqual(measure.textWidth(line, family: settings.theme.fontFamily, size: fit.size, bold: true),
                                         geometry.rowHeaderRects[0].height + 1e-6, name)
            }
        }
        let canvas = try StillImage.raster(figure(), settings: settings, size: .pixels(Int(width)))
        if let folder = ProcessInfo.processInfo.environment["NM_LOOK_FOLDER"] {
            try PNGEncoding.write(canvas, to: URL(fileURLWithPath: folder).appendingPathComponent("contact-sheet.png"))
        }
    }
}
