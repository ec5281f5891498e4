import CCairo
import Interpolate
import LayoutModel

/// Draws a `StripFigure` on any canvas: an image (points splatted) or a PDF/SVG surface
/// (points as vector circles, or as an embedded raster above `vectorPointLimit`).
public struct StripRenderer: Sendable {
    public let figure: StripFigure
    public let settings: RenderSettings
    public let layout: StripGeometry
    let layers: [PointLayer]
    /// Disc radius in device units.
    public let pointRadius: Double
    public let pointOpacity: Double
    let splatter: DiscSplatter

    public init(figure: StripFigure, settings: RenderSettings, width: Double, panelAspect: Double = 1) throws {
        self.figure = figure
        self.settings = settings
        layout = try StripGeometry(width: width, figure: figure, settings: settings, panelAspect: panelAspect)
        layers = figure.rows.map { settings.pointLayer(for: $0.samples) }
        let drawn = layers.map(\.drawnCount).max() ?? 0
        let panel = layout.panelRects.first?.first ?? Rect(x: 0, y: 0, width: width, height: width)
        // Strips use the reference size of a 1600-wide figure; the automatic radius is computed
        // for that panel size and scaled.
        pointRadius = settings.pointStyle.resolvedRadius(pointCount: drawn, panel: panel, scale: layout.scale)
        pointOpacity = settings.pointStyle.resolvedOpacity(pointCount: drawn)
        splatter = DiscSplatter(radius: Float(pointRadius))
    }

    /// Points drawn in the whole figure.
    public var drawnPointCount: Int { figure.drawnPointCount(layers: layers) }

    /// How the points of each panel are drawn on a canvas.
    enum PointMode: Equatable {
        case splat
        case vectorCircles
        /// Raster image of the point layer at `pixelsPerUnit` device pixels per canvas unit.
        case embeddedRaster(pixelsPerUnit: Double)
    }

    /// Draws the whole figure in paint order (backgrounds, points, tracks, borders, text); one
    /// function because each step is a short loop over the same panels, in the order a reader of
    /// the output expects layers to stack.
    func draw(on canvas: Canvas, pointMode: PointMode) throws {
        for (r, row) in figure.rows.enumerated() {
            guard row.panels.count == figure.columnTitles.count else {
                throw RenderError.panelCountMismatch(expectedRows: figure.rows.count, expectedColumns: figure.columnTitles.count,
                                                     gotRows: figure.rows.count, gotColumns: row.panels.count)
            }
            for (c, panel) in row.panels.enumerated() where panel.positions.count != 2 * row.samples.count {
                throw RenderError.positionCountMismatch(row: r, column: c, expected: 2 * row.samples.count, got: panel.positions.count)
            }
        }
        let theme = settings.theme
        let z = theme.sizes
        let s = layout.scale
        let family = theme.fontFamily
        canvas.paint(theme.background)
        for line in layout.panelRects { for rect in line { canvas.fill(rect, colour: theme.panelBackground) } }
        for (r, row) in figure.rows.enumerated() {
            for (c, frame) in row.panels.enumerated() {
                let rect = layout.panelRects[r][c]
                let mapping = PanelMapping(viewport: frame.viewport, rect: rect)
                let painter = PointPainter(layer: layers[r], mapping: mapping, radius: pointRadius, opacity: pointOpacity,
                                           contextOpacity: theme.contextOpacity, splatter: splatter)
                let tracked = frame.tracks.map(\.sample)
                switch pointMode {
                case .splat:
                    painter.draw(frame, tracked: tracked, on: canvas, method: .splat, clip: rect)
                case .vectorCircles:
                    painter.draw(frame, tracked: tracked, on: canvas, method: .arcs, clip: rect)
                case .embeddedRaster(let k):
                    try drawRasterPoints(painter: painter, frame: frame, tracked: tracked, rect: rect, pixelsPerUnit: k, on: canvas)
                }
                if !frame.tracks.isEmpty {
                    let layer = layers[r]
                    let overlay = TrackOverlay(mapping: mapping, pointRadius: pointRadius, theme: theme, scale: s)
                    let labels = overlay.placeLabels(frame.tracks, previous: [:], measure: canvas)
                    overlay.draw(frame.tracks, labels: labels, colours: { layer.colour(ofClass: $0) }, on: canvas)
                }
            }
        }
        if let border = theme.panelBorder {
            for line in layout.panelRects { for rect in line { canvas.stroke(rect, colour: border, lineWidth: z.border * s) } }
        }
        if let title = figure.title, let rect = layout.titleRect {
            let (text, size) = canvas.fit(title, family: family, size: z.title * s, bold: true, maxWidth: rect.width)
            canvas.drawText(text, x: rect.x, centreY: rect.midY, family: family, size: size, colour: theme.text, bold: true)
        }
        for (c, rect) in layout.columnHeaderRects.enumerated() where c < figure.columnTitles.count {
            let (text, size) = canvas.fit(figure.columnTitles[c], family: family, size: z.header * s, bold: false, maxWidth: rect.width)
            canvas.drawText(text, x: rect.midX, centreY: rect.midY, family: family, size: size, colour: theme.text, alignment: .centre)
        }
        canvas.drawRowHeaders(figure.rows.map(\.name), in: layout.rowHeaderRects, maxLines: layout.rowHeaderLines,
                              size: z.header * s, family: family, colour: theme.text)
        if let legend = layout.legend, let rect = layout.legendRect {
            legend.draw(on: canvas, at: (rect.x, rect.y), theme: theme)
        }
        try canvas.checkStatus("drawing a strip")
    }

    /// The panel's points splatted into a transparent image at `k` pixels per unit, placed over
    /// the panel (for vector files with too many points for circles).
    private func drawRasterPoints(painter: PointPainter, frame: PanelFrame, tracked: [Int], rect: Rect,
                                  pixelsPerUnit k: Double, on canvas: Canvas) throws {
        let w = max(Int((rect.width * k).rounded(.up)), 1), h = max(Int((rect.height * k).rounded(.up)), 1)
        let image = try Canvas(width: w, height: h)
        let local = Rect(x: 0, y: 0, width: Double(w), height: Double(h))
        let mapping = PanelMapping(viewport: frame.viewport, rect: local)
        PointPainter(layer: painter.layer, mapping: mapping, radius: painter.radius * k, opacity: painter.opacity,
                     contextOpacity: painter.contextOpacity)
            .draw(frame, tracked: tracked, on: image, method: .splat, clip: local)
        cairo_surface_flush(image.surface)
        cairo_save(canvas.cr)
        cairo_rectangle(canvas.cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(canvas.cr)
        cairo_translate(canvas.cr, rect.x, rect.y)
        cairo_scale(canvas.cr, 1 / k, 1 / k)
        cairo_set_source_surface(canvas.cr, image.surface, 0, 0)
        cairo_paint(canvas.cr)
        cairo_restore(canvas.cr)
    }
}
