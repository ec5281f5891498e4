import Interpolate
import PixelRegions
@testable import Render
import XCTest

/// Frames that start from the once-drawn chrome are the frames drawing everything gives.
final class FixedChromeTests: XCTestCase {
    private let run = SyntheticRun(count: 400, classes: 5)
    private let other = SyntheticRun(count: 400, classes: 5, seed: 3)

    private func scene() -> FrameScene {
        FrameScene(title: "Fixed chrome", columnTitles: ["Block 1", "Block 2"],
                   rows: [FrameRow(name: "well-fit", samples: run.samples, metrics: SyntheticRun.metrics(epochs: 10, overfit: false)),
                          FrameRow(name: "over-fit", samples: other.samples, metrics: SyntheticRun.metrics(epochs: 10, overfit: true))],
                   metricsChart: MetricsChartSpec())
    }

    /// Two runs by two blocks; sample 2 is tracked in one panel, with a label or without.
    private func panels(_ renderer: FrameRenderer, progress: Float, labelled: Bool = true) -> [[PanelFrame]] {
        let aspect = renderer.layout.panelAspect
        let p = run.positions(progress: progress, block: 1)
        let track = TrackFrame(sample: 2, classIndex: 2, label: labelled ? "bird #2" : "", position: SIMD2(p[4], p[5]))
        return [[run.panel(progress: progress, block: 0, aspect: aspect), run.panel(progress: progress, block: 1, aspect: aspect, tracks: [track])],
                [other.panel(progress: progress, block: 0, aspect: aspect), other.panel(progress: progress, block: 1, aspect: aspect)]]
    }

    private func clock(_ progress: Float) -> FrameClock {
        FrameClock(frame: Int(progress * 50), epochValue: Double(progress) * 10, label: "epoch \(Int(progress * 10))", progress: Double(progress))
    }

    /// The first pixels (x, y) where two images differ.
    private func differences(_ a: [UInt32], _ b: [UInt32], width: Int) -> [String] {
        guard a.count == b.count else { return ["sizes \(a.count) and \(b.count)"] }
        return (0..<a.count).filter { a[$0] != b[$0] }.prefix(20).map { "(\($0 % width), \($0 / width))" }
    }

    private func pixels(_ canvas: Canvas) -> [UInt32] {
        canvas.withPixels { base, stride in (0..<(canvas.height * stride)).map { base[$0] } }
    }

    func testCachedChromeGivesExactlyThePixelsOfDrawingEverything() throws {
        for (width, height) in [(640, 360), (960, 540)] {
            let cached = try FrameRenderer(scene: scene(), settings: RenderSettings(), width: width, height: height)
            XCTAssertTrue(cached.drawsFixedChromeOnce, "headers, legend and charts keep clear of the panels at \(width)x\(height)")
            let reference = try FrameRenderer(scene: scene(), settings: RenderSettings(), width: width, height: height, cachesFixedChrome: false)
            // A label's halo changes how the chrome after it is drawn: frames with and without one.
            for progress: Float in [0.1, 0.8] {
                for labelled in [true, false] {
                    let a = try cached.render(panels(cached, progress: progress, labelled: labelled), clock: clock(progress))
                    let b = try reference.render(panels(reference, progress: progress, labelled: labelled), clock: clock(progress))
                    XCTAssertEqual(differences(pixels(a), pixels(b), width: width), [], "\(width)x\(height) at \(progress), labelled \(labelled)")
                }
            }
        }
    }

    func testAReusedBufferKeepsNothingOfTheFrameBefore() throws {
        let renderer = try FrameRenderer(scene: scene(), settings: RenderSettings(), width: 320, height: 180)
        let bytesPerRow = 4 * 320
        let reused = UnsafeMutableRawPointer.allocate(byteCount: bytesPerRow * 180, alignment: 64)
        defer { reused.deallocate() }
        try renderer.render(panels(renderer, progress: 0.1), clock: clock(0.1), into: reused, bytesPerRow: bytesPerRow)
        try renderer.render(panels(renderer, progress: 0.8), clock: clock(0.8), into: reused, bytesPerRow: bytesPerRow)
        let fresh = try renderer.render(panels(renderer, progress: 0.8), clock: clock(0.8))
        let reusedPixels = Array(UnsafeBufferPointer(start: reused.assumingMemoryBound(to: UInt32.self), count: 320 * 180))
        XCTAssertEqual(differences(reusedPixels, pixels(fresh), width: 320), [])
    }

    /// Frames at these progresses: the playheads, the progress bar, the epoch label (one and
    /// two digits) and the track label all move; the label is hidden in some frames, which
    /// then start from the other chrome.
    private let progresses: [(Float, Bool)] = [(0.05, true), (0.3, true), (0.95, true), (0.6, true), (0.1, false), (0.8, true),
                                              (0.45, true), (0.5, false), (0.55, false), (0.65, false), (0.7, true)]

