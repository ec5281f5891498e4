import Encode
import Foundation
import XCTest

/// `maxSize` makes the file fit, on content that would not fit at the CRF alone.
final class SizeLimitTests: XCTestCase {
    private var scratch: ScratchFolder!
    private let width = 320, height = 240, frames = 60

    override func setUpWithError() throws { scratch = try ScratchFolder(name) }
    override func tearDown() { scratch.remove() }

    /// Seeded noise: nearly incompressible, so CRF 20 alone needs far more than the limit.
    private func encode(to file: URL, maxSize: ByteSize?) throws -> VideoFileSink {
        let settings = VideoSettings(fps: 30, crf: 20, maxBitrate: .none, maxSize: maxSize, frameCount: frames)
        let sink = try VideoFileSink(destination: file, width: width, height: height, settings: settings)
        let buffer = PixelBuffer(width: width, height: height)
        var state: UInt64 = 42
        let pixels = buffer.pointer.assumingMemoryBound(to: UInt32.self)
        for _ in 0..<frames {
            for i in 0..<(width * height) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                pixels[i] = 0xFF00_0000 | UInt32(truncatingIfNeeded: state >> 40)
            }
            try sink.write(buffer.frame)
        }
        try sink.finish()
        return sink
    }

    private func bytes(_ url: URL) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? -1
    }

    func testCappedFileFitsTheLimitWhereTheUncappedOneDoesNot() throws {
        let limit = ByteSize(bytes: 150_000)
        let free = scratch.file("free.mp4"), capped = scratch.file("capped.mp4")
        _ = try encode(to: free, maxSize: nil)
        XCTAssertGreaterThan(try bytes(free), 3 * limit.bytes, "the noise must need more than the limit at CRF 20")
        let sink = try encode(to: capped, maxSize: limit)
        let size = try bytes(capped)
        XCTAssertLessThanOrEqual(size, limit.bytes)
        XCTAssertGreaterThan(size, limit.bytes / 2, "the limit is used, not wasted")
        XCTAssertEqual(try FFprobe.videoStream(capped)["nb_read_frames"] as? String, "\(frames)")
        XCTAssertEqual(sink.quality?.frames, frames, "a size limit also measures the quality it left")
    }

    func testASizeLimitNeedsTheFrameCount() {
        let settings = VideoSettings(maxSize: ByteSize(bytes: 1_000_000))
        XCTAssertThrowsError(try VideoFileSink(destination: scratch.file("x.mp4"), width: width, height: height, settings: settings))
        XCTAssertEqual(try scratch.contents(), [])
    }
}
