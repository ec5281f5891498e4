import AtomicOutput
import CFFmpeg
import Foundation
import PixelRegions

/// Writes frames as an MP4 (H.264) or WebM (VP9) file through libavcodec/libavformat.
///
/// - Pixels: Cairo BGRA -> yuv420p (`ColorConverter`) with the BT.709 matrix, tagged BT.709 (matrix, primaries,
///   transfer) and limited range, so players show the colours that were drawn.
/// - A frame whose `regions` share a background with the frame before is converted only where
///   either differs from it (the yuv420p frame is reused and still holds the one before); the
///   bytes are those of converting every frame whole.
/// - MP4 is written with `+faststart` (the index before the media data), so it starts playing
///   before it has downloaded; this rewrites the file once in `finish()`.
/// - The file is written beside the destination and renamed into place by `finish()`; an error,
///   `cancel()`, SIGINT/SIGTERM or deinit without `finish()` remove it.
///
/// Threading: one thread at a time (the FrameSink contract); FFmpeg contexts are not shared.
/// x264 runs its own worker threads inside `write`.
public final class VideoFileSink: FrameSink, AbandoningSink {
    public let destination: URL
    public let container: VideoContainer
    public let width: Int
    public let height: Int
    public let settings: VideoSettings
    /// The libavcodec encoder in use (e.g. "libx264").
    public let encoderName: String
    /// The CRF and preset actually used (settings with defaults filled in).
    public let crf: Int
    public let preset: String?
    /// The rate control in use: the CRF and, when capped, the VBV rate and buffer.
    public let rateControl: RateControl
    /// SSIM and PSNR against the drawn frames, after `finish()`, when `settings.measuresQuality`
    /// or a size limit asked for them.
    public private(set) var quality: QualityReport?
    /// CPU seconds spent converting BGRA to yuv420p so far (for benchmarks' per-frame split).
    public private(set) var conversionCPUSeconds = 0.0

    private var file: EncodedFile?
    private var converter: ColorConverter?
    private var yuvFrame: CodecFrame?
    /// What the last frame written said of itself: `yuvFrame` still holds its conversion.
    private var previousRegions: FrameRegions?
    var path: String { destination.path }

    /// Opens the encoder and the (temporary) file. Throws `EncodeError` for odd or invalid sizes,
    /// bad settings, a missing encoder, or an output that cannot be created.
    /// The largest width or height the H.264 and VP9 encoders accept here (their levels' limit).
    public static let maximumSide = 16384

