import CCairo
import Foundation

/// A Cairo drawing target: owns one `cairo_surface_t` and one `cairo_t`, destroyed in deinit.
///
/// Threading: a canvas is not thread-safe. Exactly one thread may use a given canvas at a time
/// (the renderer thread of a video pipeline); it is not `Sendable`, so Swift enforces that a
/// canvas cannot be shared between concurrent tasks.
public final class Canvas {
    let surface: OpaquePointer
    let cr: OpaquePointer
    /// Size in device units (pixels for image canvases, points for PDF/SVG).
    public let width: Int
    public let height: Int
    /// True for image surfaces (direct pixel access and splatting allowed).
    public let isRaster: Bool

    /// A new ARGB32 image canvas with its own memory, cleared to transparent.
    public convenience init(width: Int, height: Int) throws {
        try Self.checkSize(width, height)
        let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        try self.init(surface: s, width: width, height: height, isRaster: true, operation: "cairo_image_surface_create")
    }

    /// An ARGB32 image canvas drawing straight into caller-owned memory (premultiplied BGRA bytes
    /// on little-endian machines). `bytesPerRow` must be at least
    /// `Canvas.minimumBytesPerRow(width:)` and a multiple of 4. The memory must outlive the canvas.
    public convenience init(pixels: UnsafeMutableRawPointer, width: Int, height: Int, bytesPerRow: Int) throws {
        try Self.checkSize(width, height)
        let minimum = Self.minimumBytesPerRow(width: width)
        guard bytesPerRow >= minimum, bytesPerRow % 4 == 0 else {
            throw RenderError.invalidBuffer(reason: "bytesPerRow \(bytesPerRow) must be a multiple of 4 and at least \(minimum) for width \(width)")
        }
        guard Int(bitPattern: pixels) % 4 == 0 else {
            throw RenderError.invalidBuffer(reason: "pixel memory must be 4-byte aligned")
        }
        let s = cairo_image_surface_create_for_data(pixels.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_ARGB32,
                                                    Int32(width), Int32(height), Int32(bytesPerRow))!
        try self.init(surface: s, width: width, height: height, isRaster: true, operation: "cairo_image_surface_create_for_data")
    }

    /// Wraps a surface this canvas now owns (one reference).
    init(surface: OpaquePointer, width: Int, height: Int, isRaster: Bool, operation: String) throws {
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw RenderError.cairo(operation: operation, status: String(cString: cairo_status_to_string(status)))
        }
        self.surface = surface
        self.cr = cairo_create(surface)!
        self.width = width
        self.height = height
        self.isRaster = isRaster
        let crStatus = cairo_status(cr)
        guard crStatus == CAIRO_STATUS_SUCCESS else {
            throw RenderError.cairo(operation: "cairo_create", status: String(cString: cairo_status_to_string(crStatus)))
        }
        // Unhinted outlines and metrics: text scales exactly with the output size, and the
        // result does not depend on the fontconfig hinting defaults of the machine.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// The largest width or height drawn: the largest frame the encoders take (H.264 and VP9
    /// levels stop at 16384), well inside Cairo's own 32767, so an image that renders also encodes.
    public static let maximumSide = 16384

    static func checkSize(_ width: Int, _ height: Int) throws {
        guard (1...maximumSide).contains(width), (1...maximumSide).contains(height) else {
            throw RenderError.invalidSize(width: width, height: height)
        }
    }

