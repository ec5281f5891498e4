import AtomicOutput
import CFFmpeg
import Foundation

/// Writes frames as `frame_000001.png`, `frame_000002.png`, ... in a folder, for people who edit
/// video themselves. PNGs come from libavcodec's `png` encoder (RGB, no timestamps, no physical
/// size chunk), so the same frames give the same bytes.
///
/// The folder is built beside the destination and renamed into place by `finish()` (an existing
/// folder there is replaced only then); errors, `cancel()` and SIGINT/SIGTERM remove it.
///
/// Threading: one thread at a time (the FrameSink contract).
public final class PNGSequenceSink: FrameSink, AbandoningSink {
    public let destination: URL
    public let width: Int
    public let height: Int

    private var output: AtomicOutput?
    private var encoder: EncoderContext?
    private var rgbFrame: CodecFrame?
    private var packet: CodecPacket?
    private var framesWritten = 0
    var path: String { destination.path }

    /// The file name of frame `index` (0-based): `frame_000001.png` for index 0.
    public static func fileName(forFrame index: Int) -> String {
        let number = String(index + 1)
        return "frame_" + String(repeating: "0", count: max(0, 6 - number.count)) + number + ".png"
    }

    /// Whether a folder holding exactly these names looks like frames written by a release
    /// before output folders carried `AtomicOutput.markerName`: only `frame_NNNNNN.png` files.
    /// Such a folder may be replaced, so existing scripts keep working.
    public static func isFramesFolder(_ names: [String]) -> Bool {
        names.allSatisfy { name in
            guard name.hasPrefix("frame_"), name.hasSuffix(".png") else { return false }
            let digits = name.dropFirst(6).dropLast(4)
            return digits.count >= 6 && digits.allSatisfy { $0.isASCII && $0.isNumber }
        }
    }

    public init(destination: URL, width: Int, height: Int) throws {
        FFmpegLogLevel.quietenOnce()
        self.destination = destination
        self.width = width
        self.height = height
        let path = destination.path
        guard (1...65535).contains(width), (1...65535).contains(height) else {
            throw EncodeError.invalidSize(path: path, width: width, height: height, limit: 65535)
        }
        guard let codec = EncoderContext.codec(named: "png") else {
            throw EncodeError.encoderUnavailable(path: path, format: "PNG", tried: ["png"])
        }
        let encoder = try EncoderContext(codec: codec, path: path)
        encoder.pointer.pointee.width = Int32(width)
        encoder.pointer.pointee.height = Int32(height)
        encoder.pointer.pointee.pix_fmt = AV_PIX_FMT_RGB24
        encoder.pointer.pointee.time_base = AVRational(num: 1, den: 30)
        // Paeth prediction: 2-3x smaller than none on plots, the same as optipng's usual choice.
        encoder.setPrivateOption("pred", "paeth")
        try encoder.open()
        do { output = try AtomicOutput(destination: destination, rule: .folder(legacyContents: Self.isFramesFolder)) } catch let error as OutputError {
            throw EncodeError.output(error)
        }
        self.encoder = encoder
        rgbFrame = try CodecFrame(width: width, height: height, format: AV_PIX_FMT_RGB24, path: path)
        packet = try CodecPacket(path: path)
    }

    deinit { abandon() }

    public func write(_ frame: BGRAFrame) throws {
        guard let encoder, let rgbFrame, let packet, let output else { throw EncodeError.sinkClosed(path: path) }
        try checkSize(of: frame, index: framesWritten)
        try abandoningOnFailure {
            try rgbFrame.makeWritable(path: path)
            Self.copyOpaqueRGB(from: frame, to: rgbFrame.plane(0), lineSize: rgbFrame.lineSize(0))
            rgbFrame.pointer.pointee.pts = Int64(framesWritten)
            try encoder.send(rgbFrame)
            var bytes = Data()
            while try encoder.receive(into: packet) {
                bytes.append(packet.bytes.bindMemory(to: UInt8.self))
                packet.unref()
            }
            let file = output.temporary.appendingPathComponent(Self.fileName(forFrame: framesWritten))
            try Self.writeFile(bytes, to: file, displayPath: path)
            framesWritten += 1
        }
    }

    public func finish() throws {
        guard let output else { throw EncodeError.sinkClosed(path: path) }
        guard framesWritten > 0 else {
            abandon()
            throw EncodeError.noFrames(path: path)
        }
        do {
            releaseFFmpeg()
            try output.commit()
            self.output = nil
        } catch let error as OutputError {
            abandon()
            throw EncodeError.output(error)
        }
    }

    public func cancel() { abandon() }

    /// Cairo frames are opaque here, so premultiplied BGRA is plain BGR: swap to RGB, drop alpha.
    static func copyOpaqueRGB(from frame: BGRAFrame, to destination: UnsafeMutablePointer<UInt8>, lineSize: Int) {
        for y in 0..<frame.height {
            let source = (frame.pixels + y * frame.bytesPerRow).assumingMemoryBound(to: UInt8.self)
            let target = destination + y * lineSize
            for x in 0..<frame.width {
                target[3 * x] = source[4 * x + 2]
                target[3 * x + 1] = source[4 * x + 1]
                target[3 * x + 2] = source[4 * x]
            }
        }
    }

    /// write(2) loop with errno reported the way FFmpeg would (a full disk names ENOSPC).
    private static func writeFile(_ bytes: Data, to url: URL, displayPath: String) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw EncodeError.output(.cannotCreate(path: url.path, reason: String(cString: strerror(errno))))
        }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            throw EncodeError.ffmpeg(nm_averror(failure), "writing \(url.lastPathComponent)", stage: .write, path: displayPath)
        }
    }

    private func releaseFFmpeg() {
        packet = nil
        rgbFrame = nil
        encoder = nil
    }

    func abandon() {
        releaseFFmpeg()
        output?.discard()
        output = nil
    }
}
