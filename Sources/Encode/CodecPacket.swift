import CFFmpeg

/// Owns one `AVPacket` (freed in deinit); reused for every packet an encoder emits.
///
/// Not thread-safe: used by the thread that owns the sink it belongs to.
final class CodecPacket {
    let pointer: UnsafeMutablePointer<AVPacket>

    init(path: String) throws {
        guard let packet = av_packet_alloc() else {
            throw EncodeError.ffmpeg(nm_averror(ENOMEM), "av_packet_alloc", stage: .open, path: path)
        }
        pointer = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }

    /// The payload of the current packet (valid until the next receive or unref).
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: pointer.pointee.data, count: Int(pointer.pointee.size))
    }

    func unref() { av_packet_unref(pointer) }
}
