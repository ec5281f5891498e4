import XCTest
import LayoutModel
@testable import Runs

/// Every bad input of the run format is one clear sentence naming the file, with exit code 65
/// for bad data and 64 for bad choices.
final class BadInputTests: XCTestCase {
    var folder: TemporaryFolder!
    var run: URL { folder.url.appendingPathComponent("run") }

    override func setUpWithError() throws {
        folder = try TemporaryFolder()
    }

    override func tearDown() {
        folder = nil
    }

    /// A `.npy` with a hand-written header dict (for dtypes NpyWriter refuses to write).
    func rawNpy(dict: String, dataBytes: Int) -> [UInt8] {
        var text = dict
        while (10 + text.utf8.count + 1) % 64 != 0 { text += " " }
        text += "\n"
        let length = text.utf8.count
        return NpyHeader.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(text.utf8)
            + [UInt8](repeating: 0, count: dataBytes)
    }

    // MARK: sample counts

    func testDifferentNBetweenEpochsNamesBothFiles() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(3, 2), 3, 2))
        try folder.file("run/epoch_2/b.npy", npy(ramp(4, 2), 4, 2))
        assertLayoutError(try Run.open(at: run), contains: ["epoch_2/b.npy has 4 samples but", "epoch_1/b.npy has 3"])
    }

    func testDifferentNBetweenBlocksNamesBothFiles() throws {
        try folder.file("run/epoch_1/a.npy", npy(ramp(3, 2), 3, 2))
        try folder.file("run/epoch_1/b.npy", npy(ramp(4, 2), 4, 2))
        assertLayoutError(try Run.open(at: run), contains: ["epoch_1/b.npy has 4 samples but", "epoch_1/a.npy has 3"])
    }

    func testLabelsLengthNotNIsRejected() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(3, 2), 3, 2))
        try folder.file("run/labels.npy", NpyWriter.encode(integers: [0, 1, 0, 1, 0], shape: [5]))
        assertLayoutError(try Run.open(at: run), contains: ["labels.npy has 5 labels but the run has 3 samples"])
    }

    func testIdsLengthNotNIsRejected() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(3, 2), 3, 2))
        try folder.file("run/labels.npy", NpyWriter.encode(integers: [0, 1, 0], shape: [3]))
        try folder.file("run/ids.txt", text: "x\ny\n")
        assertLayoutError(try Run.open(at: run), contains: ["ids.txt has 2 ids but the run has 3 samples"])
    }

    func testPerEpochIdsExplainADifferentN() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(3, 2), 3, 2))
        try folder.file("run/epoch_2/b.npy", npy(ramp(2, 2), 2, 2))
        try folder.file("run/epoch_2/ids.npy", NpyWriter.encode(integers: [2, 0], shape: [2]))
        try folder.file("run/labels.npy", NpyWriter.encode(integers: [0, 1, 0], shape: [3]))
        XCTAssertEqual(try Run.open(at: run).epochSampleIndices(epoch: 2), [2, 0])
    }

    func testPerEpochIdsMustBeKnownAndUnique() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 2), 2, 2))
        try folder.file("run/labels.npy", NpyWriter.encode(integers: [0, 1, 0], shape: [3]))
        try folder.file("run/epoch_1/ids.npy", NpyWriter.encode(integers: [1, 7], shape: [2]))
        assertLayoutError(try Run.open(at: run), contains: ["epoch_1/ids.npy index 1: id 7 is not among the run's sample ids"])
        try folder.file("run/epoch_1/ids.npy", NpyWriter.encode(integers: [1, 1], shape: [2]))
        assertLayoutError(try Run.open(at: run), contains: ["epoch_1/ids.npy index 1: id 1 repeats the id at index 0"])
    }

    func testPerEpochIdsNeedTopLevelSamples() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 2), 2, 2))
        try folder.file("run/epoch_1/ids.npy", NpyWriter.encode(integers: [1, 0], shape: [2]))
        assertLayoutError(try Run.open(at: run), contains: ["epoch_1/ids.npy gives per-epoch ids", "ids.npy, ids.txt or labels.npy"])
    }

    func testDuplicateIdsAreRejected() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(3, 2), 3, 2))
        try folder.file("run/ids.txt", text: "a\nb\na\n")
        assertLayoutError(try Run.open(at: run), contains: ["ids.txt index 2: id a repeats the id at index 0"])
    }

    func testBothIdsFilesAreAmbiguous() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 2), 2, 2))
        try folder.file("run/ids.txt", text: "a\nb\n")
        try folder.file("run/ids.npy", NpyWriter.encode(integers: [1, 2], shape: [2]))
        assertLayoutError(try Run.open(at: run), contains: ["run holds both ids.npy and ids.txt; keep one"])
    }

    // MARK: structure

    func testBlockMissingFromSomeEpochsNamesThem() throws {
        for epoch in 1 ... 3 { try folder.file("run/epoch_\(epoch)/a.npy", npy(ramp(2, 2), 2, 2)) }
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 2), 2, 2))
        assertLayoutError(try Run.open(at: run), contains: ["block b is missing from epochs 2, 3"])
    }

    func testEmptyFolderIsAnEmptyRun() throws {
        _ = try folder.folder("run")
        assertLayoutError(try Run.open(at: run), contains: ["holds no data", "epoch_<E>/<block>.npy"])
    }

    func testEpochFoldersWithoutArraysAreAnEmptyRun() throws {
        _ = try folder.folder("run/epoch_1")
        _ = try folder.folder("run/epoch_2")
        assertLayoutError(try Run.open(at: run), contains: ["run holds no data"])
    }

    func testDuplicateEpochNumbersAreRejected() throws {
        try folder.file("run/epoch_5/b.npy", npy(ramp(2, 2), 2, 2))
        try folder.file("run/epoch_005/b.npy", npy(ramp(2, 2), 2, 2))
        assertLayoutError(try Run.open(at: run), contains: ["holds epoch 5 more than once (epoch_5, epoch_005)"])
    }

    func testEpochFolderAndArchiveForTheSameEpochAreDuplicates() throws {
        try folder.file("run/epoch_5/b.npy", npy(ramp(2, 2), 2, 2))
        try folder.file("run/epoch_5.npz", Array(try Data(contentsOf: Fixtures.url("stored.npz"))))
        assertLayoutError(try Run.open(at: run), contains: ["epoch 5 more than once (epoch_5, epoch_5.npz)"])
    }

    func testFolderOfNoKnownFormatListsTheFormats() throws {
        try folder.file("run/notes.txt", text: "hello\n")
        assertLayoutError(try Run.open(at: run), contains: ["is not a run nm-render can read",
                                                            "activations run", "layouts folder", "NeuroMapper folder"])
    }

    func testMissingPathIsNoInput() {
        assertLayoutError(try Run.open(at: folder.url.appendingPathComponent("nowhere")), contains: ["no such file"])
    }

    func testWrongRankIsRejected() throws {
        try folder.file("run/epoch_1/b.npy", NpyWriter.encode(floats: ramp(6, 1), shape: [6]))
        assertLayoutError(try Run.open(at: run), contains: ["b.npy has shape [6]; expected [N, D]"])
    }

    func testWidthChangingBetweenEpochsIsRejected() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 3), 2, 3))
        try folder.file("run/epoch_2/b.npy", npy(ramp(2, 4), 2, 4))
        assertLayoutError(try Run.open(at: run), contains: ["epoch_2/b.npy has D = 4 but", "epoch_1/b.npy has D = 3"])
    }

    // MARK: values

    func testNaNAndInfinityAreFoundWhenDataIsUsedWithCountAndFirstIndex() throws {
        var values = ramp(3, 2)
        values[2] = .nan
        values[5] = -.infinity
        try folder.file("run/epoch_1/b.npy", npy(values, 3, 2))
        let opened = try Run.open(at: run)
        let message = ["epoch_1/b.npy holds 2 NaN or infinite values; the first is at row 1, column 0"]
        assertLayoutError(try opened.activations(block: "b", epoch: 1), contains: message)
        assertLayoutError(try opened.check(), contains: message)
    }

    func testAnInfinityInALaterChunkOfAWideFileIsFoundAndPlaced() throws {
        // Streamed files are checked chunk by chunk as they are decoded (`streamChunkBytes`):
        // 4,096 float16 columns, 300 rows (2.3 MiB), one infinity in the third chunk.
        let rows = 300, cols = 4096
        var values = [Float](repeating: 0.25, count: rows * cols)
        values[270 * cols + 17] = .infinity
        try folder.file("run/epoch_1/b.npy", npy(values, rows, cols, dtype: .float16))
        let opened = try Run.open(at: run)
        assertLayoutError(try opened.activations(block: "b", epoch: 1),
                          contains: ["epoch_1/b.npy holds 1 NaN or infinite value; the first is at row 270, column 17"])
        // Read narrow, the same file is refused with the same message.
        assertLayoutError(try opened.activations(block: "b", epoch: 1, keepingFloat16: true),
                          contains: ["epoch_1/b.npy holds 1 NaN or infinite value; the first is at row 270, column 17"])
    }

    func testReadingAheadIsAHintThatNeverFailsOrChangesValues() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(3, 2), 3, 2))
        try folder.file("run/epoch_2/b.npy", npy(ramp(3, 2), 3, 2))
        let opened = try Run.open(at: run)
        // Unknown names, and a file removed after the run was opened: nothing is thrown.
        opened.startReadingActivations(block: "nope", upcoming: [1])
        opened.startReadingActivations(block: "b", upcoming: [99, 1])
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("run/epoch_2/b.npy"))
        opened.startReadingActivations(block: "b", upcoming: [2, 1])
        NpyArrayRef.readAheadQueue.sync {}
        XCTAssertEqual(try opened.activations(block: "b", epoch: 1).values, ramp(3, 2))
    }

    // MARK: dtypes and files

    func testComplexDtypeIsUnsupported() throws {
        try folder.file("run/epoch_1/b.npy", rawNpy(dict: "{'descr': '<c8', 'fortran_order': False, 'shape': (2, 2), }", dataBytes: 32))
        assertLayoutError(try Run.open(at: run), contains: ["b.npy has dtype <c8", "complex numbers are not supported"])
    }

    func testObjectDtypeIsUnsupported() throws {
        try folder.file("run/epoch_1/b.npy", rawNpy(dict: "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", dataBytes: 16))
        assertLayoutError(try Run.open(at: run), contains: ["b.npy has dtype |O", "object arrays are not supported"])
    }

    func testStringDtypeIsUnsupported() throws {
        try folder.file("run/epoch_1/b.npy", rawNpy(dict: "{'descr': '<U3', 'fortran_order': False, 'shape': (2,), }", dataBytes: 24))
        assertLayoutError(try Run.open(at: run), contains: ["b.npy has dtype <U3", "strings are not supported"])
    }

    func testStructuredDtypeIsUnsupported() throws {
        try folder.file("run/epoch_1/b.npy", rawNpy(dict: "{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (2,), }", dataBytes: 16))
        assertLayoutError(try Run.open(at: run), contains: ["structured arrays are not supported"])
    }

    func testIntegersAsActivationsAreRejected() throws {
        try folder.file("run/epoch_1/b.npy", NpyWriter.encode(integers: [1, 2, 3, 4], shape: [2, 2], dtype: .int32))
        assertLayoutError(try Run.open(at: run), contains: ["b.npy holds int32 integers; activations must be float16, float32 or float64"])
    }

    func testBigEndianFortranActivationsReadCorrectly() throws {
        let values = ramp(3, 2)
        try folder.file("run/epoch_1/b.npy", NpyWriter.encode(floats: values, shape: [3, 2], dtype: NpyDType.float64.swappedToBigEndian,
                                                              fortranOrder: true))
        XCTAssertEqual(try Run.open(at: run).activations(block: "b", epoch: 1).values, values)
    }

    func testTruncatedFileSaysExpectedAndActualBytes() throws {
        let bytes = npy(ramp(3, 2), 3, 2)
        try folder.file("run/epoch_1/b.npy", Array(bytes.prefix(bytes.count - 8)))
        assertLayoutError(try Run.open(at: run), contains: ["b.npy is truncated: its header promises \(bytes.count) bytes but the file holds \(bytes.count - 8)"])
    }

    func testFileWithoutNumpyHeaderIsRejected() throws {
        try folder.file("run/epoch_1/b.npy", text: "x,y\n1,2\n")
        assertLayoutError(try Run.open(at: run), contains: ["b.npy is not a NumPy .npy file"])
    }

    func testMalformedHeaderDictIsRejected() throws {
        try folder.file("run/epoch_1/b.npy", rawNpy(dict: "{'descr': '<f4', 'shape': (2, 2), }", dataBytes: 16))
        assertLayoutError(try Run.open(at: run), contains: ["b.npy has a malformed NumPy header: 'fortran_order' is missing"])
    }

    func testDamagedArchiveIsRejected() throws {
        let zip = Array(try Data(contentsOf: Fixtures.url("deflated.npz")))
        try folder.file("run/epoch_1.npz", Array(zip.prefix(zip.count - 30)))
        assertLayoutError(try Run.open(at: run), contains: ["epoch_1.npz is not a readable .npz (ZIP) archive"])
    }

    func testCorruptDeflatedDataIsRejectedWhenRead() throws {
        var zip = Array(try Data(contentsOf: Fixtures.url("deflated.npz")))
        // Flip bytes late in the first member's compressed data (its header still inflates).
        let firstMemberDataEnd = 30 + "block1.npy".utf8.count + 20 + 103
        for i in (firstMemberDataEnd - 12) ..< (firstMemberDataEnd - 4) { zip[i] ^= 0x5A }
        try folder.file("run/epoch_1.npz", zip)
        let opened = try Run.open(at: run)
        assertLayoutError(try opened.activations(block: "block1", epoch: 1), contains: ["epoch_1.npz member block1.npy cannot be read"])
    }

    // MARK: labels and text files

    func testLabelOutsideTheClassListNamesIndexAndClasses() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(3, 2), 3, 2))
        try folder.file("run/labels.npy", NpyWriter.encode(integers: [0, 1, 2], shape: [3]))
        try folder.file("run/classes.txt", text: "cat\ndog\n")
        assertLayoutError(try Run.open(at: run), contains: ["labels.npy index 2: label 2 is outside the 2 classes of", "classes.txt"])
    }

    func testNegativeLabelIsRejected() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 2), 2, 2))
        try folder.file("run/labels.npy", NpyWriter.encode(integers: [0, -1], shape: [2], dtype: .int8))
        assertLayoutError(try Run.open(at: run), contains: ["labels.npy index 1: label -1 is outside 0..<1"])
    }

    func testMetricsCellThatIsNotANumberNamesLineAndColumn() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 2), 2, 2))
        try folder.file("run/metrics.csv", text: "epoch,val_acc\n1,0.5\n2,abc\n")
        assertLayoutError(try Run.open(at: run), contains: ["metrics.csv line 3, column 2: \"abc\" is not a number"])
    }

    func testRaggedMetricsRowNamesLine() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 2), 2, 2))
        try folder.file("run/metrics.csv", text: "epoch,val_acc\n1,0.5,7\n")
        assertLayoutError(try Run.open(at: run), contains: ["metrics.csv line 2 has 3 cells; expected 2"])
    }

    func testMetricsWithoutEpochColumnIsRejected() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 2), 2, 2))
        try folder.file("run/metrics.csv", text: "step,val_acc\n1,0.5\n")
        assertLayoutError(try Run.open(at: run), contains: ["metrics.csv has a bad header: the first column must be named epoch"])
    }

    func testNeuroMapperCellThatIsNotANumberNamesLine() throws {
        try folder.file("run/layer1_v/5_embedding.csv", text: "1,2\n3,oops\n")
        try folder.file("run/layer1_v/5_labels.csv", text: "0\n1\n")
        assertLayoutError(try Run.open(at: run).layoutSet(), contains: ["5_embedding.csv line 2, column 2: \"oops\" is not a number"])
    }

    func testNeuroMapperRaggedRowNamesLine() throws {
        try folder.file("run/layer1_v/5_embedding.csv", text: "1,2\n3\n")
        assertLayoutError(try Run.open(at: run).layoutSet(), contains: ["5_embedding.csv line 2 has 1 cells; expected 2"])
    }

    func testNeuroMapperEmbeddingWithAnotherNNamesBothFiles() throws {
        try folder.file("run/layer1_v/5_embedding.csv", text: "1,2\n3,4\n")
        try folder.file("run/layer1_v/10_embedding.csv", text: "1,2\n3,4\n5,6\n")
        try folder.file("run/layer1_v/5_labels.csv", text: "0\n1\n")
        // Row counts are checked as each file is read (the run opens reading one labels file).
        assertLayoutError(try Run.open(at: run).check(), contains: ["10_embedding.csv has 3 samples but", "5_labels.csv has 2"])
    }

    func testNeuroMapperBlockMissingAnEpochNamesIt() throws {
        try folder.file("run/layer1_v/5_embedding.csv", text: "1,2\n")
        try folder.file("run/layer1_v/10_embedding.csv", text: "1,2\n")
        try folder.file("run/layer2_v/5_embedding.csv", text: "1,2\n")
        assertLayoutError(try Run.open(at: run), contains: ["block layer2 is missing from epoch 10"])
    }

    // MARK: manifests

    func testRunJsonUnknownKeyIsRejected() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 2), 2, 2))
        try folder.file("run/run.json", text: #"{"blocs": ["b"]}"#)
        assertLayoutError(try Run.open(at: run), contains: ["run.json is invalid: unknown key \"blocs\""])
    }

    func testRunJsonBlockNotInTheRunIsRejected() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 2), 2, 2))
        try folder.file("run/run.json", text: #"{"blocks": ["c"]}"#)
        assertLayoutError(try Run.open(at: run), contains: ["run.json is invalid: block c is not in the run (blocks: b)"])
    }

    func testLayoutsBlockWithWrongShapeIsRejected() throws {
        try folder.file("run/epochs.npy", NpyWriter.encode(integers: [1, 2], shape: [2]))
        try folder.file("run/xy.npy", NpyWriter.encode(floats: ramp(3, 2), shape: [3, 2]))
        assertLayoutError(try Run.open(at: run), contains: ["xy.npy has shape [3, 2]; expected [E, N, 2] with E = 2 epochs"])
    }

    func testLayoutsDuplicateEpochIsRejected() throws {
        try folder.file("run/epochs.npy", NpyWriter.encode(integers: [1, 1], shape: [2]))
        try folder.file("run/xy.npy", NpyWriter.encode(floats: ramp(4, 2), shape: [2, 2, 2]))
        assertLayoutError(try Run.open(at: run), contains: ["epochs.npy holds epoch 1 more than once"])
    }

    func testInfinityInLayoutsIsFoundByCheck() throws {
        var values = ramp(4, 2)
        values[5] = .infinity
        try folder.file("run/epochs.npy", NpyWriter.encode(integers: [1, 2], shape: [2]))
        try folder.file("run/xy.npy", NpyWriter.encode(floats: values, shape: [2, 2, 2]))
        assertLayoutError(try Run.open(at: run).check(), contains: ["xy.npy holds 1 NaN or infinite value; the first is at row 0, column 1"])
    }

    // MARK: usage

    func testUnknownBlockAndEpochAreUsageErrors() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 2), 2, 2))
        let opened = try Run.open(at: run)
        XCTAssertThrowsError(try opened.activations(block: "zz", epoch: 1)) { error in
            XCTAssertEqual(error as? SelectionError, .unknownBlock(block: "zz", blocks: ["b"]))
            XCTAssertEqual("\(error)", "no block named zz; blocks: b")
        }
        XCTAssertThrowsError(try opened.activations(block: "b", epoch: 9)) { error in
            XCTAssertEqual(error as? SelectionError, .unknownEpoch(epoch: 9, epochs: [1]))
            XCTAssertEqual("\(error)", "no epoch 9; epochs: 1 (1)")
        }
    }

    func testVariantForANonNeuroMapperRunIsAUsageError() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 2), 2, 2))
        assertLayoutError(try Run.open(at: run, variant: "x"), contains: ["--variant does not apply"])
    }

    func testActivationRunWithWideBlocksIsNotALayoutSet() throws {
        try folder.file("run/epoch_1/b.npy", npy(ramp(2, 3), 2, 3))
        assertLayoutError(try Run.open(at: run).layoutSet(), contains: ["block b is not 2D"])
    }
}
