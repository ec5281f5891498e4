import XCTest
import LayoutModel
@testable import Runs

/// Activations run folders: epoch_<E>/<block>.npy, epoch_<E>.npz, side files, run.json.
final class ActivationsRunTests: XCTestCase {
    let samples = SampleTable(ids: ["a", "b", "c", "d"], labels: [0, 1, 1, 2], classNames: ["cat", "dog", "bird"])

    /// A run written by RunWriter: blocks conv and fc, epochs 0, 5, 10, 4 samples.
    func writtenRun(in folder: TemporaryFolder, dtype: NpyDType = .float32) throws -> URL {
        let writer = try RunWriter(destination: folder.url.appendingPathComponent("run"), name: "toy",
                                   blocks: [.init(name: "fc", title: "Dense"), .init(name: "conv")],
                                   samples: samples, dtype: dtype, epochDigits: 3)
        for epoch in [0, 5, 10] {
            try writer.write(block: "conv", epoch: epoch, rows: 4, cols: 3, values: ramp(4, 3, offset: Float(epoch)))
            try writer.write(block: "fc", epoch: epoch, rows: 4, cols: 2, values: ramp(4, 2, offset: -Float(epoch)))
        }
        let metrics = MetricsTable(names: ["val_acc", "loss"], epochs: [0, 5, 10], values: [[0.1, 0.5, .nan], [2.5, 1.25, 0.75]])
        return try writer.finish(metrics: metrics)
    }

    func testRunWriterOutputOpensWithItsBlocksEpochsSamplesAndMetrics() throws {
        let folder = try TemporaryFolder()
        let run = try Run.open(at: try writtenRun(in: folder))
        XCTAssertEqual(run.format, .activationsFolder)
        XCTAssertEqual(run.kind, .activations)
        XCTAssertEqual(run.name, "toy")
        XCTAssertEqual(run.blocks.map(\.name), ["fc", "conv"], "run.json order")
        XCTAssertEqual(run.blocks.map(\.title), ["Dense", "conv"])
        XCTAssertEqual(run.blocks.map(\.dimension), [2, 3])
        XCTAssertEqual(run.blocks.map(\.dtype), ["float32", "float32"])
        XCTAssertEqual(run.epochs, [0, 5, 10])
        XCTAssertEqual(run.samples, samples)
        XCTAssertEqual(run.idsSource, "ids.txt")
        XCTAssertEqual(run.metrics?.names, ["val_acc", "loss"])
        XCTAssertEqual(run.metrics?.series("loss"), [2.5, 1.25, 0.75])
        XCTAssertTrue(run.metrics!.values[0][2].isNaN)
        XCTAssertNil(try run.epochSampleIndices(epoch: 5))
        XCTAssertGreaterThan(run.bytesOnDisk, 0)
    }

    func testActivationsReadBackRowMajorWithIdentitySampleIndices() throws {
        let folder = try TemporaryFolder()
        let run = try Run.open(at: try writtenRun(in: folder))
        let slice = try run.activations(block: "conv", epoch: 5)
        XCTAssertEqual(slice.rows, 4)
        XCTAssertEqual(slice.cols, 3)
        XCTAssertEqual(slice.values, ramp(4, 3, offset: 5))
        XCTAssertEqual(slice.sampleIndices, [0, 1, 2, 3])
        XCTAssertNoThrow(try run.check())
    }

    func testFloat16RunsConvertToFloat32() throws {
        let folder = try TemporaryFolder()
        let run = try Run.open(at: try writtenRun(in: folder, dtype: .float16))
        XCTAssertEqual(run.blocks[1].dtype, "float16")
        XCTAssertEqual(try run.activations(block: "conv", epoch: 10).values, ramp(4, 3, offset: 10))
    }

    func testFloat16BlocksReadNarrowKeepTheirBitPatternsAndValues() throws {
        let folder = try TemporaryFolder()
        let run = try Run.open(at: try writtenRun(in: folder, dtype: .float16))
        let narrow = try run.activations(block: "conv", epoch: 10, keepingFloat16: true)
        XCTAssertEqual(narrow.float16Bits, ramp(4, 3, offset: 10).map { HalfFloat.fromFloat($0) })
        XCTAssertEqual(narrow.values, try run.activations(block: "conv", epoch: 10).values)
        XCTAssertEqual(narrow.sampleIndices, [0, 1, 2, 3])
        XCTAssertNil(try run.activations(block: "conv", epoch: 10).float16Bits, "narrow only when asked")
    }

