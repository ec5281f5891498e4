import CCairo
import Foundation
import Interpolate
import XCTest
@testable import Render

/// Small reference images of a frame and a strip in every theme.
///
/// Tolerance: a pixel counts as different when any channel differs by more than 16 levels; at
/// most 0.5 % of the pixels may differ. That absorbs FreeType/Cairo version differences in
/// glyph edges while catching any change of layout, colour or point drawing.
/// Regenerate (after checking the new images by eye) with `NM_UPDATE_GOLDEN=1 swift test
/// --filter GoldenImageTests`; the images are written into Tests/RenderTests/Golden/.
final class GoldenImageTests: XCTestCase {
    static let channelTolerance = 16
    static let allowedFraction = 0.005

    private var updating: Bool { ProcessInfo.processInfo.environment["NM_UPDATE_GOLDEN"] == "1" }

    private func sourceGoldenFolder() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    private func frame(theme: Theme) throws -> Canvas {
        let run = SyntheticRun(count: 400, classes: 5)
        let other = SyntheticRun(count: 400, classes: 5, seed: 3)
        let scene = FrameScene(title: "Golden frame", columnTitles: ["Block 1", "Block 2"],
                               rows: [FrameRow(name: "well-fit", samples: run.samples, metrics: SyntheticRun.metrics(epochs: 10, overfit: false)),
                                      FrameRow(name: "over-fit", samples: other.samples, metrics: SyntheticRun.metrics(epochs: 10, overfit: true))],
                               metricsChart: MetricsChartSpec())
        let renderer = try FrameRenderer(scene: scene, settings: RenderSettings(theme: theme), width: 320, height: 180)
        let aspect = renderer.layout.panelAspect
        let p = run.positions(progress: 0.8, block: 1)
        let track = TrackFrame(sample: 2, classIndex: 2, label: "bird #2", position: SIMD2(p[4], p[5]),
                               trail: [SIMD2(p[4] - 3, p[5] - 2), SIMD2(p[4] - 1, p[5] - 1), SIMD2(p[4], p[5])], trailAge: [1, 0.5, 0])
        let panels = [[run.panel(progress: 0.8, block: 0, aspect: aspect), run.panel(progress: 0.8, block: 1, aspect: aspect, tracks: [track])],
                      [other.panel(progress: 0.8, block: 0, aspect: aspect), other.panel(progress: 0.8, block: 1, aspect: aspect)]]
        return try renderer.render(panels, clock: FrameClock(frame: 40, epochValue: 8, label: "epoch 8", progress: 0.8))
    }

    private func strip(theme: Theme) throws -> Canvas {
        try StillImage.raster(StillImageTests.figure(count: 300), settings: RenderSettings(theme: theme), size: .pixels(320))
    }

    private func check(_ canvas: Canvas, name: String) throws {
        if updating {
            try PNGEncoding.write(canvas, to: sourceGoldenFolder().appendingPathComponent("\(name).png"))
            return
        }
        guard let fraction = try differingFraction(canvas, golden: name) else { return }
        XCTAssertLessThanOrEqual(fraction, Self.allowedFraction, "\(name): \(fraction) of the pixels differ from the golden image")
    }

    /// The fraction of `canvas`'s pixels with a channel more than `channelTolerance` from the
    /// golden image `golden`; nil (after a failure) when there is no such image of that size.
    private func differingFraction(_ canvas: Canvas, golden name: String) throws -> Double? {
        let file = "\(name).png"
        guard let folder = Bundle.module.url(forResource: "Golden", withExtension: nil) else {
            XCTFail("the Golden resource folder is missing from the test bundle")
            return nil
        }
        let url = folder.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else {
            XCTFail("no golden image \(file); create it with NM_UPDATE_GOLDEN=1 and check it by eye")
            return nil
        }
        let surface = cairo_image_surface_create_from_png(url.path)!
        defer { cairo_surface_destroy(surface) }
        XCTAssertEqual(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS)
        XCTAssertEqual(Int(cairo_image_surface_get_width(surface)), canvas.width, name)
        XCTAssertEqual(Int(cairo_image_surface_get_height(surface)), canvas.height, name)
        guard Int(cairo_image_surface_get_width(surface)) == canvas.width, Int(cairo_image_surface_get_height(surface)) == canvas.height else { return nil }
        let golden = cairo_image_surface_get_data(surface)!
        let stride = Int(cairo_image_surface_get_stride(surface))
        var differing = 0
        canvas.withPixels { pixels, pixelStride in
            for y in 0..<canvas.height {
                for x in 0..<canvas.width {
                    let p = pixels[y * pixelStride + x]
                    let g = golden.advanced(by: y * stride + 4 * x)
                    let channels = [(Int(p & 0xFF), Int(g[0])), (Int(p >> 8 & 0xFF), Int(g[1])), (Int(p >> 16 & 0xFF), Int(g[2]))]
                    if channels.contains(where: { abs($0.0 - $0.1) > Self.channelTolerance }) { differing += 1 }
                }
            }
        }
        return Double(differing) / Double(canvas.width * canvas.height)
    }

