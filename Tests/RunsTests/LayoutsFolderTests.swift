import XCTest
import LayoutModel
@testable import Runs

/// Layouts folders: what LayoutsFolderWriter writes, Run reads back.
final class LayoutsFolderTests: XCTestCase {
    func sampleSet() -> LayoutSet {
        let samples = SampleTable(ids: ["7", "8", "9"], labels: [2, 0, 1], classNames: ["a", "b", "c"])
        let metrics = MetricsTable(names: ["val_acc"], epochs: [1, 4], values: [[0.25, 0.875]])
        return LayoutSet(runName: "toy, with a comma", epochs: [1, 4], blocks: [
            BlockLayout(name: "layer2", title: "Block 2", positions: [[0, 1, 2, 3, 4, 5], [1, 1, .nan, .nan, 3, 3]]),
            BlockLayout(name: "layer10", positions: [[6, 5, 4, 3, 2, 1], [0, 0, 0, 0, 0, 0]]),
        ], samples: samples, metrics: metrics)
    }

    func assertSameLayouts(_ a: LayoutSet, _ b: LayoutSet, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.runName, b.runName, file: file, line: line)
        XCTAssertEqual(a.epochs, b.epochs, file: file, line: line)
        XCTAssertEqual(a.samples, b.samples, file: file, line: line)
        XCTAssertEqual(a.metrics, b.metrics, file: file, line: line)
        XCTAssertEqual(a.blocks.map(\.name), b.blocks.map(\.name), file: file, line: line)
        XCTAssertEqual(a.blocks.map(\.title), b.blocks.map(\.title), file: file, line: line)
        // Compare bit patterns: NaN marks absent samples and NaN != NaN.
        XCTAssertEqual(a.blocks.map { $0.positions.map { $0.map(\.bitPattern) } },
                       b.blocks.map { $0.positions.map { $0.map(\.bitPattern) } }, file: file, line: line)
    }

    func testWrittenFolderReadsBackAsTheSameLayoutSet() throws {
        let folder = try TemporaryFolder()
        let destination = folder.url.appendingPathComponent("layouts")
        try LayoutsFolderWriter.write(sampleSet(), parameters: ["n_neighbors": "15", "seed": "42"], to: destination)
        let run = try Run.open(at: destination)
        XCTAssertEqual(run.format, .layoutsFolder)
        XCTAssertEqual(run.kind, .layouts)
        XCTAssertEqual(run.layoutParameters, ["n_neighbors": "15", "seed": "42"])
        assertSameLayouts(try run.layoutSet(), sampleSet())
        XCTAssertNoThrow(try run.check())
    }

    func testSameLayoutsWriteTheSameBytes() throws {
        let folder = try TemporaryFolder()
        let first = folder.url.appendingPathComponent("a"), second = folder.url.appendingPathComponent("b")
        let parameters = ["seed": "1", "n_neighbors": "15", "min_dist": "0.1"]
        try LayoutsFolderWriter.write(sampleSet(), parameters: parameters, to: first)
        try LayoutsFolderWriter.write(sampleSet(), parameters: parameters, to: second)
        let names = try FileManager.default.contentsOfDirectory(atPath: first.path).sorted()
        XCTAssertEqual(names, [".nm-render-output", "classes.txt", "epochs.npy", "ids.npy", "labels.npy", "layer10.npy", "layer2.npy", "layout.json", "metrics.csv"])
        for name in names {
            XCTAssertEqual(try Data(contentsOf: first.appendingPathComponent(name)), try Data(contentsOf: second.appendingPathComponent(name)), name)
        }
    }

    func testAbsentSamplesAreLeftOutOfSlices() throws {
        let folder = try TemporaryFolder()
        let destination = folder.url.appendingPathComponent("layouts")
        try LayoutsFolderWriter.write(sampleSet(), to: destination)
        let slice = try Run.open(at: destination).activations(block: "layer2", epoch: 4)
        XCTAssertEqual(slice.sampleIndices, [0, 2])
        XCTAssertEqual(slice.values, [1, 1, 3, 3])
    }

    func testRewritingReplacesTheFolderWhole() throws {
        let folder = try TemporaryFolder()
        let destination = folder.url.appendingPathComponent("layouts")
        try LayoutsFolderWriter.write(sampleSet(), to: destination)
        var smaller = sampleSet()
        smaller.blocks.removeLast()
        try LayoutsFolderWriter.write(smaller, to: destination)
        let run = try Run.open(at: destination)
        XCTAssertEqual(run.blocks.map(\.name), ["layer2"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: destination.appendingPathComponent("layer10.npy").path))
    }

    func testEpochsNpyAloneIsEnoughAndBlocksComeInNaturalOrder() throws {
        let folder = try TemporaryFolder()
        try folder.file("l/epochs.npy", NpyWriter.encode(integers: [3, 7], shape: [2], dtype: .int32))
        for name in ["layer10", "layer2"] {
            try folder.file("l/\(name).npy", NpyWriter.encode(floats: [Float](repeating: 1, count: 8), shape: [2, 2, 2]))
        }
        let run = try Run.open(at: folder.url.appendingPathComponent("l"))
        XCTAssertEqual(run.blocks.map(\.name), ["layer2", "layer10"])
        XCTAssertEqual(run.epochs, [3, 7])
        XCTAssertEqual(run.name, "l")
    }
}
