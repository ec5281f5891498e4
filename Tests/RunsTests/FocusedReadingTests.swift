import XCTest
import LayoutModel
@testable import Runs

/// A run opened with a focus reads only the focused blocks and epochs: a damaged file
/// anywhere else never fails the command, while opening the whole run (what `inspect --check`
/// does) still names it.
final class FocusedReadingTests: XCTestCase {
    /// A NeuroMapper folder: blocks layer1 and layer2, epochs 5, 10, 15, three samples.
    func neuroMapperFolder(_ folder: TemporaryFolder) throws -> URL {
        for block in ["layer1", "layer2"] {
            for epoch in [5, 10, 15] {
                try folder.file("nm/\(block)_pre_embeded_(20, 0.1)/\(epoch)_embedding.csv", text: "\(epoch),1\n2,3\n4,5\n")
                try folder.file("nm/\(block)_pre_embeded_(20, 0.1)/\(epoch)_labels.csv", text: "1.0\n0.0\n1.0\n")
            }
        }
        return folder.url.appendingPathComponent("nm")
    }

    func testNeuroMapperFilesOutsideTheFocusAreNeverRead() throws {
        let folder = try TemporaryFolder()
        let url = try neuroMapperFolder(folder)
        let layer1 = "nm/layer1_pre_embeded_(20, 0.1)"
        let layer2 = "nm/layer2_pre_embeded_(20, 0.1)"
        // Damage of every kind outside layer2 at epochs 10 and 15: the first labels file of
        // the run, an embedding that is not numbers, a ragged one, one with another row count,
        // and labels that disagree.
        try folder.file("\(layer1)/5_labels.csv", text: "not a label\n")
        try folder.file("\(layer1)/10_embedding.csv", text: "x,y\n")
        try folder.file("\(layer1)/15_embedding.csv", text: "1\n2\n3\n")
        try folder.file("\(layer2)/5_embedding.csv", text: "1,2\n")
        try folder.file("\(layer2)/5_labels.csv", text: "0\n0\n0\n")
        let run = try Run.open(at: url, focus: RunFocus(blocks: ["layer2"], epochs: [10, 15]))
        XCTAssertEqual(run.blocks.map(\.name), ["layer2"])
        XCTAssertEqual(run.samples.labels, [1, 0, 1])
        let layouts = try run.layoutSet(blocks: ["layer2"], epochs: [10, 15])
        XCTAssertEqual(layouts.blocks[0].positions, [[10, 1, 2, 3, 4, 5], [15, 1, 2, 3, 4, 5]])
        assertLayoutError(try Run.open(at: url), contains: ["5_labels.csv", "not a number"])
    }

    func testADamagedNeuroMapperFileInTheFocusIsNamedWhenRead() throws {
        let folder = try TemporaryFolder()
        let url = try neuroMapperFolder(folder)
        try folder.file("nm/layer2_pre_embeded_(20, 0.1)/15_embedding.csv", text: "1,2\n3,4\n")
        let run = try Run.open(at: url, focus: RunFocus(blocks: ["layer2"], epochs: [10, 15]))
        assertLayoutError(try run.layoutSet(blocks: ["layer2"], epochs: [10, 15]),
                          contains: ["15_embedding.csv", "2", "3", "10_labels.csv"])
        // The whole run opens (only one labels file is read) and its check names the file.
        assertLayoutError(try Run.open(at: url).check(), contains: ["layer2_pre_embeded_(20, 0.1)/15_embedding.csv"])
    }

    func testOfSeveralDamagedEpochsTheFirstInOrderIsNamedThoughTheyAreReadTogether() throws {
        // The epochs' files are parsed concurrently; the error must still be the one reading
        // them in order would give, whichever file a worker finishes first.
        let folder = try TemporaryFolder()
        let url = try neuroMapperFolder(folder)
        try folder.file("nm/layer1_pre_embeded_(20, 0.1)/10_embedding.csv", text: "1,2\n3,x\n5,6\n")
        try folder.file("nm/layer1_pre_embeded_(20, 0.1)/15_embedding.csv", text: "1,2\n")
        let run = try Run.open(at: url)
        for _ in 0..<5 {
            assertLayoutError(try run.layoutSet(blocks: ["layer1"], epochs: [5, 10, 15]), contains: ["10_embedding.csv"])
            assertLayoutError(try run.layoutSet(blocks: ["layer1"], epochs: [15, 10]), contains: ["15_embedding.csv"])
        }
        XCTAssertEqual(try run.layoutSet(blocks: ["layer1"], epochs: [5]).blocks[0].positions, [[5, 1, 2, 3, 4, 5]])
    }

    func testAnUnknownBlockInTheFocusListsEveryBlock() throws {
        let folder = try TemporaryFolder()
        XCTAssertThrowsError(try Run.open(at: try neuroMapperFolder(folder), focus: RunFocus(blocks: ["layer9"]))) { error in
            XCTAssertEqual(error as? SelectionError, .unknownBlock(block: "layer9", blocks: ["layer1", "layer2"]))
        }
    }

