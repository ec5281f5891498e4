import SettingSchema

/// How a video (MP4 / WebM) is encoded.
///
/// Defaults, chosen for scatter-plot slides: H.264 `veryfast` at CRF 20, capped at 10 Mbit/s at
/// 1080p30 (`BitRateCap.auto`, which says why), so dense clouds stay uploadable while calm
/// plots keep CRF 20's quality.
/// - `veryfast`: dense moving dots are close to noise for H.264, so slower presets buy almost
///   nothing: on 40k moving dots at 1080p, `medium` took 3.5x the CPU of `veryfast` for a file of
///   the same size (96 vs 91 MB for 10 s at CRF 23), while `ultrafast` made files 1.5-2x larger.
///   `veryfast` is the knee of the curve (shared/design/ffmpeg-cairo-notes.md, section 3).
/// - CRF 20: small anti-aliased dots lose their edges first. Measured on encode-bench's scene
///   (1080p, 4 x 10k moving dots, veryfast, 60 frames; PSNR of the decoded yuv420p against the
///   source converted to yuv420p, i.e. the codec's loss alone):
///   CRF 18: 38.9 dB, 12.1 MB; CRF 20: 37.2 dB, 9.8 MB; CRF 23 (x264's default): 34.9 dB, 7.0 MB.
///   20 keeps 2.3 dB more than 23 for 40% more bytes (about 40 Mbit/s for this dense scene, far
///   less for calmer plots); 18 adds 1.7 dB for another 23%. Raise it for smaller files.
public struct VideoSettings: Sendable, Equatable {
    /// Frames per second, 1...240.
    public var fps: Int
    /// Constant rate factor: 0 (lossless) ... 51 for H.264, 0 ... 63 for VP9; lower is better quality.
    /// nil uses the codec's default from this struct (H.264: 20, VP9: 32).
    public var crf: Int?
    /// x264 preset (ultrafast ... veryslow); nil means `veryfast`. Ignored for VP9, which uses
    /// `deadline=good, cpu-used=5`.
    public var preset: String?
    /// Written as the file's title tag when set.
    public var title: String?
    /// Tool name and version for the comment tag, e.g. "nm-render 0.3.0".
    public var toolVersion: String
    /// The VBV cap on the bit rate (see `BitRateCap.auto` for the default and why).
    public var maxBitrate: BitRateCap
    /// The size the file must fit (MP4 / WebM); needs `frameCount`.
    public var maxSize: ByteSize?
    /// How many frames will be written; the size limit is spread over them.
    public var frameCount: Int?
    /// Measure SSIM and PSNR of the encoded frames against the frames drawn (costs a decode
    /// and a comparison per frame); `VideoFileSink.quality` holds the result after `finish()`.
    public var measuresQuality: Bool

    /// Why 26: dense moving point clouds are all detail (every anti-aliased dot edge moves), so
    /// x264 spends 15-40 Mbit/s on them at 1080p30 with CRF 20: a 60 s clip was ~118 MB, past
    /// the 10 MB uploads GitHub takes in a few seconds. At CRF 26, a 30 s 1080p30 video of
    /// 4 x 10,000 moving points is 9.48 Mbit/s at SSIM 0.973 against its own lossless frames
    /// (yuv420p, ffmpeg's `ssim` filter; bench/video-size-quality.sh), inside issue 15's
    /// 10 Mbit/s and 0.965; calm plots come out far smaller. The talk presets choose 20-22 for
    /// projectors; `--max-size` / `--max-bitrate` cap a file when its size is what matters.
    public static let defaultH264CRF = 26
    public static let defaultH264Preset = "veryfast"
    public static let defaultVP9CRF = 32
    /// The presets x264 accepts.
    public static let h264Presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium",
                                     "slow", "slower", "veryslow", "placebo"]

    public init(fps: Int = 30, crf: Int? = nil, preset: String? = nil, title: String? = nil,
                toolVersion: String = "nm-render", maxBitrate: BitRateCap = Setting.maxBitrate.defaultValue,
                maxSize: ByteSize? = nil, frameCount: Int? = nil, measuresQuality: Bool = false) {
        self.maxBitrate = maxBitrate
        self.maxSize = maxSize
        self.frameCount = frameCount
        self.measuresQuality = measuresQuality
        self.fps = fps
        self.crf = crf
        self.preset = preset
        self.title = title
        self.toolVersion = toolVersion
    }
}
