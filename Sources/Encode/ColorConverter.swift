import CFFmpeg

/// Converts Cairo BGRA frames to YUV 4:2:0 with the BT.709 matrix and limited ("TV", MPEG) range,
/// matching the colour tags the video sinks write. Owns its `SwsContext` (freed in deinit).
///
/// Not thread-safe: used by the thread that drives its sink.
final class ColorConverter {
    private let context: OpaquePointer
    let width: Int
    let height: Int

    init(width: Int, height: Int, path: String) throws {
        // Same size in and out: only the matrix and chroma decimation matter. Bilinear averages
        // the 2x2 chroma block instead of picking one sample (SWS_POINT), which fringes small dots.
        guard let context = sws_getContext(Int32(width), Int32(height), AV_PIX_FMT_BGRA,
                                           Int32(width), Int32(height), AV_PIX_FMT_YUV420P,
                                           SWS_BILINEAR, nil, nil, nil) else {
            throw EncodeError.ffmpeg(nm_averror(EINVAL), "creating the BGRA to YUV converter", stage: .open, path: path)
        }
        // swscale defaults to BT.601 for YUV; players assume BT.709 for HD, so convert with the
        // BT.709 matrix (src range full RGB = 1, dst range limited = 0, neutral brightness,
        // contrast and saturation in 16.16 fixed point).
        let bt709 = sws_getCoefficients(SWS_CS_ITU709)
        sws_setColorspaceDetails(context, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16)
        self.context = context
        self.width = width
        self.height = height
    }

    deinit { sws_freeContext(context) }

    /// Converts `frame` into the YUV420P planes of `destination`.
    func convert(_ frame: BGRAFrame, into destination: CodecFrame) {
        var sourcePlanes: [UnsafePointer<UInt8>?] = [frame.pixels.assumingMemoryBound(to: UInt8.self), nil, nil, nil]
        var sourceStrides: [Int32] = [Int32(frame.bytesPerRow), 0, 0, 0]
        var destinationPlanes: [UnsafeMutablePointer<UInt8>?] = [destination.plane(0), destination.plane(1), destination.plane(2), nil]
        var destinationStrides: [Int32] = [Int32(destination.lineSize(0)), Int32(destination.lineSize(1)), Int32(destination.lineSize(2)), 0]
        sws_scale(context, &sourcePlanes, &sourceStrides, 0, Int32(height), &destinationPlanes, &destinationStrides)
    }
}
