import AtomicOutput
import CFFmpeg
import Foundation

/// A single-stream media file being written: the temporary output beside the destination, the
/// muxer writing into it, the encoder feeding the muxer's one stream, and the packet reused to
/// carry encoded data between them. It also numbers the frames, so timestamps and the "no frames"
/// check live in one place. Shared by `VideoFileSink` and `GIFSink`; each sink keeps its own
/// settings and pixel conversion.
///
/// Not thread-safe: used by the one thread that drives its sink (the FrameSink contract).
final class EncodedFile {
    private let output: AtomicOutput
    private let muxer: MuxerContext
    private let encoder: EncoderContext
    private let stream: UnsafeMutablePointer<AVStream>
    private let packet: CodecPacket
    private let path: String
    /// Frames encoded so far; frame k is stamped pts = k in the encoder's time base (1 / fps).
    private(set) var framesEncoded: Int64 = 0
    /// Scores each packet against the frame it encodes, when quality is measured.
    var meter: QualityMeter?
    /// The size the finished file must fit; `finish()` refuses to commit a larger one.
    var sizeLimit: ByteSize?
    /// The meter's figures, after `finish()`.
    private(set) var quality: QualityReport?

    /// Adds the stream for an opened `encoder` to `muxer`, which writes to `output.temporary`.
    /// The caller then sets muxer options and calls `writeHeader`, since those differ per container.
    init(output: AtomicOutput, muxer: MuxerContext, encoder: EncoderContext, path: String) throws {
        self.output = output
        self.muxer = muxer
        self.encoder = encoder
        self.path = path
        stream = try muxer.addStream(from: encoder)
        packet = try CodecPacket(path: path)
    }

    /// Opens the temporary file and writes the container header; `options` are muxer options such
    /// as `movflags`.
    func writeHeader(options: [(String, String)] = []) throws {
        try muxer.openAndWriteHeader(filePath: output.temporary.path, options: options)
    }

    /// Stamps `frame` as the next one (pts = frames so far), encodes it and writes every packet it
    /// yields.
    func encodeNext(_ frame: CodecFrame) throws {
        frame.pointer.pointee.pts = framesEncoded
        meter?.remember(frame, width: Int(frame.pointer.pointee.width), height: Int(frame.pointer.pointee.height))
        try encoder.send(frame)
        try drain()
        framesEncoded += 1
    }

    /// Flushes the encoder, writes its last packets and the trailer, closes the file and renames it
    /// into place. `trailerOptions` are muxer options that depend on the whole stream (GIF's
    /// `final_delay`); they are set after the last packet, just before the trailer. Throws
    /// `EncodeError.noFrames` if no frame was encoded: an empty file is never committed.
    func finish(trailerOptions: [(String, Int64)] = []) throws {
        guard framesEncoded > 0 else { throw EncodeError.noFrames(path: path) }
        try encoder.send(nil)
        try drain()
        for (name, value) in trailerOptions { muxer.setPrivateOption(name, value) }
        try muxer.finish()
        if let sizeLimit {
            let bytes = ((try? FileManager.default.attributesOfItem(atPath: output.temporary.path))?[.size] as? NSNumber)?.int64Value ?? 0
            guard bytes <= sizeLimit.bytes else { throw EncodeError.sizeLimitExceeded(path: path, bytes: bytes, limit: sizeLimit.description) }
        }
        quality = try meter?.finish()
        do { try output.commit() } catch let error as OutputError { throw EncodeError.output(error) }
    }

    /// Closes the file without a trailer, then removes it.
    func discard() {
        muxer.closeFile()
        output.discard()
    }

    /// Moves every finished packet from the encoder to the file, in the stream's time base.
    private func drain() throws {
        while try encoder.receive(into: packet) {
            defer { packet.unref() }
            try meter?.decode(packet.pointer)
            av_packet_rescale_ts(packet.pointer, encoder.pointer.pointee.time_base, stream.pointee.time_base)
            packet.pointer.pointee.stream_index = stream.pointee.index
            try muxer.write(packet)
        }
    }
}
