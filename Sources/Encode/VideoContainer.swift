/// A video file format the video sink writes: the container and the codecs tried for it.
public enum VideoContainer: String, Sendable, CaseIterable {
    /// MP4 with H.264 (yuv420p, BT.709), `+faststart`: plays in PowerPoint, Keynote, browsers.
    case mp4
    /// WebM with VP9 (yuv420p, BT.709), when libvpx-vp9 is in the system's libavcodec.
    case webm

    /// libavformat's muxer name.
    var muxerName: String { rawValue }

    /// What users call the codec, for messages.
    var codecLabel: String { self == .mp4 ? "H.264" : "VP9" }

    /// Encoder names in order of preference. libx264 is the only software H.264 encoder in most
    /// builds; libopenh264 is the usual alternative elsewhere. Hardware encoders (nvenc, vaapi, qsv)
    /// are tried last and only work with their device.
    var encoderNames: [String] {
        switch self {
        case .mp4: return ["libx264", "libopenh264", "h264_videotoolbox", "h264_nvenc", "h264_qsv", "h264_vaapi"]
        case .webm: return ["libvpx-vp9"]
        }
    }

    /// Whether this FFmpeg build has at least one of the encoders (it may still fail to open).
    public var isAvailable: Bool { encoderNames.contains { EncoderContext.codec(named: $0) != nil } }
}
