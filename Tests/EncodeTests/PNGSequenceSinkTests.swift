import Encode
import Foundation
import XCTest

final class PNGSequenceSinkTests: XCTestCase {
    private var scratch: ScratchFolder!
    private let scene = SyntheticScene(width: 96, height: 54, radius: 5)

    override func setUpWithError() throws { scratch = try ScratchFolder(name) }
    override func tearDown() { scratch.remove() }

    private func encode(_ count: Int, to name: String = "frames") throws -> URL {
        let folder = scratch.file(name)
        try scene.encode(count, to: try PNGSequenceSink(destination: folder, width: scene.width, height: scene.height))
        return folder
    }

    func testFolderHoldsNumberedFramesFromOne() throws {
        let folder = try encode(12)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(names, [".nm-render-output"] + (1...12).map { String(format: "frame_%06d.png", $0) })
        XCTAssertEqual(try scratch.contents(), ["frames"])
    }

    func testFramesDecodeToTheExactPixels() throws {
        let folder = try encode(3)
        for index in 0..<3 {
            let decoded = try DecodedVideo(file: folder.appendingPathComponent(PNGSequenceSink.fileName(forFrame: index)))
            let source = scene.buffer(frame: index)
            XCTAssertEqual(decoded.psnr(frame: 0, against: source.pointer, bytesPerRow: source.bytesPerRow), .infinity)
        }
    }

    func testSameFramesGiveTheSameBytes() throws {
        let a = try encode(2, to: "a"), b = try encode(2, to: "b")
        for name in ["frame_000001.png", "frame_000002.png"] {
            XCTAssertEqual(try Data(contentsOf: a.appendingPathComponent(name)), try Data(contentsOf: b.appendingPathComponent(name)))
        }
    }

    func testCancelLeavesNoFolder() throws {
        let sink = try PNGSequenceSink(destination: scratch.file("frames"), width: scene.width, height: scene.height)
        try sink.write(scene.buffer(frame: 0).frame)
        sink.cancel()
        XCTAssertEqual(try scratch.contents(), [])
    }

    func testExistingFolderIsReplacedOnFinish() throws {
        _ = try encode(5)
        let folder = try encode(2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).count, 3, "2 frames and the marker")
        XCTAssertEqual(try scratch.contents(), ["frames"])
    }

    func testAFolderOfOtherFilesIsRefusedAndKept() throws {
        let folder = scratch.file("frames")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        XCTAssertThrowsError(try PNGSequenceSink(destination: folder, width: scene.width, height: scene.height)) { error in
            guard case EncodeError.output(.refused)? = error as? EncodeError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["notes.txt"])
    }

    func testLegacyFramesFoldersAreRecognisedByTheirNamesOnly() {
        XCTAssertTrue(PNGSequenceSink.isFramesFolder(["frame_000001.png", "frame_000002.png"]))
        XCTAssertTrue(PNGSequenceSink.isFramesFolder(["frame_1000000.png"]))
        XCTAssertFalse(PNGSequenceSink.isFramesFolder(["frame_000001.png", "notes.txt"]))
        XCTAssertFalse(PNGSequenceSink.isFramesFolder(["frame_01.png"]))
        XCTAssertFalse(PNGSequenceSink.isFramesFolder(["frame_00000a.png"]))
    }
}
