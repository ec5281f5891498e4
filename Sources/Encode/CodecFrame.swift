import CFFmpeg

/// Owns one `AVFrame` and its picture buffer (freed in deinit).
///
/// Not thread-safe: used by the thread that owns the sink it belongs to.
final class CodecFrame {
    let pointer: UnsafeMutablePointer<AVFrame>

    /// Allocates a frame with its own buffer of `format` (for PAL8 this includes the 256-entry palette).
    init(width: Int, height: Int, format: AVPixelFormat, path: String) throws {
        guard let frame = av_frame_alloc() else {
            throw EncodeError.ffmpeg(nm_averror(ENOMEM), "av_frame_alloc", stage: .open, path: path)
        }
        pointer = frame
        frame.pointee.width = Int32(width)
        frame.pointee.height = Int32(height)
        frame.pointee.format = format.rawValue
        // 32-byte alignment keeps swscale's and the encoders' SIMD paths on their fast routes.
        try check(av_frame_get_buffer(frame, 32), "av_frame_get_buffer", stage: .open, path: path)
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }

    /// Makes sure no encoder still holds a reference to the buffer before it is overwritten.
    func makeWritable(path: String) throws {
        try check(av_frame_make_writable(pointer), "av_frame_make_writable", stage: .encode, path: path)
    }

    /// Plane `index` (0 = luma or indices, 1 = U or the PAL8 palette, 2 = V).
    func plane(_ index: Int) -> UnsafeMutablePointer<UInt8> {
        withUnsafePointer(to: pointer.pointee.data) {
            $0.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: Int(AV_NUM_DATA_POINTERS)) { $0[index]! }
        }
    }

    /// Bytes per row of plane `index`.
    func lineSize(_ index: Int) -> Int {
        withUnsafePointer(to: pointer.pointee.linesize) {
            $0.withMemoryRebound(to: Int32.self, capacity: Int(AV_NUM_DATA_POINTERS)) { Int($0[index]) }
        }
    }
}
