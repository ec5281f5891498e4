import Foundation
import XCTest
@testable import AtomicOutput

final class AtomicOutputTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    func testCommitMovesTheFileIntoPlace() throws {
        let dest = folder.appendingPathComponent("out.bin")
        let out = try AtomicOutput(destination: dest)
        try Data([1, 2, 3]).write(to: out.temporary)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dest.path))
        try out.commit()
        XCTAssertEqual(try Data(contentsOf: dest), Data([1, 2, 3]))
        XCTAssertEqual(try contents(), ["out.bin"])
    }

    func testDiscardLeavesAnExistingFileUntouched() throws {
        let dest = folder.appendingPathComponent("out.bin")
        try Data([9]).write(to: dest)
        let out = try AtomicOutput(destination: dest)
        try Data([1, 2, 3]).write(to: out.temporary)
        out.discard()
        XCTAssertEqual(try Data(contentsOf: dest), Data([9]))
        XCTAssertEqual(try contents(), ["out.bin"])
    }

    func testDroppingAnUncommittedOutputRemovesIt() throws {
        let dest = folder.appendingPathComponent("out.bin")
        do {
            let out = try AtomicOutput(destination: dest)
            try Data([1]).write(to: out.temporary)
        }
        XCTAssertEqual(try contents(), [])
    }

    func testCommitReplacesAFolderNMRenderWrote() throws {
        let dest = folder.appendingPathComponent("frames")
        try FileManager.default.createDirectory(at: dest, withIntermediateDirectories: false)
        try Data([0]).write(to: dest.appendingPathComponent("old.png"))
        try Data().write(to: dest.appendingPathComponent(AtomicOutput.markerName))
        let out = try AtomicOutput(destination: dest, isDirectory: true)
        try Data([1]).write(to: out.temporary.appendingPathComponent("frame_000001.png"))
        try out.commit()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dest.path).sorted(),
                       [AtomicOutput.markerName, "frame_000001.png"])
        XCTAssertEqual(try contents(), ["frames"])
    }

    func testMissingFolderIsACannotCreateError() {
        let dest = folder.appendingPathComponent("no/such/out.mp4")
        XCTAssertThrowsError(try AtomicOutput(destination: dest)) { error in
            guard case OutputError.cannotCreate(let path, let reason)? = error as? OutputError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(path, dest.path)
            XCTAssertTrue(reason.contains("does not exist"), reason)
        }
    }

    func testPendingOutputsAreRegisteredForInterruptCleanup() throws {
        let out = try AtomicOutput(destination: folder.appendingPathComponent("x.gif"))
        XCTAssertTrue(InterruptCleanup.shared.pending.contains(out.temporary.path))
        out.discard()
        XCTAssertFalse(InterruptCleanup.shared.pending.contains(out.temporary.path))
    }
}
