import Encode

/// Wraps a sink to time the pipeline's encoder thread: how long each `write` (colour conversion +
/// handing the frame to x264) takes, and how long the thread waited for the next frame in
/// between. Large waits mean the producer starves the encoder; small waits with a producer that
/// often blocks on a full queue mean rendering overlaps encoding and the encoder sets the pace.
///
/// Touched only by the encoder thread while the pipeline runs; read after `finish()` returned,
/// which orders the memory through the pipeline's lock.
final class TimedSink: FrameSink {
    private let sink: any FrameSink
    private(set) var writeSeconds = 0.0
    /// CPU time of the encoder thread itself inside `write` (conversion and x264's serial part).
    private(set) var writeCPUSeconds = 0.0
    private(set) var waitSeconds = 0.0
    private var lastWriteEnd: Double?

    init(_ sink: any FrameSink) { self.sink = sink }

    func write(_ frame: BGRAFrame) throws {
        let start = now(), cpuStart = threadCPUSeconds()
        if let lastWriteEnd { waitSeconds += start - lastWriteEnd }
        try sink.write(frame)
        writeCPUSeconds += threadCPUSeconds() - cpuStart
        let end = now()
        writeSeconds += end - start
        lastWriteEnd = end
    }

    func finish() throws { try sink.finish() }
    func cancel() { sink.cancel() }
}