    public init(destination: URL, width: Int, height: Int, settings: VideoSettings = VideoSettings(),
                container: VideoContainer = .mp4) throws {
        FFmpegLogLevel.quietenOnce()
        self.destination = destination
        self.container = container
        self.width = width
        self.height = height
        self.settings = settings
        let path = destination.path
        let limit = Self.maximumSide
        guard (1...limit).contains(width), (1...limit).contains(height) else {
            throw EncodeError.invalidSize(path: path, width: width, height: height, limit: limit)
        }
        guard width % 2 == 0, height % 2 == 0 else {
            throw EncodeError.oddSize(path: path, width: width, height: height, format: "\(container.codecLabel) (yuv420p)")
        }
        guard (1...240).contains(settings.fps) else { throw EncodeError.invalidFrameRate(path: path, fps: settings.fps) }
        switch container {
        case .mp4:
            crf = settings.crf ?? VideoSettings.defaultH264CRF
            preset = settings.preset ?? VideoSettings.defaultH264Preset
            guard (0...51).contains(crf) else {
                throw EncodeError.invalidSetting(path: path, name: "crf", value: "\(crf)", expected: "0 to 51 for H.264")
            }
            guard VideoSettings.h264Presets.contains(preset!) else {
                throw EncodeError.invalidSetting(path: path, name: "preset", value: preset!,
                                                 expected: VideoSettings.h264Presets.joined(separator: ", "))
            }
        case .webm:
            crf = settings.crf ?? VideoSettings.defaultVP9CRF
            preset = nil
            guard (0...63).contains(crf) else {
                throw EncodeError.invalidSetting(path: path, name: "crf", value: "\(crf)", expected: "0 to 63 for VP9")
            }
        }

        guard settings.maxSize == nil || settings.frameCount != nil else {
            throw EncodeError.invalidSetting(path: path, name: "max-size", value: settings.maxSize!.description,
                                             expected: "a frame count to spread it over (VideoSettings.frameCount)")
        }
        rateControl = try RateControl.make(crf: crf, cap: settings.maxBitrate, sizeLimit: settings.maxSize, width: width, height: height,
                                           fps: settings.fps, frameCount: settings.frameCount ?? 0, path: path)

        let output: AtomicOutput
        do { output = try AtomicOutput(destination: destination) } catch let error as OutputError {
            throw EncodeError.output(error)
        }
        let muxer = try MuxerContext(formatName: container.muxerName, filePath: output.temporary.path, displayPath: path)
        let encoder = try Self.openEncoder(for: container, muxer: muxer, width: width, height: height,
                                           fps: settings.fps, rateControl: rateControl, preset: preset, path: path)
        encoderName = encoder.codecName
        let file = try EncodedFile(output: output, muxer: muxer, encoder: encoder, path: path)
        file.sizeLimit = settings.maxSize
        if settings.measuresQuality || settings.maxSize != nil { file.meter = try QualityMeter(encoder: encoder, path: path) }
        if let title = settings.title { muxer.setMetadata("title", title) }
        muxer.setMetadata("comment", Self.comment(settings: settings, encoder: encoderName, rateControl: rateControl, preset: preset))
        // MP4: index first so players start before the download ends. WebM: without bitexact
        // the muxer writes a random segment id, and the same frames would give different bytes.
        let options = container == .mp4 ? [("movflags", "+faststart")] : [("fflags", "+bitexact")]
        try file.writeHeader(options: options)

        self.file = file
        converter = ColorConverter(width: width, height: height)
        yuvFrame = try CodecFrame(width: width, height: height, format: AV_PIX_FMT_YUV420P, path: path)
    }

    deinit { abandon() }

    /// Encoder threads, the same on every machine (see `openEncoder`).
    public static let encoderThreads = 4

    /// The comment tag: tool version and the settings that shaped the file.
    static func comment(settings: VideoSettings, encoder: String, rateControl: RateControl, preset: String?) -> String {
        var parts = ["\(encoder)", "crf=\(rateControl.crf)"]
        if let rate = rateControl.maxBitsPerSecond { parts.append("maxrate=\(rate / 1000)k bufsize=\((rateControl.bufferBits ?? 0) / 1000)k") }
        if let limit = rateControl.sizeLimit { parts.append("max-size=\(limit)") }
        if let preset { parts.append("preset=\(preset)") }
        parts.append("fps=\(settings.fps)")
        parts.append("yuv420p bt709")
        return "\(settings.toolVersion); " + parts.joined(separator: " ")
    }

