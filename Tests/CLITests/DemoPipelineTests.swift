import Foundation
import TrainingDemo
import XCTest
@testable import nm_render

/// `nm-render demo` end to end, on the miniature trainings: the command runs the same
/// `DemoPipeline`, so a trap or a wrong call anywhere in it (training, layouts, the three
/// renderers) fails here instead of on a user's first command.
final class DemoPipelineTests: XCTestCase {
    func testMiniatureDemoWritesPlayableVideosAStripAndBothRuns() throws {
        let folder = try temporaryFolder()
        let pipeline = DemoPipeline(config: .miniature, videoSize: PixelSize(width: 320, height: 180),
                                    gifSize: PixelSize(width: 200, height: 112))
        let report = try pipeline.render(into: folder, progress: ProgressReporter(quiet: true))

        let mp4 = try VideoProbe.probe(folder.appendingPathComponent("demo.mp4"))
        XCTAssertEqual([mp4.codec, "\(mp4.width)x\(mp4.height)"], ["h264", "320x180"])
        XCTAssertGreaterThan(mp4.frames, 1)
        let gif = try VideoProbe.probe(folder.appendingPathComponent("demo.gif"))
        XCTAssertEqual([gif.codec, "\(gif.width)x\(gif.height)"], ["gif", "200x112"])
        let strip = try Data(contentsOf: folder.appendingPathComponent("demo-strip.png"))
        XCTAssertEqual(Array(strip.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        for run in DemoConfig.miniature.runs {
            let manifest = folder.appendingPathComponent("runs/\(run.name)/run.json")
            XCTAssertTrue(FileManager.default.fileExists(atPath: manifest.path), manifest.path)
        }
        XCTAssertEqual(report.outputs.count, 3)
    }
}
