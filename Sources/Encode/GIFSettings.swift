/// How a GIF is written.
public struct GIFSettings: Sendable, Equatable {
    /// Frames per second, 1...50. GIF stores delays in 1/100 s and browsers replace delays under
    /// 2/100 s with 1/10 s, so faster GIFs would play slower, not faster.
    public var fps: Int
    /// Colours kept exact: the theme's background, class colours, text, and their blends with the
    /// background at the coverage levels anti-aliasing produces, plus the opaque class colours that
    /// overlapping translucent points approach (at most 256 distinct; leave ~40-80 slots for the
    /// dither lattice). Anything else is Bayer-dithered.
    public var keyColors: [RGB]
    /// How often the animation repeats: 0 = forever (the default, for READMEs and chat).
    public var loopCount: Int

    public init(fps: Int = 15, keyColors: [RGB], loopCount: Int = 0) {
        self.fps = fps
        self.keyColors = keyColors
        self.loopCount = loopCount
    }
}
