import Encode
import Foundation
import XCTest

final class OutputKindTests: XCTestCase {
    func testExtensionsChooseTheFormat() throws {
        XCTAssertEqual(try OutputKind(destination: URL(fileURLWithPath: "/tmp/talk.mp4")), .mp4)
        XCTAssertEqual(try OutputKind(destination: URL(fileURLWithPath: "/tmp/TALK.MP4")), .mp4)
        XCTAssertEqual(try OutputKind(destination: URL(fileURLWithPath: "/tmp/readme.gif")), .gif)
        XCTAssertEqual(try OutputKind(destination: URL(fileURLWithPath: "/tmp/web.webm")), .webm)
        XCTAssertEqual(try OutputKind(destination: URL(fileURLWithPath: "/tmp/frames")), .pngSequence)
        XCTAssertEqual(try OutputKind(destination: URL(fileURLWithPath: "/tmp/frames.v2/", isDirectory: true)), .pngSequence)
    }

    func testUnknownExtensionIsAOneLineErrorListingTheChoices() {
        XCTAssertThrowsError(try OutputKind(destination: URL(fileURLWithPath: "/tmp/talk.avi"))) { error in
            let error = error as? EncodeError
            XCTAssertEqual(error, .unknownExtension(path: "/tmp/talk.avi", pathExtension: "avi"))
            XCTAssertEqual(error?.description,
                           "cannot write /tmp/talk.avi: extension '.avi' is not a video format; use .mp4, .gif, .webm, or a folder (no extension) for a PNG sequence")
        }
    }

    func testFactoryOpensTheMatchingSink() throws {
        let scratch = try ScratchFolder(name)
        defer { scratch.remove() }
        let settings = EncodeSettings(gif: GIFSettings(keyColors: SyntheticScene.keyColors))
        let mp4 = try makeFrameSink(destination: scratch.file("a.mp4"), width: 64, height: 36, settings: settings)
        XCTAssertTrue(mp4 is VideoFileSink)
        mp4.cancel()
        let gif = try makeFrameSink(destination: scratch.file("a.gif"), width: 64, height: 36, settings: settings)
        XCTAssertTrue(gif is GIFSink)
        gif.cancel()
        let png = try makeFrameSink(destination: scratch.file("frames"), width: 63, height: 35, settings: settings)
        XCTAssertTrue(png is PNGSequenceSink)
        png.cancel()
        XCTAssertEqual(try scratch.contents(), [])
    }

    func testWebmIsVP9WhenTheEncoderExists() throws {
        guard VideoContainer.webm.isAvailable else { throw XCTSkip("this FFmpeg has no libvpx-vp9") }
        let scratch = try ScratchFolder(name)
        defer { scratch.remove() }
        let scene = SyntheticScene(width: 128, height: 72, radius: 5)
        let file = scratch.file("clip.webm")
        try scene.encode(10, to: try makeFrameSink(destination: file, width: 128, height: 72, settings: EncodeSettings()))
        let stream = try FFprobe.videoStream(file)
        XCTAssertEqual(stream["codec_name"] as? String, "vp9")
        XCTAssertEqual(stream["nb_read_frames"] as? String, "10")
        XCTAssertEqual(stream["color_space"] as? String, "bt709")
    }

    func testWebmSameFramesGiveTheSameBytes() throws {
        guard VideoContainer.webm.isAvailable else { throw XCTSkip("this FFmpeg has no libvpx-vp9") }
        let scratch = try ScratchFolder(name)
        defer { scratch.remove() }
        let scene = SyntheticScene(width: 128, height: 72, radius: 5)
        var files: [Data] = []
        for name in ["a.webm", "b.webm"] {
            let file = scratch.file(name)
            try scene.encode(6, to: try makeFrameSink(destination: file, width: 128, height: 72, settings: EncodeSettings()))
            files.append(try Data(contentsOf: file))
        }
        XCTAssertEqual(files[0], files[1])
    }
}

final class EmptyOutputTests: XCTestCase {
    func testFinishingWithoutFramesIsAnErrorAndLeavesNothing() throws {
        let scratch = try ScratchFolder(name)
        defer { scratch.remove() }
        let settings = EncodeSettings(gif: GIFSettings(keyColors: SyntheticScene.keyColors))
        for name in ["empty.mp4", "empty.gif", "empty-frames"] {
            let sink = try makeFrameSink(destination: scratch.file(name), width: 64, height: 36, settings: settings)
            XCTAssertThrowsError(try sink.finish()) { error in
                XCTAssertEqual(error as? EncodeError, .noFrames(path: scratch.file(name).path))
            }
        }
        XCTAssertEqual(try scratch.contents(), [])
    }
}

final class OutputKindOverFoldersTests: XCTestCase {
    /// `-o x.mp4` asks for an MP4 even when a folder has that name (the output rule then refuses
    /// to replace the folder); only a path without a video extension becomes a frames folder.
    func testAVideoExtensionDecidesEvenOverAnExistingFolder() throws {
        let scratch = try ScratchFolder(name)
        defer { scratch.remove() }
        let folder = scratch.file("x.mp4")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        XCTAssertEqual(try OutputKind(destination: folder), .mp4)
        let frames = scratch.file("frames.v2")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: false)
        XCTAssertEqual(try OutputKind(destination: frames), .pngSequence)
    }
}
