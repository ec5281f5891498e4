import Interpolate
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

    private func panels(_ renderer: FrameRenderer, progress: Float) -> [[PanelFrame]] {
        let aspect = renderer.layout.panelAspect
        let p = run.positions(progress: progress, block: 1)
        let track = TrackFrame(sample: 2, classIndex: 2, label: "bird #2", position: SIMD2(p[4], p[5]))
        return [[run.panel(progress: progress, block: 0, aspect: aspect), run.panel(progress: progress, block: 1, aspect: aspect, tracks: [track])],
                [other.panel(progress: progress, block: 0, aspect: aspect), other.panel(progress: progress, block: 1, aspect: aspect)]]
    }

    private func clock(_ progress: Float) -> FrameClock {
        FrameClock(frame: Int(progress * 50), epochValue: Double(progress) * 10, label: "epoch \(Int(progress * 10))", progress: Double(progress))
    }

    private func pixels(_ canvas: Canvas) -> [UInt32] {
        canvas.withPixels { base, stride in (0..<(canvas.height * stride)).map { base[$0] } }
    }

    func testCachedChromeGivesExactlyThePixelsOfDrawingEverything() throws {
        for (width, height) in [(320, 180), (960, 540)] {
            let cached = try FrameRenderer(scene: scene(), settings: RenderSettings(), width: width, height: height)
            let reference = try FrameRenderer(scene: scene(), settings: RenderSettings(), width: width, height: height, cachesFixedChrome: false)
            for progress: Float in [0.1, 0.8] {
                let a = try cached.render(panels(cached, progress: progress), clock: clock(progress))
                let b = try reference.render(panels(reference, progress: progress), clock: clock(progress))
                XCTAssertEqual(pixels(a), pixels(b), "\(width)x\(height) at \(progress)")
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
        XCTAssertEqual(reusedPixels, pixels(fresh))
    }
}
