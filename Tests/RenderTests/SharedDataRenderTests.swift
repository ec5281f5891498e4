import Foundation
import Interpolate
import LayoutModel
import Runs
import XCTest
@testable import Render

/// Video frames of real layouts, rendered the way the video path renders them: the NeuroMapper
/// sample in ../shared/data (ResNet-50 on CIFAR-10, 4 blocks x 1,000 samples, aligned
/// AlignedUMAP layouts) read through `Run`, animated by `MotionScene`, drawn by `FrameRenderer`
/// at 640x360. Skipped when ../shared/data is absent.
final class SharedDataRenderTests: XCTestCase {
    /// The sample's last 11 saved epochs (150...200): enough motion to blend between keyframes,
    /// few enough to keep the debug build fast. nil when the folder is absent.
    private static let sample: Result<LayoutSet, any Error>? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/neuromapper-sample")
        guard FileManager.default.fileExists(atPath: root.path) else { return nil }
        return Result { try Run.open(at: root).layoutSet().selecting(epochs: Array(stride(from: 150, through: 200, by: 5))) }
    }()

    private static func layouts() throws -> LayoutSet {
        guard let sample else { throw XCTSkip("../shared/data/neuromapper-sample not found next to the package") }
        return try sample.get()
    }

    /// A rendered frame with what is needed to check it.
    private struct Rendered {
        let renderer: FrameRenderer
        let panels: [[PanelFrame]]
        let clock: FrameClock
        let canvas: Canvas
        /// The canvas's pixels, row-major, `width` per row, native-endian 0xAARRGGBB.
        let pixels: [UInt32]
        var layout: FrameGeometry { renderer.layout }

        func rgb(_ x: Int, _ y: Int) -> SIMD3<Int32> {
            let p = pixels[y * layout.width + x]
            return SIMD3(Int32((p >> 16) & 0xFF), Int32((p >> 8) & 0xFF), Int32(p & 0xFF))
        }
    }

    /// Frame `frame` of the sample's video (all four blocks, default timeline, follow camera with
    /// the panel aspect, or the given coverage and margin), optionally with every point hidden.
    private func render(frame: Int? = nil, coverage: Double = 0.99, margin: Double = 0.05, hidingPoints: Bool = false) throws -> Rendered {
        let layouts = try Self.layouts()
        let scene = FrameScene(title: layouts.runName, columnTitles: layouts.blocks.map(\.title),
                               rows: [FrameRow(name: layouts.runName, samples: layouts.samples)])
        let settings = RenderSettings()
        let renderer = try FrameRenderer(scene: scene, settings: settings, width: 640, height: 360)
        let timeline = try Timeline(epochs: layouts.epochs, settings: TimelineSettings(fps: 30))
        let motion = try MotionScene(layouts: [layouts], blocks: layouts.blocks.map(\.name), timeline: timeline,
                                     camera: CameraSettings(coverage: coverage, margin: margin, aspect: renderer.layout.panelAspect))
        let f = frame ?? Self.midStepFrame(of: timeline, step: 5)
        var panels = [layouts.blocks.indices.map { motion.panel(frame: f, row: 0, column: $0) }]
        if hidingPoints {
            for c in panels[0].indices { panels[0][c].positions = panels[0][c].positions.map { _ in .nan } }
        }
        let clock = motion.clock(frame: f)
        let canvas = try renderer.render(panels, clock: clock)
        let pixels = canvas.withPixels { base, stride in
            (0..<canvas.height).flatMap { y in (0..<canvas.width).map { base[y * stride + $0] } }
        }
        return Rendered(renderer: renderer, panels: panels, clock: clock, canvas: canvas, pixels: pixels)
    }

    /// Half-way through step `step` (from saved epoch `step` to `step + 1`): a blended frame.
    private static func midStepFrame(of timeline: Timeline, step: Int) -> Int {
        timeline.firstFrame(ofKeyframe: step) + timeline.holdFrameCount(step) + timeline.stepFrameCount(step) / 2
    }

    /// The colour at the centre of a lone disc of class `k`: the class colour at the point
    /// opacity over the panel background.
    private func discCentreColour(_ k: Int, _ r: Rendered) -> SIMD3<Int32> {
        let colour = r.renderer.settings.palette.colours(count: 10)[k]
            .blended(over: r.renderer.settings.theme.panelBackground, coverage: r.renderer.pointOpacity).rgb8
        return SIMD3(Int32(colour.red), Int32(colour.green), Int32(colour.blue))
    }

    private func matches(_ a: SIMD3<Int32>, _ b: SIMD3<Int32>, tolerance: Int32 = 3) -> Bool {
        let d = a &- b
        return abs(d.x) <= tolerance && abs(d.y) <= tolerance && abs(d.z) <= tolerance
    }

    private func pixelCoordinates(in rect: Rect) -> [(Int, Int)] {
        (Int(rect.y)..<Int(rect.maxY)).flatMap { y in (Int(rect.x)..<Int(rect.maxX)).map { ($0, y) } }
    }

    func testTheFrameShowsABlendBetweenTwoSavedEpochs() throws {
        let r = try render()
        XCTAssertEqual(r.clock.epochValue, 177.5, accuracy: 2.5, "frame half-way from epoch 175 to 180")
        XCTAssertNotEqual(r.clock.epochValue, 175)
        XCTAssertNotEqual(r.clock.epochValue, 180)
    }

    func testEveryClassColourAppearsInEveryPanel() throws {
        let r = try render()
        for (c, rect) in r.layout.panelRects[0].enumerated() {
            let coordinates = pixelCoordinates(in: rect)
            for k in 0..<10 {
                let centre = discCentreColour(k, r)
                let count = coordinates.filter { matches(r.rgb($0.0, $0.1), centre) }.count
                XCTAssertGreaterThanOrEqual(count, 10, "class \(k) (\(r.renderer.scene.classNames[k])) barely visible in panel \(c)")
            }
        }
    }

    /// Checks labels, colours and the layout-to-pixel mapping together. A few pixels may match a
    /// class colour by accident where discs of similar classes (cat, dog, horse) overlap: on this
    /// frame 5 of about 2,400; swapped labels or a wrong mapping would make it most of them.
    func testPixelsInAClassColourLieOnSamplesOfThatClass() throws {
        let r = try render()
        let labels = r.renderer.scene.rows[0].samples.labels
        let reach = r.renderer.pointRadius + 1
        var coloured = 0, stray: [String] = []
        for (c, rect) in r.layout.panelRects[0].enumerated() {
            let frame = r.panels[0][c]
            let mapping = PanelMapping(viewport: frame.viewport, rect: rect)
            let centres = (0..<labels.count).map { mapping.point(x: Double(frame.positions[2 * $0]), y: Double(frame.positions[2 * $0 + 1])) }
            for k in 0..<10 {
                let centre = discCentreColour(k, r)
                let ownSamples = labels.indices.filter { labels[$0] == Int32(k) }
                for (x, y) in pixelCoordinates(in: rect) where matches(r.rgb(x, y), centre) {
                    coloured += 1
                    let px = Double(x) + 0.5, py = Double(y) + 0.5
                    let near = ownSamples.contains { i in
                        let d = (centres[i].x - px, centres[i].y - py)
                        return d.0 * d.0 + d.1 * d.1 <= reach * reach
                    }
                    if !near { stray.append("(\(x), \(y)) class \(k) panel \(c)") }
                }
            }
        }
        XCTAssertGreaterThan(coloured, 1000)
        XCTAssertLessThanOrEqual(stray.count, coloured / 100,
                                 "pixels in a class colour with no sample of that class within \(reach) px: \(stray.prefix(10))")
    }

    func testNoPointPixelLiesOutsideThePanels() throws {
        // A tight camera (90 % coverage, no margin) clamps some points (at least 17 per panel on this frame) onto the
        // viewport edges, i.e. onto the panel borders: their discs must be cut at the panel edge,
        // not spill onto the chrome.
        let withPoints = try render(coverage: 0.9, margin: 0), withoutPoints = try render(coverage: 0.9, margin: 0, hidingPoints: true)
        let panels = withPoints.layout.panelRects[0]
        for (c, frame) in withPoints.panels[0].enumerated() {
            let v = frame.viewport
            let onEdge = stride(from: 0, to: frame.positions.count, by: 2).filter { i in
                [v.minX, v.maxX].contains(frame.positions[i]) || [v.minY, v.maxY].contains(frame.positions[i + 1])
            }.count
            XCTAssertGreaterThan(onEdge, 5, "panel \(c) has too few points on its edges to test clipping")
        }
        var changedInside = [Int](repeating: 0, count: panels.count), changedOutside = 0
        for y in 0..<withPoints.layout.height {
            for x in 0..<withPoints.layout.width where withPoints.pixels[y * 640 + x] != withoutPoints.pixels[y * 640 + x] {
                if let c = panels.firstIndex(where: { $0.contains(x: Double(x) + 0.5, y: Double(y) + 0.5) }) {
                    changedInside[c] += 1
                } else {
                    changedOutside += 1
                }
            }
        }
        XCTAssertEqual(changedOutside, 0, "point pixels outside the panel rectangles")
        for (c, count) in changedInside.enumerated() { XCTAssertGreaterThan(count, 1000, "panel \(c) shows almost no points") }
    }

    func testTheEpochLabelAreaHoldsTheFramesEpochInText() throws {
        let layouts = try Self.layouts()
        let timeline = try Timeline(epochs: layouts.epochs, settings: TimelineSettings(fps: 30))
        let first = try render(frame: timeline.firstFrame(ofKeyframe: 0))
        let last = try render(frame: timeline.firstFrame(ofKeyframe: layouts.epochs.count - 1))
        XCTAssertEqual(first.clock.label, "epoch 150")
        XCTAssertEqual(last.clock.label, "epoch 200")
        let background = first.renderer.settings.theme.background
        let rect = first.layout.epochRect
        XCTAssertGreaterThan(Fixture.pixelsDiffering(from: background, in: rect, of: first.canvas, tolerance: 40), 50,
                             "no text in the epoch label area")
        let differing = pixelCoordinates(in: rect).filter { first.rgb($0.0, $0.1) != last.rgb($0.0, $0.1) }.count
        XCTAssertGreaterThan(differing, 20, "the epoch label does not change from epoch 150 to epoch 200")
    }
}
