import CFFmpeg
import Foundation

/// Decodes a video or GIF file with libavformat/libavcodec into tightly packed BGRA frames, so
/// tests can compare what a player shows with what was drawn. YUV is converted back with the
/// BT.709 matrix and limited range, the tags the sinks write.
struct DecodedVideo {
    var width = 0
    var height = 0
    var frames: [[UInt8]] = []

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(file: URL) throws {
        var format: UnsafeMutablePointer<AVFormatContext>?
        guard avformat_open_input(&format, file.path, nil, nil) >= 0, let format else {
            throw Failure(description: "cannot open \(file.path)")
        }
        defer { var f: UnsafeMutablePointer<AVFormatContext>? = format; avformat_close_input(&f) }
        guard avformat_find_stream_info(format, nil) >= 0 else { throw Failure(description: "no stream info") }
        var decoderPointer: UnsafePointer<AVCodec>?
        let streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoderPointer, 0)
        guard streamIndex >= 0, let decoderPointer, let context = avcodec_alloc_context3(decoderPointer) else {
            throw Failure(description: "no video stream")
        }
        var contextOwner: UnsafeMutablePointer<AVCodecContext>? = context
        defer { avcodec_free_context(&contextOwner) }
        avcodec_parameters_to_context(context, format.pointee.streams[Int(streamIndex)]!.pointee.codecpar)
        context.pointee.thread_count = 1
        guard avcodec_open2(context, decoderPointer, nil) >= 0 else { throw Failure(description: "cannot open decoder") }

        var packet = av_packet_alloc()
        var frame = av_frame_alloc()
        defer { av_packet_free(&packet); av_frame_free(&frame) }
        var scaler: OpaquePointer?
        defer { sws_freeContext(scaler) }

        func receiveAll() throws {
            while avcodec_receive_frame(context, frame) >= 0 {
                let f = frame!.pointee
                width = Int(f.width)
                height = Int(f.height)
                if scaler == nil {
                    scaler = sws_getContext(f.width, f.height, AVPixelFormat(rawValue: f.format), f.width, f.height,
                                            AV_PIX_FMT_BGRA, SWS_BILINEAR, nil, nil, nil)
                    let bt709 = sws_getCoefficients(SWS_CS_ITU709)
                    sws_setColorspaceDetails(scaler, bt709, 0, bt709, 1, 0, 1 << 16, 1 << 16)
                }
                var bytes = [UInt8](repeating: 0, count: width * height * 4)
                bytes.withUnsafeMutableBufferPointer { out in
                    var dst: [UnsafeMutablePointer<UInt8>?] = [out.baseAddress, nil, nil, nil]
                    var dstStride: [Int32] = [Int32(width * 4), 0, 0, 0]
                    withUnsafePointer(to: frame!.pointee.data) { dataTuple in
                        dataTuple.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { src in
                            withUnsafePointer(to: frame!.pointee.linesize) { strideTuple in
                                strideTuple.withMemoryRebound(to: Int32.self, capacity: 8) { srcStride in
                                    _ = sws_scale(scaler, src, srcStride, 0, f.height, &dst, &dstStride)
                                }
                            }
                        }
                    }
                }
                frames.append(bytes)
            }
        }

        while av_read_frame(format, packet) >= 0 {
            if packet!.pointee.stream_index == streamIndex {
                avcodec_send_packet(context, packet)
                try receiveAll()
            }
            av_packet_unref(packet)
        }
        avcodec_send_packet(context, nil)
        try receiveAll()
    }

    /// Peak signal-to-noise ratio over R, G, B between decoded frame `index` and `buffer`:
    /// PSNR = 10 log10(255^2 / MSE).
    func psnr(frame index: Int, against reference: UnsafeRawPointer, bytesPerRow: Int) -> Double {
        let decoded = frames[index]
        let source = reference.assumingMemoryBound(to: UInt8.self)
        var squared = 0.0
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    let d = Double(decoded[(y * width + x) * 4 + c]) - Double(source[y * bytesPerRow + x * 4 + c])
                    squared += d * d
                }
            }
        }
        let mse = squared / Double(width * height * 3)
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }
}
