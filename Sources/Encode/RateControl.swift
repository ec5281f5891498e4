import Foundation
import SettingSchema

/// The cap on a video's bit rate: `none` (the default: constant quality only), `auto` (scaled to
/// the frame size and rate, see `BitRateCap.autoBitsPerPixel`), or a rate such as `10M`.
public enum BitRateCap: Sendable, Equatable {
    case auto
    case none
    case rate(BitRate)

    /// 10 Mbit/s at 1920x1080, 30 fps (0.16 bit per pixel per frame), scaled by the pixel rate.
    ///
    /// Capped at 10 Mbit/s, a 30 s 1080p30 video of 4 x 10,000 moving points came out at
    /// 9.55 Mbit/s with an SSIM of 0.973 against its own lossless frames (yuv420p, ffmpeg's
    /// `ssim` filter; bench/video-size-quality.sh). Not the default: a binding cap makes x264
    /// encode on one thread to stay deterministic (VideoFileSink), and the default CRF alone
    /// (`VideoSettings.defaultH264CRF`) already reaches that size and quality.
    public static let autoBitsPerPixel = 10_000_000.0 / (1920 * 1080 * 30)

    /// The cap in bits per second for frames of this size and rate; nil for none.
    public func bitsPerSecond(width: Int, height: Int, fps: Int) -> Int64? {
        switch self {
        case .auto: return Int64((Self.autoBitsPerPixel * Double(width * height * fps)).rounded())
        case .none: return nil
        case let .rate(rate): return rate.bitsPerSecond
        }
    }
}

extension SettingDomain where Value == BitRateCap {
    /// `auto`, `none`, or a bit rate.
    public static var bitRateCap: SettingDomain {
        let expected = "a bit rate such as 10M, 8Mbit/s or 2500k, auto (10 Mbit/s at 1080p30, scaled by pixels per second) or none"
        return SettingDomain(expected: expected, valueName: "rate|auto|none", parse: { (text: String) throws(SettingValueError) -> BitRateCap in
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "auto": return .auto
            case "none": return .none
            default:
                guard let rate = BitRate(parsing: text) else { throw SettingValueError(expected: expected) }
                return .rate(rate)
            }
        }, format: { cap in
            switch cap {
            case .auto: return "auto"
            case .none: return "none"
            case let .rate(rate): return rate.description
            }
        })
    }
}

/// How the encoder spends bits: capped constant quality. The encoder aims at the CRF's quality;
/// a VBV (video buffering verifier) with `maxBitsPerSecond` and a one-second buffer caps the rate
/// where the content would need more, so quality drops only where it has to.
///
/// Why not two passes: frames are rendered once and streamed to the encoder (a second pass
/// would render or store the whole video again), and the cap holds over every second of the
/// video, not only on average, which is also what streaming players want. The price: a video
/// far below its limit is not made larger to use the budget; it is already at the CRF's quality.
///
/// A size limit becomes a rate: the bits the file may hold, less the container's share, spread
/// over the duration plus what the VBV's initial buffer may add (the VBV bounds the bits of any
/// stretch of t seconds by `initialFullness · buffer + rate · t`).
public struct RateControl: Sendable, Equatable {
    public let crf: Int
    /// VBV maximum rate (bits per second); nil for CRF alone.
    public let maxBitsPerSecond: Int64?
    /// VBV buffer size (bits); nil without a cap.
    public let bufferBits: Int64?
    /// The size the file must fit, when one was given.
    public let sizeLimit: ByteSize?

    /// The VBV buffer, in seconds at the maximum rate.
    public static let bufferSeconds = 1.0
    /// x264's and libvpx's initial buffer fullness (x264's `vbv-init` default).
    static let initialFullness = 0.9
    /// Share of a size limit left to the encoder's rate-control slack (VBV is kept per frame on
    /// estimates, and libvpx's is looser than x264's).
    static let slack = 0.95
    /// Container bytes: MP4/WebM headers and index, per file and per frame (sample sizes, times,
    /// key-frame entries, cluster headers: about 20 bytes a frame).
    static let containerBytes = 4096, containerBytesPerFrame = 24

    public init(crf: Int, maxBitsPerSecond: Int64? = nil, sizeLimit: ByteSize? = nil) {
        self.crf = crf
        self.maxBitsPerSecond = maxBitsPerSecond
        bufferBits = maxBitsPerSecond.map { Int64(Double($0) * Self.bufferSeconds) }
        self.sizeLimit = sizeLimit
    }

    /// The rate control for `frameCount` frames at `fps`: the tighter of `cap` and the rate that
    /// fits `sizeLimit`. Throws `EncodeError.sizeLimitTooSmall` when the limit leaves less than
    /// 10 kbit/s.
    public static func make(crf: Int, cap: BitRateCap, sizeLimit: ByteSize?, width: Int, height: Int, fps: Int,
                            frameCount: Int, path: String) throws(EncodeError) -> RateControl {
        var rate = cap.bitsPerSecond(width: width, height: height, fps: fps)
        if let sizeLimit {
            let fitting = bitsPerSecond(fitting: sizeLimit, frameCount: frameCount, fps: fps)
            guard fitting >= 10_000 else {
                throw .sizeLimitTooSmall(path: path, limit: sizeLimit.description, seconds: Double(frameCount) / Double(fps))
            }
            rate = min(rate ?? fitting, fitting)
        }
        return RateControl(crf: crf, maxBitsPerSecond: rate, sizeLimit: sizeLimit)
    }

    /// The largest VBV rate whose worst case fits `limit` for `frameCount` frames at `fps`.
    static func bitsPerSecond(fitting limit: ByteSize, frameCount: Int, fps: Int) -> Int64 {
        let payload = Double(limit.bytes - Int64(containerBytes) - Int64(containerBytesPerFrame * frameCount))
        let seconds = Double(max(frameCount, 1)) / Double(fps)
        let bits = payload * 8 * slack
        return Int64(max(bits / (seconds + initialFullness * bufferSeconds), 0))
    }
}
