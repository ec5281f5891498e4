import PixelRegions

/// One rendered frame as the encoder receives it: opaque, premultiplied 32-bit pixels in Cairo's
/// ARGB32 memory order (bytes B, G, R, A on little-endian machines; `AV_PIX_FMT_BGRA`).
/// The pointer is only valid during the `write` call that receives it.
public struct BGRAFrame {
    public var width: Int
    public var height: Int
    public var bytesPerRow: Int
    public var pixels: UnsafeRawPointer
    /// Where this frame can differ from a background other frames share (nil: anywhere). A
    /// sink may use it to redo only what changed since the frame before (`VideoFileSink`
    /// converts only there); the result must be the same as without it.
    public var regions: FrameRegions?

    public init(width: Int, height: Int, bytesPerRow: Int, pixels: UnsafeRawPointer, regions: FrameRegions? = nil) {
        self.width = width
        self.height = height
        self.bytesPerRow = bytesPerRow
        self.pixels = pixels
        self.regions = regions
    }
}

/// Where frames go: an MP4, a GIF or a PNG sequence. The renderer does not know which.
///
/// Lifecycle: `write` every frame in order, then `finish()` once, which makes the output appear
/// at its destination (atomically). `cancel()` (or deinit without `finish`) removes everything
/// written so far. A sink is used from one thread at a time.
public protocol FrameSink: AnyObject {
    func write(_ frame: BGRAFrame) throws
    func finish() throws
    func cancel()
}