    /// Tries the container's encoders in order; the first that opens wins.
    private static func openEncoder(for container: VideoContainer, muxer: MuxerContext, width: Int, height: Int,
                                    fps: Int, rateControl: RateControl, preset: String?, path: String) throws -> EncoderContext {
        let crf = rateControl.crf
        var tried: [String] = []
        var lastError: EncodeError?
        for name in container.encoderNames {
            guard let codec = EncoderContext.codec(named: name) else { continue }
            tried.append(name)
            let encoder = try EncoderContext(codec: codec, path: path)
            let context = encoder.pointer
            context.pointee.width = Int32(width)
            context.pointee.height = Int32(height)
            context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
            context.pointee.time_base = AVRational(num: 1, den: Int32(fps))
            context.pointee.framerate = AVRational(num: Int32(fps), den: 1)
            context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
            // A fixed thread count, never one that follows the machine: x264's bitstream (frame
            // threading, lookahead) and libvpx's depend on it, so the same frames give the same
            // bytes on 1 core or 64. Four keeps two cores busy (x264's own choice there is 3).
            context.pointee.thread_count = Int32(Self.encoderThreads)
            context.pointee.color_range = AVCOL_RANGE_MPEG
            context.pointee.colorspace = AVCOL_SPC_BT709
            context.pointee.color_primaries = AVCOL_PRI_BT709
            context.pointee.color_trc = AVCOL_TRC_BT709
            if muxer.wantsGlobalHeader { context.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER) }
            // Capped CRF (see RateControl): libx264 maps these to vbv-maxrate and vbv-bufsize.
            if let rate = rateControl.maxBitsPerSecond, let buffer = rateControl.bufferBits {
                context.pointee.rc_max_rate = rate
                context.pointee.rc_buffer_size = Int32(clamping: buffer)
            }
            switch name {
            case "libx264":
                // Under a VBV cap that binds, x264's rate control reads the buffer state its
                // other threads leave, frame or slice threads alike: the same frames gave
                // different bytes from run to run on 2 cores (here and with the ffmpeg CLI,
                // -threads 4 -maxrate). One thread keeps capped files byte-identical on every
                // machine, at x264's single-core speed; uncapped encodes keep their threads.
                if rateControl.maxBitsPerSecond != nil { context.pointee.thread_count = 1 }
                encoder.setPrivateOption("preset", preset ?? VideoSettings.defaultH264Preset)
                encoder.setPrivateOption("crf", "\(crf)")
            case "libvpx-vp9":
                // Constant quality: crf with bitrate 0; with a cap, constrained quality (crf with
                // the cap as the target rate). row-mt lets libvpx use both cores.
                context.pointee.bit_rate = rateControl.maxBitsPerSecond ?? 0
                encoder.setPrivateOption("crf", "\(crf)")
                encoder.setPrivateOption("deadline", "good")
                encoder.setPrivateOption("cpu-used", "5")
                encoder.setPrivateOption("row-mt", "1")
            default:
                // Encoders without CRF: a generous bitrate for busy plots (about 0.2 bit per pixel).
                context.pointee.bit_rate = Int64(Double(width * height * fps) * 0.2)
            }
            do {
                try encoder.open()
                return encoder
            } catch let error as EncodeError {
                lastError = error
            }
        }
        if tried.count == 1, let lastError { throw lastError }
        throw EncodeError.encoderUnavailable(path: path, format: container.codecLabel,
                                             tried: tried.isEmpty ? container.encoderNames : tried)
    }

    public func write(_ frame: BGRAFrame) throws {
        guard let file, let converter, let yuvFrame else { throw EncodeError.sinkClosed(path: path) }
        try checkSize(of: frame, index: Int(file.framesEncoded))
        try abandoningOnFailure {
            try yuvFrame.makeWritable(path: path)
            let start = Self.threadCPUSeconds()
            // Where the frame equals the one before (both over the same background), the
            // planes already hold its conversion: only the union of both frames' changes is redone.
            let changed = frame.regions.flatMap { regions in previousRegions.flatMap { regions.difference(from: $0) } }
            converter.convert(frame, into: yuvFrame, within: changed)
            previousRegions = frame.regions
            conversionCPUSeconds += Self.threadCPUSeconds() - start
            try file.encodeNext(yuvFrame)
        }
    }

    public func finish() throws {
        guard let file else { throw EncodeError.sinkClosed(path: path) }
        try abandoningOnFailure {
            try file.finish()
            quality = file.quality
            release()
        }
    }

    public func cancel() { abandon() }

    /// CPU time of the calling thread: what the conversion costs, whatever else runs.
    private static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    private func release() {
        file = nil
        yuvFrame = nil
        previousRegions = nil
        converter = nil
    }

    /// Closes and removes the unfinished file, then drops the FFmpeg state.
    func abandon() {
        file?.discard()
        release()
    }
}
