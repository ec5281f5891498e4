import Foundation
import AtomicOutput
import CFFmpeg
import Foundation

/// Where in the life of an output an FFmpeg call failed.
public enum EncodeStage: String, Sendable {
    /// Opening the encoder, the muxer or the file.
    case open
    /// Converting or encoding a frame.
    case encode
    /// Writing encoded bytes to the file.
    case write
    /// Flushing the encoder, writing the trailer (MP4: the `+faststart` rewrite) and closing the file.
    case finish
}

/// Everything that can go wrong while turning frames into a file. Each message is one sentence
/// naming the output; the executable decides exit codes from the case.
public enum EncodeError: Error, CustomStringConvertible, Equatable {
    /// The destination's extension names no format we write.
    case unknownExtension(path: String, pathExtension: String)
    /// H.264 and VP9 in 4:2:0 need even dimensions.
    case oddSize(path: String, width: Int, height: Int, format: String)
    /// Width or height is zero, negative or beyond what the format stores.
    case invalidSize(path: String, width: Int, height: Int, limit: Int)
    /// Frames per second outside 1...240.
    case invalidFrameRate(path: String, fps: Int)
    /// A frame that does not match the size the sink was opened with.
    case frameSizeMismatch(path: String, index: Int, expected: (Int, Int), got: (Int, Int))
    /// No usable encoder for the format in this FFmpeg build.
    case encoderUnavailable(path: String, format: String, tried: [String])
    /// The GIF palette has room for 256 colours.
    case tooManyKeyColors(count: Int)
    /// An FFmpeg call failed; `message` is FFmpeg's own text (av_strerror).
    case ffmpeg(path: String, stage: EncodeStage, operation: String, code: Int32, message: String)
    /// The output file or folder cannot be created, written or moved into place.
    case output(OutputError)
    /// An encoder setting outside what the codec accepts.
    case invalidSetting(path: String, name: String, value: String, expected: String)
    /// `finish()` was called before any frame was written.
    case noFrames(path: String)
    /// A frame was written after `finish()` or `cancel()`.
    case sinkClosed(path: String)
    /// The pipeline was cancelled before it finished; nothing was written.
    case cancelled(path: String)
    /// A size limit too small for the video's duration (under 10 kbit/s).
    case sizeLimitTooSmall(path: String, limit: String, seconds: Double)
    /// The encoded file came out larger than its size limit (rate control overshot); it was removed.
    case sizeLimitExceeded(path: String, bytes: Int64, limit: String)

    public static func == (a: EncodeError, b: EncodeError) -> Bool { a.description == b.description }

    public var description: String {
        switch self {
        case let .unknownExtension(path, ext):
            let shown = ext.isEmpty ? "no extension" : "extension '.\(ext)'"
            return "cannot write \(path): \(shown) is not a video format; use .mp4, .gif, .webm, or a folder (no extension) for a PNG sequence"
        case let .oddSize(path, w, h, format):
            return "cannot write \(path): \(format) needs even width and height, got \(w)x\(h); use \(w + w % 2)x\(h + h % 2)"
        case let .invalidSize(path, w, h, limit):
            return "cannot write \(path): frame size \(w)x\(h) is invalid; width and height must be between 1 and \(limit)"
        case let .invalidFrameRate(path, fps):
            return "cannot write \(path): \(fps) frames per second is invalid; use 1 to 240"
        case let .frameSizeMismatch(path, index, expected, got):
            return "cannot write \(path): frame \(index) is \(got.0)x\(got.1), but the output was opened for \(expected.0)x\(expected.1)"
        case let .encoderUnavailable(path, format, tried):
            return "cannot write \(path): this FFmpeg has no usable \(format) encoder (tried \(tried.joined(separator: ", ")))"
        case let .tooManyKeyColors(count):
            return "the GIF palette holds 256 colours, but \(count) distinct key colours were given; reduce the theme's blend levels"
        case let .invalidSetting(path, name, value, expected):
            return "cannot write \(path): \(name) '\(value)' is invalid; expected \(expected)"
        case let .ffmpeg(path, stage, operation, _, message):
            return "cannot write \(path): \(operation) failed while \(stage.verb): \(message)"
        case let .output(error):
            return error.description
        case let .noFrames(path):
            return "cannot write \(path): no frames were rendered, so there is nothing to encode"
        case let .sinkClosed(path):
            return "cannot write \(path): a frame was sent after the output was finished or cancelled"
        case let .cancelled(path):
            return "\(path) was not written: encoding was cancelled"
        case let .sizeLimitTooSmall(path, limit, seconds):
            return "cannot write \(path): \(limit) is too small for \(String(format: "%.1f", seconds)) s of video; raise --max-size or shorten the video (--duration)"
        case let .sizeLimitExceeded(path, bytes, limit):
            return "\(path) was not written: the encoder made \(bytes) bytes, over the \(limit) limit; retry with a smaller --max-size or a higher --crf"
        }
    }


    /// FFmpeg's text for an error code, as av_strerror gives it.
    static func message(for code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(AV_ERROR_MAX_STRING_SIZE) + 1)
        // For codes it does not know, av_strerror still writes a generic "Error number N occurred".
        _ = buffer.withUnsafeMutableBufferPointer { av_strerror(code, $0.baseAddress, $0.count) }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Builds the error for a failed FFmpeg call.
    static func ffmpeg(_ code: Int32, _ operation: String, stage: EncodeStage, path: String) -> EncodeError {
        .ffmpeg(path: path, stage: stage, operation: operation, code: code, message: message(for: code))
    }
}

extension EncodeStage {
    var verb: String {
        switch self {
        case .open: return "opening"
        case .encode: return "encoding"
        case .write: return "writing"
        case .finish: return "finishing"
        }
    }
}

/// Throws an `EncodeError.ffmpeg` when an FFmpeg return code is negative; returns it otherwise.
@discardableResult
func check(_ code: Int32, _ operation: String, stage: EncodeStage, path: String) throws -> Int32 {
    if code < 0 { throw EncodeError.ffmpeg(code, operation, stage: stage, path: path) }
    return code
}
