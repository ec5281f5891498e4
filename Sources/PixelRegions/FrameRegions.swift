/// The identity of a background image that many frames start from (a renderer's fixed chrome).
/// Compared by identity (`===`): two renderers' backgrounds never match, and whoever keeps a
/// frame's `FrameRegions` keeps its background's identity alive, so it cannot be reused.
public final class SharedBackground: Sendable {
    public init() {}
}

/// What a frame holds, told by whoever drew it to whoever reads it: outside the `changed`
/// rectangles its pixels are exactly those of `background`. Two frames with the same background
/// can then differ only inside the union of their `changed` rectangles, so a buffer holding one
/// becomes the other by redrawing that union, and an encoder that converted one converts only
/// that union of the other.
///
/// The renderer (`FrameRenderer`) makes it; `PixelBuffer` carries it from the renderer to the
/// sink with the pixels; `VideoFileSink` uses it. No value means "anything may have changed".
public struct FrameRegions: Sendable {
    public let background: SharedBackground
    /// In pixels of the frame; may overlap and reach past its edges.
    public let changed: [PixelRect]

    public init(background: SharedBackground, changed: [PixelRect]) {
        self.background = background
        self.changed = changed
    }

    /// Where a frame holding `self` and a frame holding `other` may differ; nil when they have
    /// different backgrounds (then anywhere).
    public func difference(from other: FrameRegions) -> [PixelRect]? {
        background === other.background ? changed + other.changed : nil
    }
}