    func testFloat16BlocksOfManyReadChunksReadWholeAndInOrder() throws {
        // 700 x 1,000 binary16 values are 1.4 MB, more than one read chunk, ending mid-chunk.
        let rows = 700, cols = 1000
        XCTAssertGreaterThan(rows * cols * 2, NpyArrayRef.streamChunkBytes)
        let values = (0 ..< rows * cols).map { Float($0 % 2039) }  // whole numbers below 2,048: exact in binary16
        let folder = try TemporaryFolder()
        try folder.file("run/epoch_1/b.npy", npy(values, rows, cols, dtype: .float16))
        let run = try Run.open(at: folder.url.appendingPathComponent("run"))
        let narrow = try run.activations(block: "b", epoch: 1, keepingFloat16: true)
        let bits = try XCTUnwrap(narrow.float16Bits), expected = values.map { HalfFloat.fromFloat($0) }
        XCTAssertEqual(bits.count, expected.count)
        XCTAssertNil(bits.indices.first { bits[$0] != expected[$0] }, "the first element read wrong")
    }

    func testBigEndianFloat16IsReadNarrowInHostByteOrder() throws {
        let folder = try TemporaryFolder()
        try folder.file("run/epoch_1/b.npy", npy([1.5, -2, 65504, 0.000061], 2, 2, dtype: NpyDType.float16.swappedToBigEndian))
        let run = try Run.open(at: folder.url.appendingPathComponent("run"))
        let narrow = try run.activations(block: "b", epoch: 1, keepingFloat16: true)
        XCTAssertEqual(narrow.float16Bits, [1.5, -2, 65504, 0.000061].map { HalfFloat.fromFloat($0) })
    }

    func testFloat32BlocksAreReadAsFloat32EvenWhenFloat16WouldBeKept() throws {
        let folder = try TemporaryFolder()
        let run = try Run.open(at: try writtenRun(in: folder))
        let slice = try run.activations(block: "conv", epoch: 5, keepingFloat16: true)
        XCTAssertNil(slice.float16Bits)
        XCTAssertEqual(slice.values, ramp(4, 3, offset: 5))
    }

    func testEpochsAreOrderedByNumberWhateverTheirPadding() throws {
        let folder = try TemporaryFolder()
        for (name, value) in [("epoch_10", Float(10)), ("epoch_9", 9), ("epoch_0100", 100), ("epoch_2", 2)] {
            try folder.file("run/\(name)/layer.npy", npy([value, value], 1, 2))
        }
        let run = try Run.open(at: folder.url.appendingPathComponent("run"))
        XCTAssertEqual(run.epochs, [2, 9, 10, 100])
        XCTAssertEqual(try run.activations(block: "layer", epoch: 100).values, [100, 100])
    }

    func testBlocksAreInNaturalOrderWithoutRunJson() throws {
        let folder = try TemporaryFolder()
        for block in ["layer10", "layer2", "layer1"] {
            try folder.file("run/epoch_1/\(block).npy", npy([1, 2, 3], 1, 3))
        }
        let run = try Run.open(at: folder.url.appendingPathComponent("run"))
        XCTAssertEqual(run.blocks.map(\.name), ["layer1", "layer2", "layer10"])
    }

