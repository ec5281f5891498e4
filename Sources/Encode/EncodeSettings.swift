import Foundation

/// Settings for every output kind; `makeFrameSink` uses the part that applies.
public struct EncodeSettings: Sendable, Equatable {
    /// MP4 / WebM settings (fps, CRF, preset, title, tool version).
    public var video: VideoSettings
    /// GIF settings (fps, key colours, loop). `keyColors` empty gives a palette that is only the
    /// dither lattice and grey ramp, so pass the theme's colours.
    public var gif: GIFSettings

    public init(video: VideoSettings = VideoSettings(), gif: GIFSettings = GIFSettings(keyColors: [])) {
        self.video = video
        self.gif = gif
    }
}

/// Opens the sink that `destination` asks for (see `OutputKind`), ready for `width` x `height` frames.
///
/// Throws `EncodeError`: unknown extension, odd size for MP4/WebM, invalid settings, a missing
/// encoder, or an output that cannot be created (`EncodeError.output`).
public func makeFrameSink(destination: URL, width: Int, height: Int, settings: EncodeSettings) throws -> any FrameSink {
    switch try OutputKind(destination: destination) {
    case .mp4:
        return try VideoFileSink(destination: destination, width: width, height: height, settings: settings.video, container: .mp4)
    case .webm:
        guard VideoContainer.webm.isAvailable else {
            throw EncodeError.encoderUnavailable(path: destination.path, format: "VP9", tried: VideoContainer.webm.encoderNames)
        }
        return try VideoFileSink(destination: destination, width: width, height: height, settings: settings.video, container: .webm)
    case .gif:
        return try GIFSink(destination: destination, width: width, height: height, settings: settings.gif)
    case .pngSequence:
        return try PNGSequenceSink(destination: destination, width: width, height: height)
    }
}
