import CFFmpeg

/// Owns one libavformat output (`AVFormatContext` and its file), freed in deinit.
///
/// Not thread-safe: used by the one thread that drives its sink.
final class MuxerContext {
    let pointer: UnsafeMutablePointer<AVFormatContext>
    private let path: String
    private var fileOpen = false

    /// A muxer for `formatName` ("mp4", "webm", "gif") writing to `filePath` (the temporary path;
    /// `displayPath` is the destination named in errors).
    init(formatName: String, filePath: String, displayPath: String) throws {
        var context: UnsafeMutablePointer<AVFormatContext>?
        let code = avformat_alloc_output_context2(&context, nil, formatName, filePath)
        guard code >= 0, let context else {
            throw EncodeError.ffmpeg(code < 0 ? code : nm_averror(ENOMEM), "creating the \(formatName) muxer",
                                     stage: .open, path: displayPath)
        }
        pointer = context
        path = displayPath
    }

    deinit {
        closeFile()
        avformat_free_context(pointer)
    }

    /// Closes the file if it is still open, without a trailer (an abandoned output).
    func closeFile() {
        guard fileOpen else { return }
        fileOpen = false
        avio_closep(&pointer.pointee.pb)
    }

    /// Whether encoders feeding this container must put codec headers in extradata.
    var wantsGlobalHeader: Bool { (pointer.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER) != 0 }

    /// Sets a container-level metadata tag (title, comment).
    func setMetadata(_ key: String, _ value: String) {
        av_dict_set(&pointer.pointee.metadata, key, value, 0)
    }

    /// Sets a muxer option (gif `loop`, `final_delay`); false when the muxer has no such option.
    @discardableResult
    func setPrivateOption(_ name: String, _ value: Int64) -> Bool {
        guard let privateData = pointer.pointee.priv_data else { return false }
        return av_opt_set_int(privateData, name, value, 0) >= 0
    }

    /// Adds the one video stream, with parameters copied from an opened encoder.
    func addStream(from encoder: EncoderContext) throws -> UnsafeMutablePointer<AVStream> {
        guard let stream = avformat_new_stream(pointer, nil) else {
            throw EncodeError.ffmpeg(nm_averror(ENOMEM), "avformat_new_stream", stage: .open, path: path)
        }
        try check(avcodec_parameters_from_context(stream.pointee.codecpar, encoder.pointer),
                  "avcodec_parameters_from_context", stage: .open, path: path)
        stream.pointee.time_base = encoder.pointer.pointee.time_base
        stream.pointee.avg_frame_rate = encoder.pointer.pointee.framerate
        return stream
    }

    /// Opens the file and writes the header. `options` are muxer options such as `movflags`.
    func openAndWriteHeader(filePath: String, options: [(String, String)] = []) throws {
        let opened = avio_open(&pointer.pointee.pb, filePath, AVIO_FLAG_WRITE)
        guard opened >= 0 else {
            throw EncodeError.output(.cannotCreate(path: path, reason: EncodeError.message(for: opened)))
        }
        fileOpen = true
        var dictionary: OpaquePointer?
        for (key, value) in options { av_dict_set(&dictionary, key, value, 0) }
        defer { av_dict_free(&dictionary) }
        try check(avformat_write_header(pointer, &dictionary), "writing the header", stage: .open, path: path)
    }

    /// Writes one packet (its timestamps already in the stream's time base).
    func write(_ packet: CodecPacket) throws {
        try check(av_interleaved_write_frame(pointer, packet.pointer), "writing a packet", stage: .write, path: path)
        try checkIOError(stage: .write)
    }

    /// Writes the trailer and closes the file, surfacing any buffered write error (a full disk).
    func finish() throws {
        try check(av_write_trailer(pointer), "writing the trailer", stage: .finish, path: path)
        try checkIOError(stage: .finish)
        fileOpen = false
        try check(avio_closep(&pointer.pointee.pb), "closing the file", stage: .finish, path: path)
    }

    /// avio buffers writes; a failed write(2) shows up later in `pb.error`, not in the return codes.
    private func checkIOError(stage: EncodeStage) throws {
        if let pb = pointer.pointee.pb, pb.pointee.error < 0 {
            throw EncodeError.ffmpeg(pb.pointee.error, "writing the file", stage: stage, path: path)
        }
    }
}
