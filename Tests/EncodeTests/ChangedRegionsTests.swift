import Encode
import Foundation
import PixelRegions
import XCTest

/// Frames that say where they differ from a shared background (`BGRAFrame.regions`) encode to
/// the bytes the same frames give without saying it: the MP4 sink converts only what changed.
final class ChangedRegionsTests: XCTestCase {
    private var scratch: ScratchFolder!
    private let width = 320, height = 180

    override func setUpWithError() throws { scratch = try ScratchFolder(name) }
    override func tearDown() { scratch.remove() }

    /// One frame: a background (a pattern that tells every pixel apart), a block that moves,
    /// and maybe a stray mark outside the block, as a label leaving its panel would be.
    private struct Frame {
        var background: Int
        var block: PixelRect
        var stray = false
    }

    private func paint(_ frame: Frame, into buffer: PixelBuffer) {
        let pixels = buffer.pointer.assumingMemoryBound(to: UInt32.self)
        for y in 0..<height {
            for x in 0..<width {
                let r = UInt32((x * 3 + frame.background * 90) & 0xFF), g = UInt32((y * 5) & 0xFF), b = UInt32((x ^ y) & 0xFF)
                pixels[y * width + x] = 0xFF00_0000 | r << 16 | g << 8 | b
            }
        }
        func fill(_ rect: PixelRect, _ colour: UInt32) {
            for y in rect.y..<rect.maxY { for x in rect.x..<rect.maxX { pixels[y * width + x] = colour } }
        }
        fill(frame.block, 0xFFD6_2728)
        if frame.stray { fill(PixelRect(x: 251, y: 141, width: 11, height: 9), 0xFF22_2222) }
    }

    /// Blocks at odd places and sizes, moving by more than their size some frames.
    private func block(_ k: Int) -> PixelRect { PixelRect(x: 37 + 13 * k, y: 21 + 7 * k, width: 23, height: 17) }

    /// Encodes `frames`; with `regions`, each frame without a stray mark says it differs from
    /// its background only inside its block (a frame with one says nothing, as a frame drawn
    /// whole does). Returns the file's bytes.
    private func encode(_ frames: [Frame], regions: Bool, name: String) throws -> Data {
        let file = scratch.file(name)
        let sink = try VideoFileSink(destination: file, width: width, height: height, settings: VideoSettings(fps: 24, toolVersion: "test"))
        let backgrounds = [SharedBackground(), SharedBackground()]
        let buffer = PixelBuffer(width: width, height: height)
        for frame in frames {
            paint(frame, into: buffer)
            buffer.regions = regions && !frame.stray ? FrameRegions(background: backgrounds[frame.background], changed: [frame.block]) : nil
            try sink.write(buffer.frame)
        }
        try sink.finish()
        return try Data(contentsOf: file)
    }

    private func assertSameBytes(_ frames: [Frame], file: StaticString = #filePath, line: UInt = #line) throws {
        let told = try encode(frames, regions: true, name: "told.mp4")
        let untold = try encode(frames, regions: false, name: "untold.mp4")
        XCTAssertEqual(told, untold, "frames with regions encode differently", file: file, line: line)
    }

    func testAMovingBlockGivesTheBytesOfWholeFrames() throws {
        // Each frame's block leaves the last one's place: that place must be converted again too.
        try assertSameBytes((0..<8).map { Frame(background: 0, block: block($0)) })
    }

    func testAFrameDrawnWholeBetweenOthersGivesTheBytesOfWholeFrames() throws {
        // The stray mark of frame 3 is outside every block; frame 4 must not keep it.
        try assertSameBytes((0..<7).map { Frame(background: 0, block: block($0), stray: $0 == 3) })
    }

    func testAFrameOverAnotherBackgroundIsConvertedWhole() throws {
        // Frames 3 and 4 start from another background: the first of them and the frame after
        // them are converted whole.
        try assertSameBytes((0..<7).map { Frame(background: $0 == 3 || $0 == 4 ? 1 : 0, block: block($0)) })
    }
}
