import XCTest
import LayoutModel
@testable import Runs

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
    }

    func testDigitsRunsOpenWithFourFloat16BlocksAndTwentyOneEpochs() throws {
        for name in ["digits-wellfit-1k", "digits-overfit-1k"] {
            let run = try Run.open(at: try sharedRun(name))
            XCTAssertEqual(run.kind, .activations)
            XCTAssertEqual(run.blocks.map(\.name), ["block1", "block2", "block3", "block4"])
            XCTAssertEqual(run.blocks.map(\.dimension), [256, 128, 64, 10])
            XCTAssertEqual(Set(run.blocks.map(\.dtype)), ["float16"])
            XCTAssertEqual(run.epochs, Array(0 ... 20))
            XCTAssertEqual(run.sampleCount, 1000)
            XCTAssertEqual(run.samples.classNames, (0 ..< 10).map(String.init))
            XCTAssertEqual(run.metrics?.names, ["train_loss", "train_acc", "val_loss", "val_acc"])
            XCTAssertEqual(run.metrics?.epochs, Array(0 ... 20))
        }
    }

    func testDigitsFloat16ActivationsMatchNumPy() throws {
        let run = try Run.open(at: try sharedRun("digits-wellfit-1k"))
        XCTAssertEqual(Array(run.samples.labels.prefix(8)), [4, 6, 4, 6, 3, 7, 0, 6])
        let slice = try run.activations(block: "block2", epoch: 20)
        XCTAssertEqual(slice.rows, 1000)
        XCTAssertEqual(slice.cols, 128)
        // Values and sum as printed by NumPy (float16 widened to float64).
        XCTAssertEqual(Array(slice.values.prefix(3)), [1.80859375, 3.53710938, 1.68457031].map(Float.init), accuracy: 1e-6)
        XCTAssertEqual(slice.values.last, 2.00390625)
        XCTAssertEqual(slice.values.reduce(0.0) { $0 + Double($1) }, 77541.15289384127, accuracy: 1e-6)
    }

    func testNeuroMapperSampleLayoutsAreFinite() throws {
        let run = try Run.open(at: try sharedRun("neuromapper-sample"))
        let layouts = try run.layoutSet()
        XCTAssertEqual(layouts.blocks.count, 4)
        XCTAssertEqual(layouts.blocks[0].positions.count, 40)
        XCTAssertEqual(Array(layouts.blocks[0].positions[0].prefix(2)), [-8.215440750122070312, 5.982554435729980469])
        XCTAssertTrue(layouts.blocks.allSatisfy { $0.positions.allSatisfy { $0.count == 2000 && $0.allSatisfy(\.isFinite) } })
    }
}

private func XCTAssertEqual(_ a: [Float], _ b: [Float], accuracy: Float, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
