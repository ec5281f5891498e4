import CFFmpeg

/// Measures an encoder's loss while it encodes: keeps a copy of each yuv420p frame sent to the
/// encoder, decodes every packet the encoder returns with the codec's own decoder, and compares
/// each decoded picture with the copy of the frame it shows (decoders return pictures in
/// display order, the order frames were sent). Owns its decoder context, packet and frame
/// (freed in deinit).
///
/// Not thread-safe: used by the thread that drives its sink.
final class QualityMeter {
    private var decoder: UnsafeMutablePointer<AVCodecContext>?
    private var decoded: UnsafeMutablePointer<AVFrame>?
    private let path: String
    /// Copies of the frames sent and not yet decoded (planes Y, U, V, tightly packed).
    private var pending: [[[UInt8]]] = []
    private var spare: [[[UInt8]]] = []
    private var frames = 0
    private var ssimSum = 0.0, ssimYSum = 0.0, squaredError = 0.0, samples = 0.0

    /// A meter for what `encoder` (opened) produces.
    init(encoder: EncoderContext, path: String) throws {
        self.path = path
        let source = encoder.pointer
        guard let codec = avcodec_find_decoder(source.pointee.codec_id), let context = avcodec_alloc_context3(codec) else {
            throw EncodeError.encoderUnavailable(path: path, format: "a decoder for \(encoder.codecName) (to measure quality)",
                                                 tried: [encoder.codecName])
        }
        decoder = context
        let parameters = avcodec_parameters_alloc()
        defer { var p = parameters; avcodec_parameters_free(&p) }
        try check(avcodec_parameters_from_context(parameters, source), "copying the stream parameters", stage: .open, path: path)
        try check(avcodec_parameters_to_context(context, parameters), "configuring the decoder", stage: .open, path: path)
        context.pointee.time_base = source.pointee.time_base
        context.pointee.thread_count = 1  // measuring is extra work; keep it off x264's cores
        try check(avcodec_open2(context, codec, nil), "opening the \(String(cString: codec.pointee.name)) decoder", stage: .open, path: path)
        guard let frame = av_frame_alloc() else { throw EncodeError.ffmpeg(nm_averror(ENOMEM), "av_frame_alloc", stage: .open, path: path) }
        decoded = frame
    }

    deinit {
        av_frame_free(&decoded)
        avcodec_free_context(&decoder)
    }

    /// Keeps a copy of `frame` (yuv420p), the next one sent to the encoder.
    func remember(_ frame: CodecFrame, width: Int, height: Int) {
        var planes = spare.popLast() ?? []
        let sizes = Self.planeSizes(width: width, height: height)
        if planes.count != 3 { planes = sizes.map { [UInt8](repeating: 0, count: $0.0 * $0.1) } }
        for (k, (w, h)) in sizes.enumerated() {
            let source = frame.plane(k), stride = frame.lineSize(k)
            planes[k].withUnsafeMutableBufferPointer { out in
                for y in 0..<h { (out.baseAddress! + y * w).update(from: source + y * stride, count: w) }
            }
        }
        pending.append(planes)
    }

    /// Decodes one packet from the encoder (before the muxer takes it) and scores every picture
    /// it completes.
    func decode(_ packet: UnsafeMutablePointer<AVPacket>) throws {
        try check(avcodec_send_packet(decoder, packet), "decoding to measure quality", stage: .encode, path: path)
        try receive()
    }

    /// Drains the decoder and returns the figures.
    func finish() throws -> QualityReport {
        try check(avcodec_send_packet(decoder, nil), "draining the quality decoder", stage: .finish, path: path)
        try receive()
        let n = Double(max(frames, 1))
        return QualityReport(frames: frames, ssim: ssimSum / n, ssimY: ssimYSum / n,
                             psnr: QualityReport.psnr(meanSquaredError: squaredError / max(samples, 1)))
    }

    private func receive() throws {
        while true {
            let code = avcodec_receive_frame(decoder, decoded)
            if code == nm_averror_eagain() || code == nm_averror_eof() { return }
            try check(code, "decoding to measure quality", stage: .encode, path: path)
            defer { av_frame_unref(decoded) }
            guard !pending.isEmpty else { continue }
            let reference = pending.removeFirst()
            score(reference)
            spare.append(reference)
        }
    }

    private func score(_ reference: [[UInt8]]) {
        guard let frame = decoded else { return }
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height)
        let sizes = Self.planeSizes(width: width, height: height)
        let total = Double(sizes.reduce(0) { $0 + $1.0 * $1.1 })
        var frameSSIM = 0.0
        withUnsafePointer(to: frame.pointee.data) { dataTuple in
            withUnsafePointer(to: frame.pointee.linesize) { lineTuple in
                dataTuple.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: Int(AV_NUM_DATA_POINTERS)) { data in
                    lineTuple.withMemoryRebound(to: Int32.self, capacity: Int(AV_NUM_DATA_POINTERS)) { lines in
                        for (k, (w, h)) in sizes.enumerated() {
                            guard let plane = data[k] else { continue }
                            let result = reference[k].withUnsafeBufferPointer {
                                PlaneSimilarity.compare(UnsafePointer(plane), strideA: Int(lines[k]), $0.baseAddress!, strideB: w,
                                                        width: w, height: h)
                            }
                            if k == 0 { ssimYSum += result.ssim }
                            frameSSIM += result.ssim * Double(w * h) / total
                            squaredError += result.squaredError
                            samples += Double(result.samples)
                        }
                    }
                }
            }
        }
        ssimSum += frameSSIM
        frames += 1
    }

    /// Y, U, V plane sizes of yuv420p (chroma rounded up for odd sizes).
    static func planeSizes(width: Int, height: Int) -> [(Int, Int)] {
        [(width, height), ((width + 1) / 2, (height + 1) / 2), ((width + 1) / 2, (height + 1) / 2)]
    }
}
