import AtomicOutput
import CFFmpeg
import Foundation

/// Writes frames as an animated GIF through libavcodec's `gif` encoder (PAL8) and libavformat's
/// `gif` muxer.
///
/// - Colours: one fixed palette for the whole animation (`GIFPalette`): key colours map exactly,
///   other colours are Bayer-dithered (`PaletteQuantizer`). A fixed palette also lets the encoder
///   store only the rectangle that changed since the previous frame, with unchanged pixels inside it
///   made transparent (its default `offsetting+transdiff` flags), which keeps files small.
/// - Timing: frame k starts at round(100 k / fps) hundredths of a second (the muxer's time base), so
///   at 30 fps the delays run 3, 4, 3, 3, 4, 3, ... and the total length is exact; the last frame's
///   delay is set so the whole loop lasts round(100 n / fps) hundredths.
/// - Loops forever unless `loopCount` says otherwise (NETSCAPE2.0 extension).
/// - Written beside the destination and renamed into place by `finish()`.
///
/// Threading: one thread at a time (the FrameSink contract).
public final class GIFSink: FrameSink, AbandoningSink {
    public let destination: URL
    public let width: Int
    public let height: Int
    public let settings: GIFSettings
    public let palette: GIFPalette

    private var file: EncodedFile?
    private let quantizer: PaletteQuantizer
    private var indexedFrame: CodecFrame?
    var path: String { destination.path }

    public init(destination: URL, width: Int, height: Int, settings: GIFSettings) throws {
        FFmpegLogLevel.quietenOnce()
        self.destination = destination
        self.width = width
        self.height = height
        self.settings = settings
        let path = destination.path
        guard (1...65535).contains(width), (1...65535).contains(height) else {
            throw EncodeError.invalidSize(path: path, width: width, height: height, limit: 65535)
        }
        guard (1...50).contains(settings.fps) else {
            throw EncodeError.invalidSetting(path: path, name: "fps", value: "\(settings.fps)",
                                             expected: "1 to 50 for GIF (browsers slow faster GIFs down to 10 fps)")
        }
        guard (0...65535).contains(settings.loopCount) else {
            throw EncodeError.invalidSetting(path: path, name: "loop count", value: "\(settings.loopCount)",
                                             expected: "0 (forever) to 65535")
        }
        palette = try GIFPalette(keyColors: settings.keyColors)
        quantizer = PaletteQuantizer(palette: palette)

        let output: AtomicOutput
        do { output = try AtomicOutput(destination: destination) } catch let error as OutputError {
            throw EncodeError.output(error)
        }
        let muxer = try MuxerContext(formatName: "gif", filePath: output.temporary.path, displayPath: path)
        guard let codec = EncoderContext.codec(named: "gif") else {
            throw EncodeError.encoderUnavailable(path: path, format: "GIF", tried: ["gif"])
        }
        let encoder = try EncoderContext(codec: codec, path: path)
        encoder.pointer.pointee.width = Int32(width)
        encoder.pointer.pointee.height = Int32(height)
        encoder.pointer.pointee.pix_fmt = AV_PIX_FMT_PAL8
        encoder.pointer.pointee.time_base = AVRational(num: 1, den: Int32(settings.fps))
        encoder.pointer.pointee.framerate = AVRational(num: Int32(settings.fps), den: 1)
        try encoder.open()
        let file = try EncodedFile(output: output, muxer: muxer, encoder: encoder, path: path)
        // NETSCAPE2.0 loop field: 0 repeats forever, n > 0 plays n + 1 times.
        muxer.setPrivateOption("loop", Int64(settings.loopCount))
        try file.writeHeader()

        self.file = file
        let frame = try CodecFrame(width: width, height: height, format: AV_PIX_FMT_PAL8, path: path)
        indexedFrame = frame
        writePalette(into: frame)
    }

    deinit { abandon() }

    /// PAL8 palettes are native-endian 0xAARRGGBB words; all opaque.
    private func writePalette(into frame: CodecFrame) {
        frame.plane(1).withMemoryRebound(to: UInt32.self, capacity: 256) { entries in
            for (i, color) in palette.colors.enumerated() { entries[i] = 0xFF00_0000 | color.hex }
        }
    }

    public func write(_ frame: BGRAFrame) throws {
        guard let file, let indexedFrame else { throw EncodeError.sinkClosed(path: path) }
        try checkSize(of: frame, index: Int(file.framesEncoded))
        try abandoningOnFailure {
            try indexedFrame.makeWritable(path: path)
            writePalette(into: indexedFrame)  // a fresh buffer after makeWritable has no palette
            quantizer.quantize(frame, into: indexedFrame.plane(0), lineSize: indexedFrame.lineSize(0))
            try file.encodeNext(indexedFrame)
        }
    }

    public func finish() throws {
        guard let file else { throw EncodeError.sinkClosed(path: path) }
        try abandoningOnFailure {
            // Last frame's delay: the remainder of round(100 n / fps) after its start time.
            let fps = Int64(settings.fps)
            let frames = file.framesEncoded
            let total = (100 * frames + fps / 2) / fps
            let lastStart = (100 * (frames - 1) + fps / 2) / fps
            try file.finish(trailerOptions: [("final_delay", max(1, total - lastStart))])
            release()
        }
    }

    public func cancel() { abandon() }

    private func release() {
        file = nil
        indexedFrame = nil
    }

    /// Closes and removes the unfinished file, then drops the FFmpeg state.
    func abandon() {
        file?.discard()
        release()
    }
}
