import SettingSchema

/// Quality (constant rate factor) per codec: each codec has its own range and default, so a
/// value meant for one never reaches the other. Presets name them `crf.h264` and `crf.vp9`;
/// the plain `crf` key (and `--crf`) sets whichever codec the output uses.
public struct CodecCRF: Sendable, Equatable {
    public var h264 = VideoSettings.Setting.crfH264.defaultValue
    public var vp9 = VideoSettings.Setting.crfVP9.defaultValue

    public init() {}

    /// The value for a container's codec; throws when a plain `crf` beyond the codec's range
    /// was given for it.
    public func value(for container: VideoContainer) throws(SettingValueError) -> Int {
        let spec = container == .webm ? VideoSettings.Setting.crfVP9 : VideoSettings.Setting.crfH264
        let value = container == .webm ? vp9 : h264
        _ = try spec.domain.parse(String(value))
        return value
    }
}

extension VideoSettings {
    /// The encoder's settings, declared once.
    public enum Setting {
        public static let fps = SettingSpec(
            key: "fps", help: "frames per second", defaultValue: 30, domain: .integer(1 ... 120))
        public static let crfH264 = SettingSpec(
            key: "crf.h264", help: "H.264 (.mp4) quality, 0 lossless; lower is better and larger",
            defaultValue: VideoSettings.defaultH264CRF, domain: .integer(0 ... 51))
        public static let crfVP9 = SettingSpec(
            key: "crf.vp9", help: "VP9 (.webm) quality, 0 best; lower is better and larger",
            defaultValue: VideoSettings.defaultVP9CRF, domain: .integer(0 ... 63))
        /// Sets the output's codec; its range is the widest codec's, checked against the chosen
        /// codec once the output is known.
        public static let crf = SettingSpec(
            key: "crf", help: "quality of the output's codec (sets crf.h264 or crf.vp9); lower is better and larger",
            defaultValue: VideoSettings.defaultH264CRF, domain: .integer(0 ... 63),
            defaultSummary: "\(crfH264.defaultText) for H.264, \(crfVP9.defaultText) for VP9")
        public static let encoderPreset = SettingSpec(
            key: "encoder-preset", help: "x264 speed preset (slower presets barely shrink dense point clouds)",
            defaultValue: VideoSettings.defaultH264Preset, domain: .oneOf(VideoSettings.h264Presets))
        public static let maxBitrate = SettingSpec(
            key: "max-bitrate", help: "MP4/WebM: cap the bit rate (capped CRF: quality drops only where the cap bites)",
            defaultValue: BitRateCap.none, domain: .bitRateCap)
        public static let maxSize = SettingSpec(
            key: "max-size", help: "MP4/WebM: make the file fit this size at the best quality the cap allows (capped CRF, one pass)",
            defaultValue: ByteSize?.none, domain: .byteSize)
        public static let reportQuality = SettingSpec(
            key: "report-quality",
            help: "MP4/WebM: measure mean SSIM and PSNR against the drawn frames (in --json; also on with --max-size)",
            defaultValue: false, domain: .flag)
    }
}