    private func contents(_ memory: UnsafeMutableRawPointer, count: Int) -> [UInt32] {
        Array(UnsafeBufferPointer(start: memory.assumingMemoryBound(to: UInt32.self), count: count))
    }

    func testDrawingOverTheFrameABufferHeldGivesThePixelsOfFreshMemory() throws {
        let renderer = try FrameRenderer(scene: scene(), settings: RenderSettings(), width: 640, height: 360)
        XCTAssertTrue(renderer.drawsFixedChromeOnce)
        let bytesPerRow = 4 * 640
        // Three buffers in turn, as FramePipeline hands them out, each with what it holds.
        let buffers = (0..<3).map { _ in UnsafeMutableRawPointer.allocate(byteCount: bytesPerRow * 360, alignment: 64) }
        defer { buffers.forEach { $0.deallocate() } }
        var held: [FrameRegions?] = [nil, nil, nil]
        var labels = LabelMemory(), freshLabels = LabelMemory()
        for (k, (progress, labelled)) in progresses.enumerated() {
            let b = k % 3
            try renderer.render(panels(renderer, progress: progress, labelled: labelled), clock: clock(progress), into: buffers[b],
                                bytesPerRow: bytesPerRow, labels: &labels, regions: &held[b])
            XCTAssertNotNil(held[b], "frame \(k) is drawn over the fixed chrome")
            let fresh = try Canvas(width: 640, height: 360)
            try renderer.render(panels(renderer, progress: progress, labelled: labelled), clock: clock(progress), on: fresh, labels: &freshLabels)
            XCTAssertEqual(differences(contents(buffers[b], count: 640 * 360), pixels(fresh), width: 640), [], "frame \(k) at \(progress)")
        }
    }

    func testTwoFramesDifferOnlyInsideTheRegionsTheyReport() throws {
        let renderer = try FrameRenderer(scene: scene(), settings: RenderSettings(), width: 640, height: 360)
        let bytesPerRow = 4 * 640
        let a = UnsafeMutableRawPointer.allocate(byteCount: bytesPerRow * 360, alignment: 64)
        let b = UnsafeMutableRawPointer.allocate(byteCount: bytesPerRow * 360, alignment: 64)
        defer { a.deallocate(); b.deallocate() }
        var labels = LabelMemory()
        var regionsA: FrameRegions?, regionsB: FrameRegions?
        try renderer.render(panels(renderer, progress: 0.05), clock: clock(0.05), into: a, bytesPerRow: bytesPerRow, labels: &labels, regions: &regionsA)
        try renderer.render(panels(renderer, progress: 0.95), clock: clock(0.95), into: b, bytesPerRow: bytesPerRow, labels: &labels, regions: &regionsB)
        let changed = try XCTUnwrap(XCTUnwrap(regionsB).difference(from: XCTUnwrap(regionsA)))
        var inside = [Bool](repeating: false, count: 640 * 360)
        for band in PixelRegion(changed, width: 640, height: 360).bands {
            for y in band.rows { for span in band.spans { for x in span { inside[y * 640 + x] = true } } }
        }
        let pa = contents(a, count: 640 * 360), pb = contents(b, count: 640 * 360)
        let differing = (0..<pa.count).filter { pa[$0] != pb[$0] }
        XCTAssertFalse(differing.isEmpty)
        let outside = differing.filter { !inside[$0] }.map { ($0 % 640, $0 / 640) }
        XCTAssertTrue(outside.isEmpty, "pixels that changed outside the reported regions: \(outside.prefix(10))")
    }

    func testMemoryHoldingAnotherRenderersFrameIsDrawnWhole() throws {
        let light = try FrameRenderer(scene: scene(), settings: RenderSettings(), width: 640, height: 360)
        let other = try FrameRenderer(scene: scene(), settings: RenderSettings(theme: .dark), width: 640, height: 360)
        let bytesPerRow = 4 * 640
        let memory = UnsafeMutableRawPointer.allocate(byteCount: bytesPerRow * 360, alignment: 64)
        defer { memory.deallocate() }
        var labels = LabelMemory(), regions: FrameRegions?
        try other.render(panels(other, progress: 0.3), clock: clock(0.3), into: memory, bytesPerRow: bytesPerRow, labels: &labels, regions: &regions)
        XCTAssertNotNil(regions)
        labels = LabelMemory()
        try light.render(panels(light, progress: 0.3), clock: clock(0.3), into: memory, bytesPerRow: bytesPerRow, labels: &labels, regions: &regions)
        let fresh = try light.render(panels(light, progress: 0.3), clock: clock(0.3))
        XCTAssertEqual(differences(contents(memory, count: 640 * 360), pixels(fresh), width: 640), [])
    }
}