    func testRunJsonChoosesBlocksTitlesAndEpochs() throws {
        let folder = try TemporaryFolder()
        for epoch in [1, 2, 3] {
            for block in ["a", "b", "c"] { try folder.file("run/epoch_\(epoch)/\(block).npy", npy([1, 2], 1, 2)) }
        }
        try folder.file("run/run.json", text: #"{"name": "picked", "blocks": [{"name": "c", "title": "Last"}, "a"], "epochs": [3, 1]}"#)
        let run = try Run.open(at: folder.url.appendingPathComponent("run"))
        XCTAssertEqual(run.name, "picked")
        XCTAssertEqual(run.blocks.map(\.name), ["c", "a"])
        XCTAssertEqual(run.blocks.map(\.title), ["Last", "a"])
        XCTAssertEqual(run.epochs, [1, 3])
    }

    func testNpzEpochArchivesHoldOneArrayPerBlock() throws {
        let folder = try TemporaryFolder()
        let stored = try Data(contentsOf: Fixtures.url("stored.npz"))
        let deflated = try Data(contentsOf: Fixtures.url("deflated.npz"))
        try folder.file("run/epoch_1.npz", Array(stored))
        try folder.file("run/epoch_2.npz", Array(deflated))
        let run = try Run.open(at: folder.url.appendingPathComponent("run"))
        XCTAssertEqual(run.blocks.map(\.name), ["block1", "block2"])
        XCTAssertEqual(run.blocks.map(\.dtype), ["float32", "float16"])
        XCTAssertEqual(run.sampleCount, 3)
        XCTAssertEqual(try run.activations(block: "block2", epoch: 2).values, Fixtures.base.map { $0 * 2 })
        XCTAssertEqual(try run.activations(block: "block1", epoch: 1).values, Fixtures.base)
    }

    func testPerEpochIdsMapRowsToGlobalSamples() throws {
        let folder = try TemporaryFolder()
        let writer = try RunWriter(destination: folder.url.appendingPathComponent("run"), blocks: [.init(name: "b")], samples: samples)
        try writer.write(block: "b", epoch: 1, rows: 4, cols: 2, values: ramp(4, 2))
        try writer.write(block: "b", epoch: 2, rows: 2, cols: 2, values: [1, 1, 3, 3], sampleIndices: [3, 1])
        try writer.finish()
        let run = try Run.open(at: folder.url.appendingPathComponent("run"))
        XCTAssertEqual(run.sampleCount, 4)
        XCTAssertNil(try run.epochSampleIndices(epoch: 1))
        XCTAssertEqual(try run.epochSampleIndices(epoch: 2), [3, 1])
        XCTAssertEqual(try run.activations(block: "b", epoch: 2).sampleIndices, [3, 1])
        XCTAssertTrue(run.summary.ids.perEpochSubsets)
        // D == 2: the run is a layout run; absent samples are NaN.
        let layouts = try run.layoutSet()
        let epoch2 = layouts.blocks[0].positions[1]
        XCTAssertEqual(Array(epoch2[6 ..< 8]), [1, 1])
        XCTAssertEqual(Array(epoch2[2 ..< 4]), [3, 3])
        XCTAssertTrue(epoch2[0].isNaN && epoch2[4].isNaN)
    }

    func testTwoDimensionalActivationsAreLayouts() throws {
        let folder = try TemporaryFolder()
        try folder.file("run/epoch_1/xy.npy", npy([0, 1, 2, 3], 2, 2))
        try folder.file("run/epoch_2/xy.npy", npy([4, 5, 6, 7], 2, 2))
        let run = try Run.open(at: folder.url.appendingPathComponent("run"))
        XCTAssertEqual(run.kind, .layouts)
        let layouts = try run.layoutSet()
        XCTAssertEqual(layouts.blocks[0].positions, [[0, 1, 2, 3], [4, 5, 6, 7]])
        XCTAssertEqual(layouts.samples.classNames, ["all"])
    }

    func testAbsentLabelsMakeOneClassAndClassesTxtNamesLabels() throws {
        let folder = try TemporaryFolder()
        try folder.file("run/epoch_1/b.npy", npy(ramp(3, 4), 3, 4))
        XCTAssertEqual(try Run.open(at: folder.url.appendingPathComponent("run")).samples.classCounts, [3])
        try folder.file("run/labels.npy", NpyWriter.encode(integers: [1, 0, 1], shape: [3], dtype: .uint8))
        let unnamed = try Run.open(at: folder.url.appendingPathComponent("run"))
        XCTAssertEqual(unnamed.samples.classNames, ["0", "1"])
        try folder.file("run/classes.txt", text: "zero\none\ntwo\n")
        let named = try Run.open(at: folder.url.appendingPathComponent("run"))
        XCTAssertEqual(named.samples.classNames, ["zero", "one", "two"])
        XCTAssertEqual(named.samples.classCounts, [1, 2, 0])
    }

    func testWindowsLineEndsInTextFilesAreAccepted() throws {
        let folder = try TemporaryFolder()
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 2), 2, 2))
        try folder.file("run/labels.npy", NpyWriter.encode(integers: [1, 0], shape: [2]))
        try folder.file("run/classes.txt", text: "cat\r\ndog\r\n")
        try folder.file("run/ids.txt", text: "x7\r\ny8\r\n")
        try folder.file("run/metrics.csv", text: "epoch,acc\r\n1,0.5\r\n")
        let run = try Run.open(at: folder.url.appendingPathComponent("run"))
        XCTAssertEqual(run.samples.classNames, ["cat", "dog"])
        XCTAssertEqual(run.samples.ids, ["x7", "y8"])
        XCTAssertEqual(run.metrics?.names, ["acc"])
        XCTAssertEqual(run.metrics?.values, [[0.5]])
    }

    func testRunWriterLeavesNothingWhenNotFinished() throws {
        let folder = try TemporaryFolder()
        do {
            let writer = try RunWriter(destination: folder.url.appendingPathComponent("run"), blocks: [.init(name: "b")], samples: samples)
            try writer.write(block: "b", epoch: 1, rows: 4, cols: 2, values: ramp(4, 2))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.url.path), [])
    }
}

/// `run.json`'s `complete` mark, written by the Python `RunWriter.close()`.
final class RunCompleteMarkTests: XCTestCase {
    func testACompleteMarkIsReadAndAnythingButABooleanIsRefused() throws {
        XCTAssertEqual(try RunManifest.parse(["complete": true], path: "run.json").complete, true)
        XCTAssertEqual(try RunManifest.parse([:], path: "run.json").complete, false)
        XCTAssertThrowsError(try RunManifest.parse(["complete": "yes"], path: "run.json")) { error in
            XCTAssertEqual(error as? RunError, .badManifest(path: "run.json", reason: "\"complete\" must be true or false"))
        }
    }
}
