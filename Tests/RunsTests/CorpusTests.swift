import Foundation
import XCTest
import LayoutModel
@testable import Runs

/// The regression corpus of issue 13 (`Fixtures/corpus`, written by
/// `python3 scripts/fuzz.py --write-corpus Tests/RunsTests/Fixtures/corpus`): inputs that once
/// crashed, hung, over-allocated or were accepted although damaged. Each must now fail, in
/// process and without a trap, with a `RunError` holding the fragments of its `expected.txt`
/// (the offending file first).
final class CorpusTests: XCTestCase {
    private var corpus: URL { Fixtures.url("corpus") }

    private func cases() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Everything a command may read: open, then every array (`check`), then the layouts.
    private func readEverything(_ run: URL) throws {
        let opened = try Run.open(at: run)
        try opened.check()
        if opened.kind == .layouts { _ = try opened.layoutSet() }
    }

    func testTheCorpusHoldsTheIssuesCases() throws {
        let names = Set(try cases())
        for required in ["shape-2p62-squared", "shape-2p63-minus-1-by-64", "run-json-empty-blocks", "npz-declared-size-0xfffffff0",
                         "npz-zip64-10gib", "npz-stored-wrong-crc", "npy-trailing-data", "npz-duplicate-members",
                         "run-json-duplicate-key", "npz-traversal-name"] {
            XCTAssertTrue(names.contains(required), "corpus case \(required) is missing")
        }
    }

    func testEveryCorpusCaseFailsWithOneSentenceNamingItsFile() throws {
        for name in try cases() {
            let folder = corpus.appendingPathComponent(name)
            let expected = try String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            do {
                try readEverything(folder.appendingPathComponent("run"))
                XCTFail("\(name): read without an error")
            } catch let error as RunError {
                let message = error.description
                XCTAssertFalse(message.contains("\n"), "\(name): more than one line: \(message)")
                for fragment in expected {
                    XCTAssertTrue(message.contains(fragment), "\(name): \"\(message)\" lacks \"\(fragment)\"")
                }
            } catch {
                XCTFail("\(name): not a RunError: \(error)")
            }
        }
    }
}

/// Special files and files that change while they are read.
final class HostileFileTests: XCTestCase {
    func testFIFOsAreRefusedWithoutBlocking() throws {
        let folder = try TemporaryFolder()
        try folder.file("run/epoch_0/b.npy", npy(ramp(3, 2), 3, 2))
        for name in ["run/labels.npy", "run/classes.txt", "run/epoch_0/c.npy"] {
            let path = folder.url.appendingPathComponent(name).path
            XCTAssertEqual(mkfifo(path, 0o644), 0)
            assertLayoutError(try Run.open(at: folder.url.appendingPathComponent("run")), contains: [path, "FIFO"])
            try FileManager.default.removeItem(atPath: path)
        }
    }

    func testAFileThatShrinksAfterOpeningIsAnErrorNotSIGBUS() throws {
        let folder = try TemporaryFolder()
        let file = try folder.file("run/epoch_0/b.npy", npy(ramp(1000, 8), 1000, 8))
        let run = try Run.open(at: folder.url.appendingPathComponent("run"))
        XCTAssertEqual(truncate(file.path, 200), 0)
        assertLayoutError(try run.activations(block: "b", epoch: 0), contains: [file.path, "shorter"])
    }
}
