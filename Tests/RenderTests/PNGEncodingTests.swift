import CCairo
import Foundation
import XCTest
@testable import Render

/// The PNG encoder gives decoders exactly the pixels Cairo's own PNG writer gives.
final class PNGEncodingTests: XCTestCase {
    /// A canvas with opaque, half-transparent and fully transparent pixels, in every colour.
    func canvas(opaque: Bool) throws -> Canvas {
        let canvas = try Canvas(width: 37, height: 23)
        canvas.withPixels { pixels, stride in
            for y in 0 ..< 23 {
                for x in 0 ..< 37 {
                    let alpha = opaque ? 255 : UInt32((x * 7 + y * 13) % 256)
                    // Premultiplied: no channel above alpha.
                    let r = UInt32(x * 11 % 256) * alpha / 255, g = UInt32(y * 29 % 256) * alpha / 255
                    let b = UInt32((x + y) * 17 % 256) * alpha / 255
                    pixels[y * stride + x] = alpha << 24 | r << 16 | g << 8 | b
                }
            }
        }
        return canvas
    }

    /// Pixels of a PNG as Cairo decodes it (premultiplied ARGB32).
    func decoded(_ png: Data) throws -> [UInt32] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("png-\(UUID().uuidString).png")
        try png.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let surface = cairo_image_surface_create_from_png(url.path)!
        defer { cairo_surface_destroy(surface) }
        XCTAssertEqual(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS)
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface)) / 4
        let data = cairo_image_surface_get_data(surface)!.withMemoryRebound(to: UInt32.self, capacity: stride * height) { $0 }
        // Cairo decodes an RGB PNG to RGB24, whose unused byte is undefined: compare with alpha set.
        let rgb = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_RGB24
        return (0 ..< height).flatMap { y in (0 ..< width).map { x in data[y * stride + x] | (rgb ? 0xFF00_0000 : 0) } }
    }

    /// What Cairo's writer (libpng) makes of the canvas.
    func cairoPNG(_ canvas: Canvas) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cairo-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertEqual(cairo_surface_write_to_png(canvas.surface, url.path), CAIRO_STATUS_SUCCESS)
        return try Data(contentsOf: url)
    }

    func testTranslucentPixelsDecodeAsFromCairosWriter() throws {
        let canvas = try canvas(opaque: false)
        XCTAssertEqual(try decoded(try PNGEncoding.data(of: canvas)), try decoded(try cairoPNG(canvas)))
        XCTAssertEqual(try PNGEncoding.data(of: canvas)[25], 6, "RGBA")
    }

    func testOpaqueCanvasesAreWrittenAsRGBWithTheSamePixels() throws {
        let canvas = try canvas(opaque: true)
        let png = try PNGEncoding.data(of: canvas)
        XCTAssertEqual(png[25], 2, "RGB")
        XCTAssertEqual(try decoded(png), try decoded(try cairoPNG(canvas)))
    }
}
