import CFFmpeg

/// FFmpeg logs encoder statistics and muxer notes to stderr at info level; a command-line tool
/// should only show real errors (which we also report as `EncodeError`).
enum FFmpegLogLevel {
    private static let quieten: Void = { av_log_set_level(AV_LOG_ERROR) }()

    /// Sets the level to errors the first time any sink opens.
    static func quietenOnce() { _ = quieten }
}
