import AtomicOutput
import CCairo
import CZlib
import Foundation

/// PNG bytes from Cairo, with text metadata chunks (tool version, settings) inserted.
///
/// Cairo's PNG writer (libpng, no time chunk) is deterministic, and the chunks are inserted
/// right after IHDR in the order given, so identical pixels and text give identical bytes.
public enum PNGEncoding {
    /// PNG of a raster canvas with `text` entries (keyword, value) as tEXt chunks (iTXt when
    /// the value is not Latin-1).
    public static func data(of canvas: Canvas, text: [(String, String)] = []) throws -> Data {
        precondition(canvas.isRaster, "PNG needs an image canvas")
        final class Sink { var data = Data() }
        let sink = Sink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(canvas.surface, { closure, bytes, length in
                guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError.cairo(operation: "cairo_surface_write_to_png_stream", status: String(cString: cairo_status_to_string(status)))
        }
        return insertingText(text, into: sink.data)
    }

    /// Writes a canvas as a PNG file atomically.
    public static func write(_ canvas: Canvas, text: [(String, String)] = [], to url: URL) throws {
        try writeAtomically(data(of: canvas, text: text), to: url)
    }

    static func writeAtomically(_ data: Data, to url: URL) throws {
        let output = try AtomicOutput(destination: url)
        do {
            try data.write(to: output.temporary)
        } catch {
            throw RenderError.write(path: url.path, reason: error.localizedDescription)
        }
        try output.commit()
    }

    /// `png` with the text chunks inserted after IHDR (which always ends at byte 33).
    static func insertingText(_ text: [(String, String)], into png: Data) -> Data {
        guard !text.isEmpty, png.count > 33 else { return png }
        var out = Data(png.prefix(33))
        for (keyword, value) in text { out.append(chunk(keyword: keyword, value: value)) }
        out.append(png.dropFirst(33))
        return out
    }

    /// One tEXt chunk (or iTXt for non-Latin-1 values). The keyword is limited to 1–79
    /// printable Latin-1 characters, as the PNG specification requires.
    static func chunk(keyword: String, value: String) -> Data {
        let key = Data(keyword.unicodeScalars.filter { $0.value >= 32 && $0.value <= 126 }.prefix(79).map { UInt8($0.value) })
        let safeKey = key.isEmpty ? Data("Comment".utf8) : key
        var body = Data()
        let type: String
        if value.unicodeScalars.allSatisfy({ $0.value < 256 && $0.value != 0 }) {
            type = "tEXt"
            body.append(safeKey)
            body.append(0)
            body.append(contentsOf: value.unicodeScalars.map { UInt8($0.value) })
        } else {
            type = "iTXt"
            body.append(safeKey)
            body.append(contentsOf: [0, 0, 0, 0, 0])  // separator, uncompressed, method, empty language, empty translation
            body.append(Data(value.utf8))
        }
        return chunk(type: type, body: body)
    }
}

extension PNGEncoding {
    /// `png` with a pHYs chunk (pixels per metre from `dpi`) after IHDR, so viewers and
    /// LaTeX know the intended print size.
    static func insertingPhysicalSize(dpi: Double, into png: Data) -> Data {
        guard png.count > 33, dpi > 0 else { return png }
        let perMetre = UInt32((dpi / 0.0254).rounded())
        var body = Data()
        for _ in 0..<2 { withUnsafeBytes(of: perMetre.bigEndian) { body.append(contentsOf: $0) } }
        body.append(1)  // unit: metre
        var out = Data(png.prefix(33))
        out.append(chunk(type: "pHYs", body: body))
        out.append(png.dropFirst(33))
        return out
    }

    /// A PNG chunk: length, type, body, CRC-32 of type + body (zlib's crc32, ISO 3309).
    static func chunk(type: String, body: Data) -> Data {
        var chunk = Data()
        withUnsafeBytes(of: UInt32(body.count).bigEndian) { chunk.append(contentsOf: $0) }
        var crcInput = Data(type.utf8)
        crcInput.append(body)
        chunk.append(crcInput)
        let crc = crcInput.withUnsafeBytes { buffer in
            UInt32(crc32(0, buffer.bindMemory(to: Bytef.self).baseAddress, uInt(buffer.count)))
        }
        withUnsafeBytes(of: crc.bigEndian) { chunk.append(contentsOf: $0) }
        return chunk
    }
}
