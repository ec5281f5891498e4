import XCTest
@testable import Layout

/// The real runs in ../shared/data (skipped when the folder is absent).
final class SharedDataTests: XCTestCase {
    static let dataFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    func sharedRun(_ name: String) throws -> URL {
        let url = Self.dataFolder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("shared data \(url.path) is absent")
        }
        return url
    }

    func testNeuroMapperSampleOpensWithFourBlocksFortyEpochsAndCifarClasses() throws {
        let run = try Run.open(at: try sharedRun("neuromapper-sample"))
        XCTAssertEqual(run.format, .neuroMapper)
        XCTAssertEqual(run.kind, .layouts)
        XCTAssertEqual(run.variant, "pre_embeded_(20, 0.1)")
        XCTAssertEqual(run.blocks.map(\.name), ["layer1", "layer2", "layer3", "layer4"])
        XCTAssertEqual(run.epochs, Array(stride(from: 5, through: 200, by: 5)))
        XCTAssertEqual(run.sampleCount, 1000)
        XCTAssertEqual(run.samples.classNames.count, 10)
        XCTAssertEqual(run.samples.classNames.first, "airplane")
        XCTAssertEqual(Array(run.samples.labels.prefix(8)), [3, 8, 8, 0, 6, 6, 1, 6])
        XCTAssertEqual(run.summary.epochsText, "5..200 step 5 (40)")
        print(run.summary.text)
    }
}