    /// Eight tracked samples packed into one corner of a dense panel (the eight nearest
    /// neighbours of one point, 1,500 points drawn): every label the layout keeps lies inside
    /// its panel and overlaps no other, most are kept, and the drawn frame matches its golden.
    func testEightTracksInADensePanelGetLabelsThatNeverCollide() throws {
        let run = SyntheticRun(count: 1500, classes: 10)
        let scene = FrameScene(columnTitles: ["block 1", "block 2"], rows: [FrameRow(name: "dense", samples: run.samples)])
        let renderer = try FrameRenderer(scene: scene, settings: RenderSettings(), width: 640, height: 360)
        let aspect = renderer.layout.panelAspect
        let p = run.positions(progress: 0.9, block: 1)
        let point = { (i: Int) in SIMD2(p[2 * i], p[2 * i + 1]) }
        let centre = point(7)
        let nearest = (0..<run.samples.count).sorted {
            let a = point($0) - centre, b = point($1) - centre
            return (a * a).sum() < (b * b).sum()
        }.prefix(8)
        let tracks = nearest.map { i in
            TrackFrame(sample: i, classIndex: Int(run.samples.labels[i]), label: "\(run.samples.classNames[Int(run.samples.labels[i])]) #\(i * 37)",
                       position: point(i))
        }
        XCTAssertEqual(tracks.count, 8)
        let panels = [[run.panel(progress: 0.9, block: 0, aspect: aspect, tracks: tracks),
                       run.panel(progress: 0.9, block: 1, aspect: aspect, tracks: tracks)]]
        var memory = LabelMemory()
        let placed = try renderer.trackLabels(panels, labels: &memory)
        for (c, result) in placed[0].enumerated() {
            let panel = renderer.layout.panelRects[0][c]
            let boxes = result.placements.map(\.box)
            XCTAssertGreaterThanOrEqual(boxes.count, 6, "panel \(c): most of the 8 labels find room (dropped \(result.dropped))")
            XCTAssertEqual(boxes.count + result.dropped.count, 8, "every label is placed or reported dropped")
            for (i, box) in boxes.enumerated() {
                XCTAssertTrue(box.x >= panel.x && box.y >= panel.y && box.maxX <= panel.maxX && box.maxY <= panel.maxY,
                              "panel \(c): label box \(box) leaves its panel \(panel)")
                for other in boxes[(i + 1)...] {
                    XCTAssertFalse(box.intersects(other), "panel \(c): label boxes \(box) and \(other) overlap")
                }
            }
        }
        let canvas = try renderer.render(panels, clock: FrameClock(frame: 0, epochValue: 9, label: "epoch 9", progress: 0.9))
        if let folder = ProcessInfo.processInfo.environment["NM_LOOK_FOLDER"] {
            try PNGEncoding.write(canvas, to: URL(fileURLWithPath: folder).appendingPathComponent("frame-labels.png"))
        }
        try check(canvas, name: "frame-labels-light")
    }

    func testFramesMatchTheirGoldenImages() throws {
        for theme in Theme.builtIn { try check(frame(theme: theme), name: "frame-\(theme.name)") }
    }

    func testStripsMatchTheirGoldenImages() throws {
        for theme in Theme.builtIn { try check(strip(theme: theme), name: "strip-\(theme.name)") }
    }

    func testADifferentDrawingIsCaught() throws {
        // The comparison the golden tests use must be able to fail: the dark frame, measured
        // against the light golden, differs in far more pixels than the check allows.
        guard !updating else { throw XCTSkip("updating goldens") }
        let fraction = try XCTUnwrap(try differingFraction(try frame(theme: .dark), golden: "frame-light"))
        XCTAssertGreaterThan(fraction, Self.allowedFraction)
    }
}
