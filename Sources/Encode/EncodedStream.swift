import CFFmpeg

/// One encoder feeding one muxer stream: the encoder, the muxer, the stream the encoder's packets
/// go to, and the packet reused to carry them. Shared by the sinks that write a single container
/// file (`VideoFileSink`, `GIFSink`); each sink keeps its own pixel conversion and settings.
///
/// Not thread-safe: used by the one thread that drives its sink (the FrameSink contract).
final class EncodedStream {
    private let encoder: EncoderContext
    private let muxer: MuxerContext
    private let stream: UnsafeMutablePointer<AVStream>
    private let packet: CodecPacket

    /// Adds the stream for an opened `encoder` to `muxer`. The caller sets muxer options and writes
    /// the header afterwards, since those differ per container.
    init(encoder: EncoderContext, muxer: MuxerContext, path: String) throws {
        self.encoder = encoder
        self.muxer = muxer
        stream = try muxer.addStream(from: encoder)
        packet = try CodecPacket(path: path)
    }

    /// Encodes one frame (its `pts` in the encoder's time base) and writes every packet it yields.
    func encode(_ frame: CodecFrame) throws {
        try encoder.send(frame)
        try drain()
    }

    /// Flushes the encoder, writes its last packets, then the trailer, and closes the file.
    /// `trailerOptions` are muxer options that depend on the whole stream (GIF's `final_delay`);
    /// they are set after the last packet, just before the trailer.
    func finish(trailerOptions: [(String, Int64)] = []) throws {
        try encoder.send(nil)
        try drain()
        for (name, value) in trailerOptions { muxer.setPrivateOption(name, value) }
        try muxer.finish()
    }

    /// Moves every finished packet from the encoder to the file, in the stream's time base.
    private func drain() throws {
        while try encoder.receive(into: packet) {
            av_packet_rescale_ts(packet.pointer, encoder.pointer.pointee.time_base, stream.pointee.time_base)
            packet.pointer.pointee.stream_index = stream.pointee.index
            defer { packet.unref() }
            try muxer.write(packet)
        }
    }
}
