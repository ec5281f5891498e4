import Encode
import Foundation
import XCTest

final class FramePipelineTests: XCTestCase {
    private var scratch: ScratchFolder!
    private let scene = SyntheticScene(width: 160, height: 90, radius: 6)

    override func setUpWithError() throws { scratch = try ScratchFolder(name) }
    override func tearDown() { scratch.remove() }

    private struct DrawingFailed: Error, Equatable {}

    /// A sink that records what it saw and can fail on a chosen frame.
    private final class RecordingSink: FrameSink, @unchecked Sendable {
        let lock = NSLock()
        var firstBytes: [UInt8] = []
        var finished = false
        var cancelled = false
        var threads = Set<String>()
        let failAt: Int?
        init(failAt: Int? = nil) { self.failAt = failAt }
        func write(_ frame: BGRAFrame) throws {
            lock.lock(); defer { lock.unlock() }
            threads.insert(Thread.isMainThread ? "main" : "other")
            if firstBytes.count == failAt { throw EncodeError.sinkClosed(path: "recording") }
            firstBytes.append(frame.pixels.load(as: UInt8.self))
        }
        func finish() throws { lock.lock(); finished = true; lock.unlock() }
        func cancel() { lock.lock(); cancelled = true; lock.unlock() }
    }

    func testRunEncodesEveryFrameInOrderOffTheProducerThread() throws {
        let sink = RecordingSink()
        let pipeline = FramePipeline(sink: sink, width: 8, height: 8, bufferCount: 3)
        try pipeline.run(frameCount: 50) { index, buffer in
            buffer.pointer.storeBytes(of: UInt8(index), as: UInt8.self)
        }
        XCTAssertEqual(sink.firstBytes, (0..<50).map(UInt8.init))
        XCTAssertTrue(sink.finished)
        XCTAssertFalse(sink.cancelled)
        XCTAssertEqual(sink.threads, ["other"])
        XCTAssertEqual(pipeline.framesEncoded, 50)
    }

    func testRunToMP4WritesAPlayableFile() throws {
        let file = scratch.file("clip.mp4")
        let sink = try VideoFileSink(destination: file, width: scene.width, height: scene.height, settings: VideoSettings(fps: 25))
        try FramePipeline(sink: sink, width: scene.width, height: scene.height).run(frameCount: 40) { index, buffer in
            scene.draw(frame: index, into: buffer)
        }
        let stream = try FFprobe.videoStream(file)
        XCTAssertEqual(stream["nb_read_frames"] as? String, "40")
        XCTAssertEqual(try scratch.contents(), ["clip.mp4"])
    }

    func testProducerErrorIsRethrownAndLeavesNoFile() throws {
        let file = scratch.file("clip.mp4")
        let sink = try VideoFileSink(destination: file, width: scene.width, height: scene.height)
        let pipeline = FramePipeline(sink: sink, width: scene.width, height: scene.height)
        XCTAssertThrowsError(try pipeline.run(frameCount: 40) { index, buffer in
            if index == 20 { throw DrawingFailed() }
            scene.draw(frame: index, into: buffer)
        }) { error in
            XCTAssertEqual(error as? DrawingFailed, DrawingFailed())
        }
        XCTAssertEqual(try scratch.contents(), [])
    }

    func testEncoderErrorReachesTheProducerAndLeavesNoFile() throws {
        // The sink was opened for another size, so its first write fails on the encoder thread.
        let sink = try GIFSink(destination: scratch.file("clip.gif"), width: 100, height: 100,
                               settings: GIFSettings(keyColors: SyntheticScene.keyColors))
        let pipeline = FramePipeline(sink: sink, width: scene.width, height: scene.height)
        var drawn = 0
        XCTAssertThrowsError(try pipeline.run(frameCount: 1000) { index, buffer in
            drawn += 1
            scene.draw(frame: index, into: buffer)
        }) { error in
            XCTAssertTrue("\(error)".contains("frame 0 is 160x90"), "\(error)")
        }
        XCTAssertLessThan(drawn, 10, "the producer should stop soon after the encoder fails")
        XCTAssertEqual(try scratch.contents(), [])
    }

    func testCancelMidwayLeavesNoFile() throws {
        let file = scratch.file("clip.mp4")
        let sink = try VideoFileSink(destination: file, width: scene.width, height: scene.height)
        let pipeline = FramePipeline(sink: sink, width: scene.width, height: scene.height)
        for index in 0..<10 {
            let buffer = try pipeline.nextBuffer()
            scene.draw(frame: index, into: buffer)
            try pipeline.submit(buffer)
        }
        pipeline.cancel()
        XCTAssertEqual(try scratch.contents(), [])
        XCTAssertThrowsError(try pipeline.nextBuffer())
        XCTAssertThrowsError(try pipeline.finish())
    }

    func testDroppingAnUnfinishedPipelineRemovesTheOutput() throws {
        do {
            let sink = try VideoFileSink(destination: scratch.file("clip.mp4"), width: scene.width, height: scene.height)
            let pipeline = FramePipeline(sink: sink, width: scene.width, height: scene.height)
            let buffer = try pipeline.nextBuffer()
            scene.draw(frame: 0, into: buffer)
            try pipeline.submit(buffer)
        }
        XCTAssertEqual(try scratch.contents(), [])
    }

    func testBufferPoolIsBoundedWhateverTheLength() throws {
        let sink = RecordingSink()
        let pipeline = FramePipeline(sink: sink, width: 4, height: 4, bufferCount: 3)
        var seen = Set<ObjectIdentifier>()
        try pipeline.run(frameCount: 200) { _, buffer in seen.insert(ObjectIdentifier(buffer)) }
        XCTAssertLessThanOrEqual(seen.count, 3)
    }
}
