import Interpolate
import LayoutModel
import XCTest
@testable import Render

/// What a rendered frame shows at specific pixels.
final class FramePixelTests: XCTestCase {
    /// Renders one panel where sample i sits at `points[i]` (NaN allowed), 4 px discs, opaque.
    private func render(points: [SIMD2<Float>], labels: [Int32], filter: ClassFilter = .all, opacity: [Float] = [],
                        tracks: [TrackFrame] = [], theme: Theme = .light) throws -> (Canvas, FrameGeometry) {
        let samples = SampleTable(ids: labels.indices.map(String.init), labels: labels, classNames: ["a", "b", "c"])
        let settings = RenderSettings(theme: theme, pointStyle: PointStyle(radius: 16, opacity: 1), filter: filter)
        let renderer = try FrameRenderer(scene: Fixture.singlePanelScene(samples: samples), settings: settings, width: 480, height: 270)
        let panel = PanelFrame(positions: points.flatMap { [$0.x, $0.y] }, opacity: opacity, viewport: Fixture.unitViewport, tracks: tracks)
        return (try renderer.render([[panel]], clock: Fixture.clock), renderer.layout)
    }

    private func pixel(_ canvas: Canvas, _ layout: FrameGeometry, at p: SIMD2<Float>) -> (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8) {
        let mapping = PanelMapping(viewport: Fixture.unitViewport, rect: layout.panelRect(row: 0, column: 0))
        let q = mapping.point(p)
        return canvas.pixel(x: Int(q.x), y: Int(q.y))
    }

    func testAPointHasItsClassColourAtItsPixelAndThePanelIsBackgroundElsewhere() throws {
        let (canvas, layout) = try render(points: [SIMD2(0.5, 0.5), SIMD2(-0.5, -0.5)], labels: [1, 2])
        let palette = ClassPalette.colourBlindSafe
        XCTAssertTrue(Fixture.close(pixel(canvas, layout, at: SIMD2(0.5, 0.5)), palette.colour(1)))
        XCTAssertTrue(Fixture.close(pixel(canvas, layout, at: SIMD2(-0.5, -0.5)), palette.colour(2)))
        XCTAssertTrue(Fixture.close(pixel(canvas, layout, at: SIMD2(-0.5, 0.5)), Theme.light.panelBackground, tolerance: 0))
        XCTAssertTrue(Fixture.close(pixel(canvas, layout, at: SIMD2(0, 0)), Theme.light.panelBackground, tolerance: 0))
    }

    func testPositiveYIsUp() throws {
        let (canvas, layout) = try render(points: [SIMD2(0, 0.8)], labels: [0])
        let rect = layout.panelRect(row: 0, column: 0)
        let colour = ClassPalette.colourBlindSafe.colour(0)
        XCTAssertTrue(Fixture.close(canvas.pixel(x: Int(rect.midX), y: Int(rect.midY - 0.8 * rect.height / 2)), colour))
    }

    func testFramesAreFullyOpaque() throws {
        let (canvas, _) = try render(points: [SIMD2(0, 0)], labels: [0])
        for (x, y) in [(0, 0), (240, 135), (479, 269)] { XCTAssertEqual(canvas.pixel(x: x, y: y).alpha, 255) }
    }

    func testNaNPositionsAreSkipped() throws {
        let (canvas, layout) = try render(points: [SIMD2(.nan, 0), SIMD2(0, .nan)], labels: [0, 1])
        let rect = layout.panelRect(row: 0, column: 0).inset(by: 3)
        XCTAssertEqual(Fixture.pixelsDiffering(from: Theme.light.panelBackground, in: rect, of: canvas, tolerance: 0), 0)
    }

    func testPerSampleOpacityZeroHidesTheSample() throws {
        let (canvas, layout) = try render(points: [SIMD2(0.5, 0.5), SIMD2(-0.5, -0.5)], labels: [0, 1], opacity: [0, 1])
        XCTAssertTrue(Fixture.close(pixel(canvas, layout, at: SIMD2(0.5, 0.5)), Theme.light.panelBackground, tolerance: 0))
        XCTAssertTrue(Fixture.close(pixel(canvas, layout, at: SIMD2(-0.5, -0.5)), ClassPalette.colourBlindSafe.colour(1)))
    }

    func testHideModeDropsUnselectedClasses() throws {
        let filter = ClassFilter(classes: [1], mode: .hide)
        let (canvas, layout) = try render(points: [SIMD2(0.5, 0.5), SIMD2(-0.5, -0.5)], labels: [0, 1], filter: filter)
        XCTAssertTrue(Fixture.close(pixel(canvas, layout, at: SIMD2(0.5, 0.5)), Theme.light.panelBackground, tolerance: 0))
        XCTAssertTrue(Fixture.close(pixel(canvas, layout, at: SIMD2(-0.5, -0.5)), ClassPalette.colourBlindSafe.colour(1)))
    }

