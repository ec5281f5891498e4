import XCTest
import LayoutModel
@testable import Runs

/// NeuroMapper demo folders built in a temporary folder (names with spaces, parentheses, commas).
final class NeuroMapperFolderTests: XCTestCase {
    /// Two blocks; variants `(20, 0.1)` and `overfit` for layer1, `(20, 0.1)` for layer2.
    func makeFolder(_ folder: TemporaryFolder) throws -> URL {
        for sub in ["layer1_pre_embeded_(20, 0.1)", "layer2_pre_embeded_(20, 0.1)", "layer1_overfit"] {
            for epoch in [5, 10, 100] {
                let x = sub.hasPrefix("layer2") ? 2 : 1
                try folder.file("nm/\(sub)/\(epoch)_embedding.csv",
                                text: "\(x).5,\(epoch)\n-1e-01,2.000000000000000000e+00\n3,4\n")
                try folder.file("nm/\(sub)/\(epoch)_labels.csv",
                                text: "2.000000000000000000e+00\n0.000000000000000000e+00\n1.000000000000000000e+00\n")
            }
        }
        return folder.url.appendingPathComponent("nm")
    }

    func testVariantIsChosenByASubstringOfItsName() throws {
        let folder = try TemporaryFolder()
        let run = try Run.open(at: try makeFolder(folder), variant: "(20, 0.1)")
        XCTAssertEqual(run.variant, "pre_embeded_(20, 0.1)")
        XCTAssertEqual(run.blocks.map(\.name), ["layer1", "layer2"])
        XCTAssertEqual(run.epochs, [5, 10, 100])
        XCTAssertEqual(run.samples.labels, [2, 0, 1])
        let layouts = try run.layoutSet()
        XCTAssertEqual(layouts.blocks[1].positions[2], [2.5, 100, -0.1, 2, 3, 4])
    }

    func testExactVariantNameSelectsIt() throws {
        let folder = try TemporaryFolder()
        let run = try Run.open(at: try makeFolder(folder), variant: "overfit")
        XCTAssertEqual(run.blocks.map(\.name), ["layer1"])
    }

    func testSeveralVariantsWithoutAChoiceListThem() throws {
        let folder = try TemporaryFolder()
        assertLayoutError(try Run.open(at: try makeFolder(folder)),
                          contains: ["several variants", "--variant", "overfit", "pre_embeded_(20, 0.1)"])
    }

    func testUnknownVariantListsTheVariants() throws {
        let folder = try TemporaryFolder()
        assertLayoutError(try Run.open(at: try makeFolder(folder), variant: "(100, 0.7)"),
                          contains: ["no variant matching \"(100, 0.7)\"", "overfit; pre_embeded_(20, 0.1)"])
    }

    func testLabelsThatDifferBetweenFilesAreReportedByCheck() throws {
        let folder = try TemporaryFolder()
        let url = try makeFolder(folder)
        try folder.file("nm/layer2_pre_embeded_(20, 0.1)/10_labels.csv", text: "2\n1\n1\n")
        let run = try Run.open(at: url, variant: "(20")
        assertLayoutError(try run.check(), contains: ["10_labels.csv index 1", "label differs from", "5_labels.csv"])
    }
}
