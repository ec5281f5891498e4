import Encode
import Foundation
import XCTest

final class MP4SinkTests: XCTestCase {
    private var scratch: ScratchFolder!
    private let scene = SyntheticScene(width: 320, height: 180)
    private let frameCount = 48
    private let settings = VideoSettings(fps: 24, title: "Block 3 over training", toolVersion: "nm-render 0.1-test")

    override func setUpWithError() throws { scratch = try ScratchFolder(name) }
    override func tearDown() { scratch.remove() }

    private func encodeDefault() throws -> URL {
        let file = scratch.file("clip.mp4")
        let sink = try VideoFileSink(destination: file, width: scene.width, height: scene.height, settings: settings)
        try scene.encode(frameCount, to: sink)
        return file
    }

    func testStreamIsH264Yuv420pWithTheFrameCountFpsDurationAndSize() throws {
        let file = try encodeDefault()
        let stream = try FFprobe.videoStream(file)
        XCTAssertEqual(stream["codec_name"] as? String, "h264")
        XCTAssertEqual(stream["pix_fmt"] as? String, "yuv420p")
        XCTAssertEqual(stream["width"] as? Int, 320)
        XCTAssertEqual(stream["height"] as? Int, 180)
        XCTAssertEqual(stream["nb_read_frames"] as? String, "\(frameCount)")
        XCTAssertEqual(stream["r_frame_rate"] as? String, "24/1")
        XCTAssertEqual(stream["avg_frame_rate"] as? String, "24/1")
        let duration = try XCTUnwrap((stream["duration"] as? String).flatMap(Double.init))
        XCTAssertEqual(duration, Double(frameCount) / 24, accuracy: 0.001)
    }

    func testStreamIsTaggedBT709LimitedRange() throws {
        let stream = try FFprobe.videoStream(try encodeDefault())
        XCTAssertEqual(stream["color_space"] as? String, "bt709")
        XCTAssertEqual(stream["color_primaries"] as? String, "bt709")
        XCTAssertEqual(stream["color_transfer"] as? String, "bt709")
        XCTAssertEqual(stream["color_range"] as? String, "tv")
    }

    func testMetadataHasTitleAndCommentWithToolVersionAndSettings() throws {
        let tags = try XCTUnwrap(try FFprobe.format(try encodeDefault())["tags"] as? [String: Any])
        XCTAssertEqual(tags["title"] as? String, "Block 3 over training")
        let comment = try XCTUnwrap(tags["comment"] as? String)
        XCTAssertTrue(comment.hasPrefix("nm-render 0.1-test;"), comment)
        XCTAssertTrue(comment.contains("libx264"), comment)
        XCTAssertTrue(comment.contains("crf=\(VideoSettings.defaultH264CRF)"), comment)
        XCTAssertTrue(comment.contains("preset=\(VideoSettings.defaultH264Preset)"), comment)
        XCTAssertTrue(comment.contains("fps=24"), comment)
    }

    func testDecodedFramesMatchTheSourceAtLeast35dBAtTheDefaultCRF() throws {
        let decoded = try DecodedVideo(file: try encodeDefault())
        XCTAssertEqual(decoded.frames.count, frameCount)
        var worst = Double.infinity
        for index in [0, 1, frameCount / 2, frameCount - 1] {
            let source = scene.buffer(frame: index)
            worst = min(worst, decoded.psnr(frame: index, against: source.pointer, bytesPerRow: source.bytesPerRow))
        }
        XCTAssertGreaterThanOrEqual(worst, 35, "worst frame PSNR \(worst) dB")
    }

    func testFileHasMoovBeforeMdat() throws {
        let atoms = try TopLevelAtoms.names(in: try encodeDefault())
        let moov = try XCTUnwrap(atoms.firstIndex(of: "moov"), "atoms: \(atoms)")
        let mdat = try XCTUnwrap(atoms.firstIndex(of: "mdat"), "atoms: \(atoms)")
        XCTAssertEqual(atoms.first, "ftyp")
        XCTAssertLessThan(moov, mdat, "atoms: \(atoms)")
    }

    func testSameFramesGiveTheSameBytes() throws {
        let first = try Data(contentsOf: try encodeDefault())
        let second = try Data(contentsOf: try encodeDefault())
        XCTAssertEqual(first, second)
    }

    func testExistingFileIsReplacedOnlyOnSuccess() throws {
        let file = scratch.file("clip.mp4")
        try Data("old".utf8).write(to: file)
        let sink = try VideoFileSink(destination: file, width: scene.width, height: scene.height, settings: settings)
        try sink.write(scene.buffer(frame: 0).frame)
        sink.cancel()
        XCTAssertEqual(try Data(contentsOf: file), Data("old".utf8))
        _ = try encodeDefault()
        XCTAssertNotEqual(try Data(contentsOf: file), Data("old".utf8))
        XCTAssertEqual(try scratch.contents(), ["clip.mp4"])
    }

    func testOddSizeIsRejectedWithTheSizeToUse() throws {
        XCTAssertThrowsError(try VideoFileSink(destination: scratch.file("odd.mp4"), width: 801, height: 450)) { error in
            let error = error as? EncodeError
            guard case .oddSize = error else { return XCTFail("\(String(describing: error))") }
            XCTAssertTrue(error!.description.contains("801x450"))
            XCTAssertTrue(error!.description.contains("802x450"))
        }
        XCTAssertEqual(try scratch.contents(), [])
    }

    func testUnknownPresetIsRejectedNamingThePresets() throws {
        let settings = VideoSettings(preset: "warp")
        XCTAssertThrowsError(try VideoFileSink(destination: scratch.file("p.mp4"), width: 64, height: 64, settings: settings)) { error in
            XCTAssertTrue("\(error)".contains("preset 'warp' is invalid"), "\(error)")
            XCTAssertTrue("\(error)".contains("veryfast"), "\(error)")
        }
    }

    func testFrameOfTheWrongSizeFailsAndLeavesNothing() throws {
        let sink = try VideoFileSink(destination: scratch.file("clip.mp4"), width: 64, height: 64)
        let wrong = PixelBuffer(width: 32, height: 32)
        XCTAssertThrowsError(try sink.write(wrong.frame)) { error in
            XCTAssertTrue("\(error)".contains("frame 0 is 32x32"), "\(error)")
        }
        XCTAssertEqual(try scratch.contents(), [])
        XCTAssertThrowsError(try sink.finish())
    }
}
