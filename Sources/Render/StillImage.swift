import AtomicOutput
import CCairo
import Foundation

/// File formats for still figures.
public enum StillFormat: String, Sendable, CaseIterable {
    case png, pdf, svg

    /// The format for a file name's extension (case-insensitive), nil if unknown.
    public init?(pathExtension: String) {
        self.init(rawValue: pathExtension.lowercased())
    }
}

/// Physical size of a still: width in inches and raster resolution. PNG gets
/// `width × dpi` pixels (and a pHYs chunk with the DPI); PDF and SVG get `width × 72` points.
/// The height follows from the figure's layout.
public struct StillSize: Sendable, Equatable {
    public var widthInches: Double
    public var dpi: Double

    public init(widthInches: Double, dpi: Double = 300) {
        self.widthInches = widthInches
        self.dpi = dpi
    }

    /// A PNG of exactly `width` pixels at `dpi`.
    public static func pixels(_ width: Int, dpi: Double = 144) -> StillSize {
        StillSize(widthInches: Double(width) / dpi, dpi: dpi)
    }

    public var pixelWidth: Int { max(Int((widthInches * dpi).rounded()), 16) }
    public var pointWidth: Double { widthInches * 72 }
}

/// Writing strips as PNG, PDF or SVG files (atomically: the file appears whole or not at all).
public enum StillImage {
    /// Above this many points in a vector file, each panel's points become an embedded raster
    /// image at `vectorRasterDPI` (text, frames and tracks stay vector); below, every point is a
    /// vector circle. 60,000 circles make PDFs of about 4 MB that still open quickly.
    public static let vectorPointLimit = 60_000
    public static let vectorRasterDPI = 600.0

    /// Renders `figure` and writes it in `format`. `metadata` (keyword, value) pairs go into PNG
    /// tEXt chunks and the PDF's metadata; pass the tool version and settings there.
    /// A PDF's creation date is taken from `SOURCE_DATE_EPOCH` when set (reproducible builds
    /// convention), else it is 1970-01-01, so PDFs are byte-identical by default.
    public static func write(_ figure: StripFigure, settings: RenderSettings, format: StillFormat, size: StillSize,
                             panelAspect: Double = 1, metadata: [(String, String)] = [], to url: URL) throws {
        switch format {
        case .png:
            let canvas = try raster(figure, settings: settings, size: size, panelAspect: panelAspect)
            var data = try PNGEncoding.data(of: canvas, text: metadata)
            data = PNGEncoding.insertingPhysicalSize(dpi: size.dpi, into: data)
            try PNGEncoding.writeAtomically(data, to: url)
        case .pdf, .svg:
            let renderer = try StripRenderer(figure: figure, settings: settings, width: size.pointWidth, panelAspect: panelAspect)
            let output = try AtomicOutput(destination: url)
            let w = renderer.layout.width, h = renderer.layout.height
            let path = output.temporary.path
            let surface = format == .pdf ? cairo_pdf_surface_create(path, w, h)! : cairo_svg_surface_create(path, w, h)!
            if format == .pdf {
                for (key, value) in metadata where key == "Software" {
                    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, value)
                }
                if let title = figure.title { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title) }
                let date = pdfDate(environment: ProcessInfo.processInfo.environment)
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)
            } else {
                cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT)
            }
            do {
                let canvas = try Canvas(surface: surface, width: Int(w.rounded(.up)), height: Int(h.rounded(.up)),
                                        isRaster: false, operation: format == .pdf ? "cairo_pdf_surface_create" : "cairo_svg_surface_create")
                let mode: StripRenderer.PointMode = renderer.drawnPointCount > vectorPointLimit
                    ? .embeddedRaster(pixelsPerUnit: vectorRasterDPI / 72) : .vectorCircles
                try renderer.draw(on: canvas, pointMode: mode)
                cairo_show_page(canvas.cr)
                cairo_surface_finish(canvas.surface)
                let status = cairo_surface_status(canvas.surface)
                guard status == CAIRO_STATUS_SUCCESS else {
                    throw RenderError.write(path: url.path, reason: String(cString: cairo_status_to_string(status)))
                }
            }
            try output.commit()
        }
    }

    /// The PDF's creation date: `SOURCE_DATE_EPOCH` when set (the reproducible-builds
    /// convention), else a fixed date, so the same figure gives the same bytes on any day.
    static func pdfDate(environment: [String: String]) -> String {
        let seconds = environment["SOURCE_DATE_EPOCH"].flatMap { Double($0) } ?? 0
        return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds))
    }

    /// The strip as an image canvas `size.pixelWidth` wide.
    public static func raster(_ figure: StripFigure, settings: RenderSettings, size: StillSize, panelAspect: Double = 1) throws -> Canvas {
        let renderer = try StripRenderer(figure: figure, settings: settings, width: Double(size.pixelWidth), panelAspect: panelAspect)
        let canvas = try Canvas(width: size.pixelWidth, height: Int(renderer.layout.height))
        try renderer.draw(on: canvas, pointMode: .splat)
        return canvas
    }
}