    /// The smallest row stride Cairo accepts for an ARGB32 image of this width.
    public static func minimumBytesPerRow(width: Int) -> Int {
        Int(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, Int32(width)))
    }

    /// Bytes per row of the pixel memory (raster canvases).
    public var bytesPerRow: Int { Int(cairo_image_surface_get_stride(surface)) }

    /// Fails with the Cairo status if a drawing call went wrong.
    func checkStatus(_ operation: String) throws {
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError.cairo(operation: operation, status: String(cString: cairo_status_to_string(status)))
        }
    }

    /// Gives direct access to the pixels (flushing Cairo before, marking them dirty after).
    /// Row `y` starts at `base + y * bytesPerRow`; pixels are native-endian premultiplied ARGB32.
    func withPixels<R>(_ body: (UnsafeMutablePointer<UInt32>, _ stridePixels: Int) throws -> R) rethrows -> R {
        precondition(isRaster, "direct pixel access needs an image canvas")
        cairo_surface_flush(surface)
        let data = cairo_image_surface_get_data(surface)!
        let result = try data.withMemoryRebound(to: UInt32.self, capacity: height * bytesPerRow / 4) {
            try body($0, bytesPerRow / 4)
        }
        cairo_surface_mark_dirty(surface)
        return result
    }

    /// The pixel at (x, y) as (red, green, blue, alpha) bytes, premultiplied (raster canvases).
    public func pixel(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8) {
        precondition(x >= 0 && x < width && y >= 0 && y < height)
        return withPixels { base, stride in
            let p = base[y * stride + x]
            return (UInt8((p >> 16) & 0xFF), UInt8((p >> 8) & 0xFF), UInt8(p & 0xFF), UInt8(p >> 24))
        }
    }

    // MARK: drawing primitives used by the renderer

    func setColour(_ c: RGBColour, alpha: Double = 1) {
        if alpha >= 1 {
            cairo_set_source_rgb(cr, c.red, c.green, c.blue)
        } else {
            cairo_set_source_rgba(cr, c.red, c.green, c.blue, alpha)
        }
    }

    func fill(_ rect: Rect, colour: RGBColour, alpha: Double = 1) {
        setColour(colour, alpha: alpha)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(cr)
    }

    func paint(_ colour: RGBColour) {
        setColour(colour)
        cairo_paint(cr)
    }

    /// Outline drawn inside `rect` so the line stays within it.
    func stroke(_ rect: Rect, colour: RGBColour, lineWidth: Double) {
        setColour(colour)
        cairo_set_line_width(cr, lineWidth)
        let h = lineWidth / 2
        cairo_rectangle(cr, rect.x + h, rect.y + h, rect.width - lineWidth, rect.height - lineWidth)
        cairo_stroke(cr)
    }

    func line(from a: (Double, Double), to b: (Double, Double), colour: RGBColour, width: Double, alpha: Double = 1,
              dash: [Double] = []) {
        setColour(colour, alpha: alpha)
        cairo_set_line_width(cr, width)
        setDash(dash)
        cairo_move_to(cr, a.0, a.1)
        cairo_line_to(cr, b.0, b.1)
        cairo_stroke(cr)
        setDash([])
    }

    func setDash(_ dash: [Double]) {
        if dash.isEmpty {
            cairo_set_dash(cr, nil, 0, 0)
        } else {
            dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
        }
    }

    func disc(x: Double, y: Double, radius: Double, colour: RGBColour, alpha: Double = 1) {
        setColour(colour, alpha: alpha)
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, radius, 0, 2 * .pi)
        cairo_fill(cr)
    }

    func ring(x: Double, y: Double, radius: Double, colour: RGBColour, width: Double, alpha: Double = 1) {
        setColour(colour, alpha: alpha)
        cairo_set_line_width(cr, width)
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, radius, 0, 2 * .pi)
        cairo_stroke(cr)
    }

    func clip(to rect: Rect) {
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
    }

    func restore() { cairo_restore(cr) }
}

/// An axis-aligned rectangle in device units (origin top-left, y down).
public struct Rect: Sendable, Equatable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }
    /// width / height.
    public var aspect: Double { height > 0 ? width / height : 0 }

    public func inset(by d: Double) -> Rect {
        Rect(x: x + d, y: y + d, width: max(width - 2 * d, 0), height: max(height - 2 * d, 0))
    }

    public func contains(x px: Double, y py: Double) -> Bool {
        px >= x && px <= maxX && py >= y && py <= maxY
    }

    public var description: String {
        String(format: "(%.1f, %.1f, %.1f x %.1f)", x, y, width, height)
    }
}
