import Foundation

/// Overlaps rendering and encoding: the caller's thread draws frames into pooled `PixelBuffer`s
/// while an encoder thread feeds them to a `FrameSink`, with a bounded queue in between.
///
/// Memory is `bufferCount` frames however long the video (default 3: one being drawn, one
/// waiting, one being encoded). When the encoder is slower, `nextBuffer()` blocks; when the
/// renderer is slower, the encoder thread waits.
///
/// Errors travel both ways: an encoder error cancels the sink (removing the partial output) and
/// is thrown by the next `nextBuffer()`, `submit(_:)` or `finish()`; a drawing error thrown inside
/// `run` cancels the sink and is rethrown. `cancel()` (or dropping the pipeline unfinished) removes
/// the output.
///
/// The pipeline takes the sink over: after `init`, only the encoder thread touches it, which keeps
/// FFmpeg contexts on one thread at a time. The producer methods are meant for one thread.
public final class FramePipeline {
    private let channel: Channel

    /// Starts the encoder thread for frames of `width` x `height` going to `sink`.
    public init(sink: any FrameSink, width: Int, height: Int, bufferCount: Int = 3) {
        precondition(bufferCount >= 2, "FramePipeline needs at least 2 buffers to overlap work")
        channel = Channel(sink: sink, buffers: (0..<bufferCount).map { _ in PixelBuffer(width: width, height: height) })
        let channel = self.channel
        let thread = Thread { channel.encodeLoop() }
        thread.name = "nm-render encoder"
        thread.stackSize = 8 << 20  // encoders run on this thread; give it a main-thread-sized stack
        thread.start()
    }

    deinit { channel.cancel() }

    /// Frames the sink has accepted so far.
    public var framesEncoded: Int { channel.framesEncoded }

    /// A free buffer to draw the next frame into (its old contents, and its `regions`, are those
    /// of the frame it held before).
    /// Blocks while all buffers are in use; throws the encoder's error if it failed.
    public func nextBuffer() throws -> PixelBuffer { try channel.nextBuffer() }

    /// Queues a drawn buffer for encoding, in order.
    public func submit(_ buffer: PixelBuffer) throws { try channel.submit(buffer) }

    /// Returns a buffer without encoding it (e.g. when drawing failed).
    public func giveBack(_ buffer: PixelBuffer) { channel.giveBack(buffer) }

    /// Waits for every queued frame, then finishes the sink (the output appears). Throws the
    /// encoder's error, if any.
    public func finish() throws { try channel.finish() }

    /// Stops encoding and removes the output. Does nothing after a successful `finish()`.
    public func cancel() { channel.cancel() }

    /// Draws and encodes `frameCount` frames: `draw(index, buffer)` paints frame `index`. Finishes
    /// the sink on success; on any error (from `draw` or the encoder) cancels it and rethrows.
    public func run(frameCount: Int, draw: (Int, PixelBuffer) throws -> Void) throws {
        do {
            for index in 0..<frameCount {
                let buffer = try nextBuffer()
                do { try draw(index, buffer) } catch {
                    giveBack(buffer)
                    throw error
                }
                try submit(buffer)
            }
            try finish()
        } catch {
            cancel()
            throw error
        }
    }
}

extension FramePipeline {
    /// State shared by the producer and the encoder thread, guarded by `condition`.
    ///
    /// `@unchecked Sendable`: every mutable field is read and written with `condition` locked; the
    /// sink is touched only by the encoder thread (after `init`).
    final class Channel: @unchecked Sendable {
        enum State { case running, finishing, cancelling, done }

        private let condition = NSCondition()
        private let sink: any FrameSink
        private var free: [PixelBuffer]
        private var queued: [PixelBuffer] = []
        private var state = State.running
        private var failure: (any Error)?
        private var encoded = 0

        init(sink: any FrameSink, buffers: [PixelBuffer]) {
            self.sink = sink
            free = buffers
        }

        var framesEncoded: Int {
            condition.lock(); defer { condition.unlock() }
            return encoded
        }

        private func closedError() -> any Error { failure ?? EncodeError.sinkClosed(path: "the pipeline's output") }

        func nextBuffer() throws -> PixelBuffer {
            condition.lock(); defer { condition.unlock() }
            while free.isEmpty && state == .running && failure == nil { condition.wait() }
            guard state == .running, failure == nil else { throw closedError() }
            return free.removeLast()
        }

        func submit(_ buffer: PixelBuffer) throws {
            condition.lock(); defer { condition.unlock() }
            guard state == .running, failure == nil else {
                free.append(buffer)
                throw closedError()
            }
            queued.append(buffer)
            condition.broadcast()
        }

        func giveBack(_ buffer: PixelBuffer) {
            condition.lock(); defer { condition.unlock() }
            free.append(buffer)
            condition.broadcast()
        }

        func finish() throws {
            condition.lock(); defer { condition.unlock() }
            if state == .running && failure == nil {
                state = .finishing
                condition.broadcast()
            }
            while state != .done { condition.wait() }
            if let failure { throw failure }
        }

        func cancel() {
            condition.lock(); defer { condition.unlock() }
            if state == .running || state == .finishing {
                if failure == nil { failure = EncodeError.cancelled(path: "the pipeline's output") }
                state = .cancelling
                condition.broadcast()
            }
            while state != .done { condition.wait() }
        }

        /// The encoder thread: write queued frames in order until finished, cancelled or failed.
        func encodeLoop() {
            while true {
                condition.lock()
                while queued.isEmpty && state == .running { condition.wait() }
                if state == .cancelling {
                    condition.unlock()
                    sink.cancel()
                    break
                }
                if queued.isEmpty {  // finishing, everything written
                    condition.unlock()
                    do { try sink.finish() } catch { record(error) }
                    break
                }
                let buffer = queued.removeFirst()
                condition.unlock()
                do {
                    try sink.write(buffer.frame)
                } catch {
                    sink.cancel()
                    record(error)
                    giveBack(buffer)
                    break
                }
                condition.lock()
                free.append(buffer)
                encoded += 1
                condition.broadcast()
                condition.unlock()
            }
            condition.lock()
            state = .done
            free.append(contentsOf: queued)
            queued.removeAll()
            condition.broadcast()
            condition.unlock()
        }

        private func record(_ error: any Error) {
            condition.lock(); defer { condition.unlock() }
            failure = error
            condition.broadcast()
        }
    }
}
