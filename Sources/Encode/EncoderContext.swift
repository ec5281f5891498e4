import CFFmpeg

/// Owns one libavcodec encoder (`AVCodecContext`), freed in deinit.
///
/// Not thread-safe: libavcodec contexts must not be used from two threads at once, so each
/// encoder belongs to one sink, and a sink is driven by one thread at a time (see `FrameSink`).
final class EncoderContext {
    let pointer: UnsafeMutablePointer<AVCodecContext>
    let codecName: String
    private let path: String

    /// The encoder called `name`, or nil when this FFmpeg build does not have it.
    static func codec(named name: String) -> UnsafePointer<AVCodec>? {
        avcodec_find_encoder_by_name(name)
    }

    init(codec: UnsafePointer<AVCodec>, path: String) throws {
        guard let context = avcodec_alloc_context3(codec) else {
            throw EncodeError.ffmpeg(nm_averror(ENOMEM), "avcodec_alloc_context3", stage: .open, path: path)
        }
        pointer = context
        codecName = String(cString: codec.pointee.name)
        self.path = path
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = pointer
        avcodec_free_context(&context)
    }

    /// Sets an option of the codec itself (x264's `preset`, `crf`, ...). Returns false when the
    /// codec has no such option or rejects the value.
    @discardableResult
    func setPrivateOption(_ name: String, _ value: String) -> Bool {
        guard let privateData = pointer.pointee.priv_data else { return false }
        return av_opt_set(privateData, name, value, 0) >= 0
    }

    /// Opens the encoder; the remaining fields must be set before.
    func open() throws {
        try check(avcodec_open2(pointer, pointer.pointee.codec, nil), "opening the \(codecName) encoder",
                  stage: .open, path: path)
    }

    /// Sends a frame, or nil to start draining.
    func send(_ frame: CodecFrame?) throws {
        try check(avcodec_send_frame(pointer, frame?.pointer), "\(codecName) avcodec_send_frame",
                  stage: .encode, path: path)
    }

    /// Fetches the next finished packet into `packet`; false when the encoder needs more input
    /// (EAGAIN) or is fully drained (EOF).
    func receive(into packet: CodecPacket) throws -> Bool {
        let code = avcodec_receive_packet(pointer, packet.pointer)
        if code == nm_averror_eagain() || code == nm_averror_eof() { return false }
        try check(code, "\(codecName) avcodec_receive_packet", stage: .encode, path: path)
        return true
    }
}
