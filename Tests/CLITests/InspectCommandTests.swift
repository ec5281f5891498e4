import Foundation
import XCTest

final class InspectCommandTests: XCTestCase {
    // MARK: the shared data

    func testNeuroMapperSampleHasFourBlocksFortyEpochsAThousandSamplesAndTheCIFARClasses() throws {
        let sample = try requireSharedData("neuromapper-sample")
        let result = try runSucceeding(["inspect", sample.path])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("blocks   4"), result.stdout)
        XCTAssertTrue(lines.contains("epochs   5..200 step 5 (40)"), result.stdout)
        XCTAssertTrue(lines.contains("samples  N = 1000"), result.stdout)
        let classNames = try String(contentsOf: sample.appendingPathComponent("classes.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(classNames.count, 10)
        let classesLine = try XCTUnwrap(lines.first { $0.hasPrefix("classes  ") })
        XCTAssertTrue(classesLine.hasPrefix("classes  10: "), classesLine)
        for name in classNames { XCTAssertTrue(classesLine.contains("\(name) "), "\(name) missing: \(classesLine)") }
    }

    func testNeuroMapperSampleJSONHasTheDocumentedKeysAndFacts() throws {
        let sample = try requireSharedData("neuromapper-sample")
        let summary = try jsonObject(try runSucceeding(["inspect", sample.path, "--json"]).stdout)
        for key in ["path", "name", "kind", "format", "variant", "blocks", "epochs", "epochsText", "sampleCount",
                    "classes", "ids", "metrics", "bytesOnDisk", "layoutParameters"] {
            XCTAssertNotNil(summary[key], "missing key \(key)")
        }
        XCTAssertEqual(summary["kind"] as? String, "layouts")
        XCTAssertEqual(summary["format"] as? String, "neuromapper")
        XCTAssertEqual((summary["blocks"] as? [[String: Any]])?.compactMap { $0["name"] as? String },
                       ["layer1", "layer2", "layer3", "layer4"])
        XCTAssertEqual(summary["epochs"] as? [Int], Array(stride(from: 5, through: 200, by: 5)))
        XCTAssertEqual(summary["sampleCount"] as? Int, 1000)
        let classes = try XCTUnwrap(summary["classes"] as? [[String: Any]])
        XCTAssertEqual(classes.compactMap { $0["name"] as? String },
                       ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"])
        XCTAssertEqual(classes.compactMap { $0["count"] as? Int }.reduce(0, +), 1000)
    }

    func testDigitsRunIsAnActivationsRunWithItsMetrics() throws {
        let run = try requireSharedData("digits-wellfit-1k")
        let summary = try jsonObject(try runSucceeding(["inspect", run.path, "--json"]).stdout)
        XCTAssertEqual(summary["kind"] as? String, "activations")
        XCTAssertEqual((summary["blocks"] as? [[String: Any]])?.compactMap { $0["dimension"] as? Int }, [256, 128, 64, 10])
        XCTAssertEqual(summary["epochs"] as? [Int], Array(0 ... 20))
        XCTAssertEqual(summary["sampleCount"] as? Int, 1000)
        XCTAssertEqual(summary["metrics"] as? [String], ["train_loss", "train_acc", "val_loss", "val_acc"])
    }

    func testUnknownVariantOfANeuroMapperFolderIsAUsageErrorListingTheVariants() throws {
        let sample = try requireSharedData("neuromapper-sample")
        let result = try NMRenderProcess.run(["inspect", sample.path, "--variant", "overfit"])
        assertError(result, status: ExitCode.usage, mentioning: ["overfit", "pre_embeded_(20, 0.1)"])
    }

    // MARK: generated runs

    func testGeneratedRunIsSummarisedFromItsFiles() throws {
        let run = try GeneratedRun().write(to: try temporaryFolder().appendingPathComponent("tiny"))
        let result = try runSucceeding(["inspect", run.path])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("kind     activations (activations-folder)"), result.stdout)
        XCTAssertTrue(lines.contains("blocks   2"), result.stdout)
        XCTAssertEqual(lines.filter { $0.contains("D = 8") && $0.contains("float32") }.count, 2, result.stdout)
        XCTAssertTrue(lines.contains("epochs   0..2 (3)"), result.stdout)
        XCTAssertTrue(lines.contains("samples  N = 60"), result.stdout)
        XCTAssertTrue(lines.contains("classes  3: cat 20, dog 20, fox 20"), result.stdout)
        XCTAssertTrue(lines.contains("metrics  val_acc"), result.stdout)
        XCTAssertEqual(result.stderr, "")
    }

    func testCheckOnAFiniteRunSaysSo() throws {
        let run = try GeneratedRun().write(to: try temporaryFolder().appendingPathComponent("tiny"))
        let result = try runSucceeding(["inspect", run.path, "--check"])
        XCTAssertTrue(result.stdout.hasSuffix("check    every array is finite\n"), result.stdout)
    }

    func testCheckOnARunWithANaNIsADataErrorNamingTheFileRowAndColumn() throws {
        var generated = GeneratedRun()
        generated.nan = (block: "block2", epoch: 1, row: 4, column: 3)
        let run = try generated.write(to: try temporaryFolder().appendingPathComponent("nan"))
        let result = try NMRenderProcess.run(["inspect", run.path, "--check"])
        assertError(result, status: ExitCode.dataError, mentioning: ["epoch_001/block2.npy", "NaN", "row 4", "column 3"])
        XCTAssertEqual(result.stdout, "")
    }

    func testWithoutCheckOnlyHeadersAreReadSoANaNDoesNotFailInspect() throws {
        var generated = GeneratedRun()
        generated.nan = (block: "block1", epoch: 0, row: 0, column: 0)
        let run = try generated.write(to: try temporaryFolder().appendingPathComponent("nan"))
        _ = try runSucceeding(["inspect", run.path])
    }

    func testGeneratedRunJSONCountsSamplesPerClass() throws {
        let run = try GeneratedRun().write(to: try temporaryFolder().appendingPathComponent("tiny"))
        let summary = try jsonObject(try runSucceeding(["inspect", run.path, "--json"]).stdout)
        XCTAssertEqual(summary["format"] as? String, "activations-folder")
        XCTAssertEqual(summary["sampleCount"] as? Int, 60)
        let classes = try XCTUnwrap(summary["classes"] as? [[String: Any]])
        XCTAssertEqual(classes.compactMap { $0["name"] as? String }, ["cat", "dog", "fox"])
        XCTAssertEqual(classes.compactMap { $0["count"] as? Int }, [20, 20, 20])
    }

    func testVariantForAFolderThatHasNoneIsAUsageError() throws {
        let run = try GeneratedRun().write(to: try temporaryFolder().appendingPathComponent("tiny"))
        let result = try NMRenderProcess.run(["inspect", run.path, "--variant", "overfit"])
        assertError(result, status: ExitCode.usage, mentioning: [run.path, "--variant"])
    }

    // MARK: bad inputs

    func testMissingFolderIsAUsageErrorNamingThePath() throws {
        let missing = try temporaryFolder().appendingPathComponent("no-such-run")
        let result = try NMRenderProcess.run(["inspect", missing.path])
        assertError(result, status: ExitCode.usage, mentioning: [missing.path, "no such file or folder"])
    }

    func testFolderInNoKnownFormatIsADataErrorListingTheFormats() throws {
        let folder = try temporaryFolder()
        try "not a run\n".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let result = try NMRenderProcess.run(["inspect", folder.path])
        assertError(result, status: ExitCode.dataError,
                    mentioning: [folder.path, "activations run", "layouts folder", "NeuroMapper folder"])
    }

    func testEmptyFolderIsADataErrorSayingWhatARunHolds() throws {
        let folder = try temporaryFolder()
        let result = try NMRenderProcess.run(["inspect", folder.path])
        assertError(result, status: ExitCode.dataError, mentioning: [folder.path, "holds no data", "epoch_<E>"])
    }

    func testTruncatedArrayIsADataErrorNamingTheFile() throws {
        let run = try GeneratedRun().write(to: try temporaryFolder().appendingPathComponent("tiny"))
        let file = run.appendingPathComponent("epoch_002/block1.npy")
        try bytes(file).prefix(200).write(to: file)
        let result = try NMRenderProcess.run(["inspect", run.path])
        assertError(result, status: ExitCode.dataError, mentioning: ["epoch_002/block1.npy", "truncated"])
    }

    func testBlockWithAnotherSampleCountIsADataErrorNamingBothFiles() throws {
        let run = try GeneratedRun().write(to: try temporaryFolder().appendingPathComponent("tiny"))
        try NpyFileWriter.writeFloat32([Float](repeating: 0, count: 59 * 8), shape: [59, 8],
                                       to: run.appendingPathComponent("epoch_001/block2.npy"))
        let result = try NMRenderProcess.run(["inspect", run.path])
        assertError(result, status: ExitCode.dataError,
                    mentioning: ["epoch_001/block2.npy has 59 samples", "epoch_001/block1.npy has 60"])
    }

    func testLabelOutsideTheClassListIsADataErrorNamingTheIndex() throws {
        let run = try GeneratedRun().write(to: try temporaryFolder().appendingPathComponent("tiny"))
        var labels = (0 ..< 60).map { Int64($0 % 3) }
        labels[7] = 5
        try NpyFileWriter.writeInt64(labels, to: run.appendingPathComponent("labels.npy"))
        let result = try NMRenderProcess.run(["inspect", run.path])
        assertError(result, status: ExitCode.dataError, mentioning: ["labels.npy index 7", "label 5", "classes.txt"])
    }

    func testMissingRunArgumentIsAnArgumentParserUsageError() throws {
        assertArgumentError(try NMRenderProcess.run(["inspect"]), mentioning: "<run>")
    }
}
