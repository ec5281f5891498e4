import PixelRegions

/// A frame-sized BGRA buffer that owns its memory: the renderer draws into `pointer` (for Cairo:
/// `cairo_image_surface_create_for_data(pointer, CAIRO_FORMAT_ARGB32, width, height, bytesPerRow)`),
/// the encoder reads it as a `BGRAFrame`.
///
/// `@unchecked Sendable`: a buffer moves between the render thread and the encoder thread, but
/// `FramePipeline` hands it to exactly one of them at a time, and every hand-off goes through the
/// pipeline's lock, which orders the memory writes.
public final class PixelBuffer: @unchecked Sendable {
    public let width: Int
    public let height: Int
    /// Bytes per row: 4 x width, which is also Cairo's ARGB32 stride for every width.
    public let bytesPerRow: Int
    /// The first pixel; `bytesPerRow x height` bytes, 64-byte aligned.
    public let pointer: UnsafeMutableRawPointer
    /// What the pixels hold, for the next drawing into this buffer and for the sink: set by
    /// whoever draws them (`FrameRenderer.render(...regions:)` does), nil when unknown. A
    /// buffer from `FramePipeline` keeps the value of the frame it held before.
    public var regions: FrameRegions?

    public init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "PixelBuffer needs a positive size, got \(width)x\(height)")
        self.width = width
        self.height = height
        bytesPerRow = 4 * width
        pointer = .allocate(byteCount: bytesPerRow * height, alignment: 64)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: bytesPerRow * height)
    }

    deinit { pointer.deallocate() }

    /// The buffer as the encoder sees it.
    public var frame: BGRAFrame {
        BGRAFrame(width: width, height: height, bytesPerRow: bytesPerRow, pixels: UnsafeRawPointer(pointer), regions: regions)
    }

    /// Paints every pixel with an opaque colour (and forgets `regions`).
    public func fill(_ color: RGB) {
        regions = nil
        let word = 0xFF00_0000 | color.hex  // B, G, R, A in memory on little-endian machines
        let pixels = pointer.bindMemory(to: UInt32.self, capacity: width * height)
        pixels.update(repeating: UInt32(littleEndian: word), count: width * height)
    }
}
