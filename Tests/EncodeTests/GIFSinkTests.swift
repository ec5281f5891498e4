import Encode
import Foundation
import XCTest

final class GIFSinkTests: XCTestCase {
    private var scratch: ScratchFolder!
    private let scene = SyntheticScene(width: 160, height: 90, radius: 6)
    private let frameCount = 30

    override func setUpWithError() throws { scratch = try ScratchFolder(name) }
    override func tearDown() { scratch.remove() }

    private func encode(fps: Int = 15, frames: Int? = nil, loopCount: Int = 0) throws -> URL {
        let file = scratch.file("clip.gif")
        let settings = GIFSettings(fps: fps, keyColors: SyntheticScene.keyColors, loopCount: loopCount)
        let sink = try GIFSink(destination: file, width: scene.width, height: scene.height, settings: settings)
        try scene.encode(frames ?? frameCount, to: sink)
        return file
    }

    func testDecodesToEveryFrameAtTheRightSize() throws {
        let file = try encode()
        let stream = try FFprobe.videoStream(file)
        XCTAssertEqual(stream["codec_name"] as? String, "gif")
        XCTAssertEqual(stream["nb_read_frames"] as? String, "\(frameCount)")
        XCTAssertEqual(stream["width"] as? Int, scene.width)
        XCTAssertEqual(stream["height"] as? Int, scene.height)
    }

    func testLoopsForeverViaTheNetscapeExtension() throws {
        XCTAssertEqual(try NetscapeLoop.count(in: try encode()), 0)
        XCTAssertEqual(try NetscapeLoop.count(in: try encode(loopCount: 2)), 2)
    }

    func testClassColoursAppearExactlyInDecodedFrames() throws {
        let decoded = try DecodedVideo(file: try encode())
        XCTAssertEqual(decoded.frames.count, frameCount)
        for index in [0, 7, frameCount - 1] {
            let pixels = decoded.frames[index]
            func color(_ x: Int, _ y: Int) -> RGB {
                let p = (y * decoded.width + x) * 4
                return RGB(pixels[p + 2], pixels[p + 1], pixels[p])
            }
            for (disc, expected) in SyntheticScene.classColors.enumerated() {
                let (cx, cy) = scene.centre(disc: disc, frame: index)
                XCTAssertEqual(color(Int(cx), Int(cy)), expected, "disc \(disc) centre in frame \(index)")
            }
            XCTAssertEqual(color(1, decoded.height - 2), SyntheticScene.background, "background in frame \(index)")
        }
    }

    func testEveryPixelWithAKeyColourDecodesToThatColour() throws {
        let decoded = try DecodedVideo(file: try encode())
        let keys = Set(SyntheticScene.keyColors)
        for index in [0, frameCount / 2, frameCount - 1] {
            let source = scene.buffer(frame: index)
            let bytes = source.pointer.assumingMemoryBound(to: UInt8.self)
            var checked = 0
            for i in 0..<(scene.width * scene.height) {
                let original = RGB(bytes[4 * i + 2], bytes[4 * i + 1], bytes[4 * i])
                guard keys.contains(original) else { continue }
                let d = decoded.frames[index]
                XCTAssertEqual(RGB(d[4 * i + 2], d[4 * i + 1], d[4 * i]), original, "pixel \(i) of frame \(index)")
                checked += 1
            }
            XCTAssertGreaterThan(checked, scene.width * scene.height / 2)
        }
    }

    func testDelaysAt30fpsSumToTheExactDuration() throws {
        let file = try encode(fps: 30, frames: 31)
        let durations = try FFprobe.packetDurations(file)
        XCTAssertEqual(durations.count, 31)
        // 100/30 = 3.33 hundredths: the delays mix 3 and 4, never drift.
        XCTAssertEqual(Set(durations.map { Int(($0 * 100).rounded()) }), [3, 4])
        XCTAssertEqual(durations.reduce(0, +), 31.0 / 30.0, accuracy: 0.006)
        let format = try FFprobe.format(file)
        let total = try XCTUnwrap((format["duration"] as? String).flatMap(Double.init))
        XCTAssertEqual(total, 1.03, accuracy: 0.006)
    }

    func testUnchangedAreasAreNotStoredAgain() throws {
        // Later frames only store the rectangle that moved, so they are much smaller than frame 0.
        let file = try encode()
        let object = try FFprobe.json(file, ["-select_streams", "v:0", "-show_entries", "packet=size"])
        let sizes = try XCTUnwrap(object["packets"] as? [[String: Any]]).compactMap { ($0["size"] as? String).flatMap(Int.init) }
        XCTAssertEqual(sizes.count, frameCount)
        let later = sizes.dropFirst().reduce(0, +) / (sizes.count - 1)
        XCTAssertLessThan(later * 2, sizes[0], "sizes \(sizes)")
    }

    func testFpsAbove50IsRejected() throws {
        XCTAssertThrowsError(try GIFSink(destination: scratch.file("fast.gif"), width: 8, height: 8,
                                         settings: GIFSettings(fps: 60, keyColors: []))) { error in
            XCTAssertTrue("\(error)".contains("fps '60' is invalid"), "\(error)")
        }
    }
}

/// Reads the loop count of a GIF's NETSCAPE2.0 application extension:
/// "NETSCAPE2.0", sub-block size 3, id 1, 16-bit little-endian count (0 = forever).
enum NetscapeLoop {
    struct Missing: Error {}

    static func count(in file: URL) throws -> Int {
        let data = try Data(contentsOf: file)
        guard let range = data.range(of: Data("NETSCAPE2.0".utf8)) else { throw Missing() }
        let at = range.upperBound
        guard data.count > at + 4, data[at] == 3, data[at + 1] == 1 else { throw Missing() }
        return Int(data[at + 2]) | Int(data[at + 3]) << 8
    }
}