    func testContextModeDrawsUnselectedClassesInGreyUnderneath() throws {
        let filter = ClassFilter(classes: [1], mode: .context)
        // Sample 0 (class 0, context) and sample 1 (class 1) at the same place: class 1 must win.
        let (canvas, layout) = try render(points: [SIMD2(0.5, 0.5), SIMD2(-0.5, -0.5), SIMD2(-0.5, -0.5)], labels: [0, 1, 0],
                                          filter: filter)
        let grey = Theme.light.contextPoint.blended(over: Theme.light.panelBackground, coverage: Theme.light.contextOpacity)
        XCTAssertTrue(Fixture.close(pixel(canvas, layout, at: SIMD2(0.5, 0.5)), grey))
        XCTAssertTrue(Fixture.close(pixel(canvas, layout, at: SIMD2(-0.5, -0.5)), ClassPalette.colourBlindSafe.colour(1)))
    }

    func testTrackedSamplesAreDrawnOnTop() throws {
        // 40 samples of class 0 on one spot, and sample 7 of class 1 there too, tracked.
        var labels = [Int32](repeating: 0, count: 40)
        labels[7] = 1
        let points = [SIMD2<Float>](repeating: SIMD2(0.3, 0.3), count: 40)
        let track = TrackFrame(sample: 7, classIndex: 1, label: "", position: SIMD2(0.3, 0.3))
        let (canvas, layout) = try render(points: points, labels: labels, tracks: [track])
        XCTAssertTrue(Fixture.close(pixel(canvas, layout, at: SIMD2(0.3, 0.3)), ClassPalette.colourBlindSafe.colour(1)))
    }

    func testTheTrackRingIsDrawnInTheClassColour() throws {
        let track = TrackFrame(sample: 0, classIndex: 2, label: "c #0", position: SIMD2(0, 0))
        let (canvas, layout) = try render(points: [SIMD2(0, 0)], labels: [2], tracks: [track])
        let mapping = PanelMapping(viewport: Fixture.unitViewport, rect: layout.panelRect(row: 0, column: 0))
        let centre = mapping.point(SIMD2(0, 0))
        // Ring radius = point radius + (4 + 3/2) reference px at scale 0.25.
        let ringRadius = 4 + 5.5 * layout.scale
        let ringRadiusPixel = canvas.pixel(x: Int(centre.x + max(ringRadius, 2.5)), y: Int(centre.y))
        let colour = ClassPalette.colourBlindSafe.colour(2).rgb8
        let distance = abs(Int(ringRadiusPixel.red) - Int(colour.red)) + abs(Int(ringRadiusPixel.green) - Int(colour.green))
            + abs(Int(ringRadiusPixel.blue) - Int(colour.blue))
        XCTAssertLessThan(distance, 200, "the ring pixel should be close to the class colour")
    }

    func testCallerMemoryReceivesTheSamePixelsAsAnOwnedCanvas() throws {
        let samples = Fixture.samples(30)
        let renderer = try FrameRenderer(scene: Fixture.singlePanelScene(samples: samples), settings: RenderSettings(), width: 320, height: 180)
        let panel = SyntheticRun(count: 30, classes: 3).panel(progress: 1)
        let owned = try renderer.render([[panel]], clock: Fixture.clock)
        let stride = Canvas.minimumBytesPerRow(width: 320) + 64
        let memory = UnsafeMutableRawPointer.allocate(byteCount: stride * 180, alignment: 16)
        defer { memory.deallocate() }
        try renderer.render([[panel]], clock: Fixture.clock, into: memory, bytesPerRow: stride)
        let borrowed = try Canvas(pixels: memory, width: 320, height: 180, bytesPerRow: stride)
        XCTAssertEqual(Fixture.maxChannelDifference(owned, borrowed), 0)
    }

    func testMismatchedPanelsAreReportedNotDrawn() throws {
        let samples = Fixture.samples(10)
        let renderer = try FrameRenderer(scene: Fixture.singlePanelScene(samples: samples), settings: RenderSettings(), width: 320, height: 180)
        let short = PanelFrame(positions: [0, 0], viewport: Fixture.unitViewport)
        XCTAssertThrowsError(try renderer.render([[short]], clock: Fixture.clock)) { error in
            XCTAssertEqual(error as? RenderError, .positionCountMismatch(row: 0, column: 0, expected: 20, got: 2))
        }
        XCTAssertThrowsError(try renderer.render([[short, short]], clock: Fixture.clock))
    }

    func testTooSmallABufferIsRejected() throws {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: 64 * 64 * 4, alignment: 16)
        defer { memory.deallocate() }
        XCTAssertThrowsError(try Canvas(pixels: memory, width: 64, height: 64, bytesPerRow: 100))
    }
}
