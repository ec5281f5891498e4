import CCairo
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Interpolate
import XCTest
@testable import Render

/// Strip figures written as PNG, PDF and SVG.
final class StillImageTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("render-stills-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    static func figure(count: Int = 300, tracks: Bool = true) -> StripFigure {
        let run = SyntheticRun(count: count, classes: 4)
        let progress: [Float] = [0, 0.5, 1]
        let all = progress.flatMap { run.positions(progress: $0) }
        let viewport = SyntheticRun.viewport(around: all, aspect: 1)  // one camera per row
        let track = TrackFrame(sample: 1, classIndex: 1, label: "class 1 #1", position: SIMD2(run.positions(progress: 1)[2], run.positions(progress: 1)[3]))
        let rows = ["well-fit", "over-fit"].map { name in
            StripRow(name: name, samples: run.samples, panels: progress.map {
                PanelFrame(positions: run.positions(progress: $0), viewport: viewport, tracks: tracks && $0 == 1 ? [track] : [])
            })
        }
        return StripFigure(title: "Block 3", columnTitles: ["epoch 1", "epoch 5", "epoch 20"], rows: rows)
    }

    /// PNG chunks as (type, data), verifying each CRC.
    static func chunks(of png: Data) throws -> [(String, Data)] {
        let bytes = [UInt8](png)
        XCTAssertEqual(Array(bytes.prefix(8)), [137, 80, 78, 71, 13, 10, 26, 10])
        var chunks: [(String, Data)] = []
        var i = 8
        while i + 12 <= bytes.count {
            let length = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let body = Data(bytes[(i + 8)..<(i + 8 + length)])
            let stored = UInt32(bytes[i + 8 + length]) << 24 | UInt32(bytes[i + 9 + length]) << 16
                | UInt32(bytes[i + 10 + length]) << 8 | UInt32(bytes[i + 11 + length])
            var crcInput = Data(type.utf8)
            crcInput.append(body)
            XCTAssertEqual(PNGEncoding.chunk(type: type, body: body).suffix(4), Data([UInt8(stored >> 24), UInt8(stored >> 16 & 0xFF), UInt8(stored >> 8 & 0xFF), UInt8(stored & 0xFF)]),
                           "CRC of \(type)")
            chunks.append((type, body))
            i += 12 + length
        }
        return chunks
    }

    func testPNGIsByteIdenticalForIdenticalInputAndCarriesTextAndDPI() throws {
        let metadata = [("Software", "nm-render 0.1.0"), ("nm-render settings", "theme=light seed=0 size=3.2in@100dpi")]
        let a = folder.appendingPathComponent("a.png"), b = folder.appendingPathComponent("b.png")
        for url in [a, b] {
            try StillImage.write(Self.figure(), settings: RenderSettings(), format: .png, size: StillSize(widthInches: 3.2, dpi: 100),
                                 metadata: metadata, to: url)
        }
        let data = try Data(contentsOf: a)
        XCTAssertEqual(data, try Data(contentsOf: b))
        let chunks = try Self.chunks(of: data)
        XCTAssertEqual(chunks.first?.0, "IHDR")
        XCTAssertEqual(chunks.last?.0, "IEND")
        let texts = chunks.filter { $0.0 == "tEXt" }.map { String(decoding: $0.1, as: UTF8.self) }
        XCTAssertEqual(texts, ["Software\u{0}nm-render 0.1.0", "nm-render settings\u{0}theme=light seed=0 size=3.2in@100dpi"])
        let phys = try XCTUnwrap(chunks.first { $0.0 == "pHYs" }?.1)
        XCTAssertEqual([UInt8](phys.prefix(4)), [0, 0, 0x0F, 0x61])  // 100 dpi = 3937 px/m = 0x0F61
        let ihdr = [UInt8](chunks[0].1)
        XCTAssertEqual(Int(ihdr[0]) << 24 | Int(ihdr[1]) << 16 | Int(ihdr[2]) << 8 | Int(ihdr[3]), 320)
    }

    func testTheWrittenPNGDecodesToTheRenderedPixels() throws {
        let url = folder.appendingPathComponent("strip.png")
        let size = StillSize.pixels(320)
        try StillImage.write(Self.figure(), settings: RenderSettings(theme: .dark), format: .png, size: size, to: url)
        let rendered = try StillImage.raster(Self.figure(), settings: RenderSettings(theme: .dark), size: size)
        let surface = cairo_image_surface_create_from_png(url.path)!
        defer { cairo_surface_destroy(surface) }
        XCTAssertEqual(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS)
        XCTAssertEqual(Int(cairo_image_surface_get_width(surface)), rendered.width)
        XCTAssertEqual(Int(cairo_image_surface_get_height(surface)), rendered.height)
        let data = cairo_image_surface_get_data(surface)!
        let stride = Int(cairo_image_surface_get_stride(surface))
        for (x, y) in [(10, 10), (rendered.width / 2, rendered.height / 2), (rendered.width - 3, rendered.height - 3)] {
            let p = rendered.pixel(x: x, y: y)
            XCTAssertEqual(data[y * stride + 4 * x + 2], p.red)
            XCTAssertEqual(data[y * stride + 4 * x + 1], p.green)
            XCTAssertEqual(data[y * stride + 4 * x], p.blue)
        }
    }

    func testPDFHasAHeaderAndOnePage() throws {
        let url = folder.appendingPathComponent("strip.pdf")
        try StillImage.write(Self.figure(), settings: RenderSettings(theme: .paper), format: .pdf, size: StillSize(widthInches: 7),
                             metadata: [("Software", "nm-render test")], to: url)
        let data = try Data(contentsOf: url)
        XCTAssertEqual(String(decoding: data.prefix(5), as: UTF8.self), "%PDF-")
        let text = String(decoding: data, as: UTF8.self)
        let pages = text.components(separatedBy: "/Type /Page").count - 1 - (text.components(separatedBy: "/Type /Pages").count - 1)
        XCTAssertEqual(pages, 1)
        XCTAssertTrue(text.contains("%%EOF"))
    }

    func testSVGIsWellFormedXMLWithVectorPoints() throws {
        let url = folder.appendingPathComponent("strip.svg")
        try StillImage.write(Self.figure(), settings: RenderSettings(), format: .svg, size: StillSize(widthInches: 7), to: url)
        final class Counter: NSObject, XMLParserDelegate {
            var elements: [String: Int] = [:]
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                elements[name, default: 0] += 1
            }
        }
        let parser = XMLParser(contentsOf: url)!
        let counter = Counter()
        parser.delegate = counter
        XCTAssertTrue(parser.parse(), "SVG is not well-formed: \(String(describing: parser.parserError))")
        XCTAssertEqual(counter.elements["svg"], 1)
        // 2 rows × 3 panels × 300 points, each a vector circle (Cairo writes them as paths).
        XCTAssertGreaterThanOrEqual((counter.elements["path"] ?? 0) + (counter.elements["circle"] ?? 0), 1800)
        XCTAssertEqual(counter.elements["image"] ?? 0, 0)
    }

    func testVectorFilesEmbedARasterPointLayerAboveTheLimit() throws {
        let url = folder.appendingPathComponent("dense.svg")
        let figure = Self.figure(count: StillImage.vectorPointLimit / 6 + 100, tracks: false)
        try StillImage.write(figure, settings: RenderSettings(), format: .svg, size: StillSize(widthInches: 2), to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.contains("<image"), "dense point layers should be embedded images")
        XCTAssertLessThan(text.components(separatedBy: "<path").count, 2000)
    }

    func testTheFormatFollowsTheFileExtension() {
        XCTAssertEqual(StillFormat(pathExtension: "PDF"), .pdf)
        XCTAssertEqual(StillFormat(pathExtension: "svg"), .svg)
        XCTAssertNil(StillFormat(pathExtension: "jpg"))
    }

    func testAFailedWriteLeavesNoFile() {
        let url = folder.appendingPathComponent("missing-folder/strip.png")
        XCTAssertThrowsError(try StillImage.write(Self.figure(), settings: RenderSettings(), format: .png, size: .pixels(200), to: url))
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
    }

    func testCanvasPNGCarriesLatin1TextAsTEXtAndOtherTextAsITXt() throws {
        let width = 64, height = 32
        let stride = Canvas.minimumBytesPerRow(width: width)
        let memory = UnsafeMutableRawPointer.allocate(byteCount: stride * height, alignment: 16)
        defer { memory.deallocate() }
        let canvas = try Canvas(pixels: memory, width: width, height: height, bytesPerRow: stride)
        canvas.paint(RGBColour(hex: 0x336699))
        let url = folder.appendingPathComponent("frame-000001.png")
        try PNGEncoding.write(canvas, text: [("Software", "nm-render"), ("Comment", "µ ± ✓")], to: url)
        let chunks = try Self.chunks(of: try Data(contentsOf: url))
        XCTAssertEqual(chunks.filter { $0.0 == "tEXt" }.count, 1)
        XCTAssertEqual(chunks.filter { $0.0 == "iTXt" }.count, 1, "non-Latin-1 text goes into iTXt")
    }
}