    func testTheOutlineOffersEveryBlockAndEpochBeforeAnythingIsRead() throws {
        let folder = try TemporaryFolder()
        let url = try neuroMapperFolder(folder)
        try folder.file("nm/layer1_pre_embeded_(20, 0.1)/5_labels.csv", text: "not a label\n")
        var seen: RunOutline?
        let run = try Run.open(at: url) { outline in
            seen = outline
            return RunFocus(blocks: [outline.blocks.last!], epochs: [outline.epochs.last!])
        }
        XCTAssertEqual(seen, RunOutline(blocks: ["layer1", "layer2"], epochs: [5, 10, 15]))
        XCTAssertEqual(run.focus, RunFocus(blocks: ["layer2"], epochs: [15]))
    }

    /// An activations run: blocks conv (D = 3) and fc (D = 2), epochs 0 and 5, four samples.
    func activationsRun(_ folder: TemporaryFolder) throws -> URL {
        for epoch in [0, 5] {
            try folder.file("run/epoch_\(epoch)/conv.npy", npy(ramp(4, 3, offset: Float(epoch)), 4, 3))
            try folder.file("run/epoch_\(epoch)/fc.npy", npy(ramp(4, 2), 4, 2))
        }
        return folder.url.appendingPathComponent("run")
    }

    func testADamagedActivationsFileOfAnotherBlockDoesNotFailTheFocusedBlock() throws {
        let folder = try TemporaryFolder()
        let url = try activationsRun(folder)
        try folder.file("run/epoch_5/fc.npy", Array(npy(ramp(4, 2), 4, 2).dropLast(5)))
        let run = try Run.open(at: url, focus: RunFocus(blocks: ["conv"]))
        XCTAssertEqual(run.blocks.map(\.name), ["conv"])
        XCTAssertEqual(try run.activations(block: "conv", epoch: 5).values, ramp(4, 3, offset: 5))
        assertLayoutError(try Run.open(at: url), contains: ["epoch_5/fc.npy", "truncated"])
        assertLayoutError(try Run.open(at: url, focus: RunFocus(blocks: ["fc"])), contains: ["epoch_5/fc.npy", "truncated"])
    }

    func testAFocusedTwoDimensionalBlockOfAMixedRunIsStillLaidOut() throws {
        let folder = try TemporaryFolder()
        let url = try activationsRun(folder)
        let run = try Run.open(at: url, focus: RunFocus(blocks: ["fc"]))
        XCTAssertEqual(run.blocks.map(\.dimension), [2])
        XCTAssertEqual(run.kind, .activations, "conv has D = 3, so the run's 2D block is laid out like conv")
        try FileManager.default.removeItem(at: url.appendingPathComponent("epoch_0/conv.npy"))
        try FileManager.default.removeItem(at: url.appendingPathComponent("epoch_5/conv.npy"))
        XCTAssertEqual(try Run.open(at: url, focus: RunFocus(blocks: ["fc"])).kind, .layouts)
    }

    func testADamagedArchiveMemberOfAnotherBlockDoesNotFailTheFocusedBlock() throws {
        let folder = try TemporaryFolder()
        // stored.npz holds block1 (float32) and block2 (float16), both [3, 4]; its member
        // block2.npy is made to claim more rows than it holds.
        var archive = Array(try Data(contentsOf: Fixtures.url("stored.npz")))
        let shape = Array("(3, 4)".utf8), wrong = Array("(9, 4)".utf8)
        let at = (0 ..< archive.count - shape.count).filter { Array(archive[$0 ..< $0 + shape.count]) == shape }
        XCTAssertEqual(at.count, 2, "one shape per member")
        archive.replaceSubrange(at[1] ..< at[1] + wrong.count, with: wrong)
        try folder.file("run/epoch_1.npz", archive)
        let url = folder.url.appendingPathComponent("run")
        let run = try Run.open(at: url, focus: RunFocus(blocks: ["block1"]))
        XCTAssertEqual(try run.activations(block: "block1", epoch: 1).values, Fixtures.base)
        assertLayoutError(try Run.open(at: url), contains: ["epoch_1.npz (member block2.npy)"])
    }

    func testALayoutsFolderReadsOnlyTheFocusedBlocksAndEpochs() throws {
        let folder = try TemporaryFolder()
        let samples = SampleTable(ids: ["0", "1"], labels: [0, 1], classNames: ["a", "b"])
        let set = LayoutSet(runName: "toy", epochs: [1, 2, 3], blocks: [
            BlockLayout(name: "a", positions: [[0, 0, 1, 1], [2, 2, 3, 3], [4, 4, 5, 5]]),
            BlockLayout(name: "b", positions: [[0, 0, 0, 0], [.infinity, 0, 0, 0], [6, 6, 7, 7]]),
        ], samples: samples)
        let url = folder.url.appendingPathComponent("layouts")
        try LayoutsFolderWriter.write(set, parameters: [:], to: url)
        try folder.file("layouts/a.npy", Array("damaged".utf8))
        let run = try Run.open(at: url, focus: RunFocus(blocks: ["b"], epochs: [1, 3]))
        XCTAssertEqual(try run.layoutSet(blocks: ["b"], epochs: [1, 3]).blocks[0].positions, [[0, 0, 0, 0], [6, 6, 7, 7]])
        assertLayoutError(try run.layoutSet(blocks: ["b"], epochs: [2]), contains: ["b.npy", "infinite"])
        assertLayoutError(try Run.open(at: url), contains: ["a.npy"])
    }
}
