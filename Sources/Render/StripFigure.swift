import Interpolate
import LayoutModel

/// A still "epoch strip": rows = runs (or blocks of one run), columns = chosen epochs, with
/// row and column headers and one shared legend, like Fig. 2 of the NeuroMapper paper.
///
/// Each row's panels should share one viewport (camera per row) so motion between columns is
/// visible rather than hidden by re-framing; the caller supplies it in the `PanelFrame`s.
public struct StripFigure: Sendable {
    public var title: String?
    /// Column headers, e.g. `epoch 10`.
    public var columnTitles: [String]
    public var rows: [StripRow]
    public var showsLegend: Bool

    public init(title: String? = nil, columnTitles: [String], rows: [StripRow], showsLegend: Bool = true) {
        self.title = title
        self.columnTitles = columnTitles
        self.rows = rows
        self.showsLegend = showsLegend
    }

    /// Total number of points drawn over all panels under these settings.
    func drawnPointCount(layers: [PointLayer]) -> Int {
        zip(rows, layers).reduce(0) { $0 + $1.0.panels.count * $1.1.drawnCount }
    }
}

/// One row of a strip.
public struct StripRow: Sendable {
    /// Row header (run name or block title).
    public var name: String
    public var samples: SampleTable
    /// One panel per column.
    public var panels: [PanelFrame]

    public init(name: String, samples: SampleTable, panels: [PanelFrame]) {
        self.name = name
        self.samples = samples
        self.panels = panels
    }
}

/// Geometry of a strip for a given width (device units: pixels for PNG, points for PDF/SVG);
/// the height follows from the panel aspect. Lengths are the theme's reference sizes times
/// `scale = width / 1600`.
public struct StripGeometry: Sendable, Equatable {
    public let width: Double
    public let height: Double
    public let scale: Double
    public let titleRect: Rect?
    public let columnHeaderRects: [Rect]
    public let rowHeaderRects: [Rect]
    /// Lines a row header may use: as many as the longest row name needs, up to 3.
    public let rowHeaderLines: Int
    /// `panelRects[row][column]`.
    public let panelRects: [[Rect]]
    public let legendRect: Rect?
    public let legend: LegendGeometry?

    /// Reference width of a strip: sizes are the theme's at this width.
    static let referenceWidth = 1600.0
    /// Panels of a strip sit closer than a video's (60 % of the theme gap): a strip is read as
    /// one figure, a video frame as separate views.
    static let gapFraction = 0.6
    /// Band sizes in header font sizes: the title band (per title size), one line of row
    /// header, the column headers.
    static let titleBand = 1.3, rowHeaderBand = 1.5, columnHeaderBand = 1.45
    /// Space under the title and above the legend, in margins; the bottom margin is 80 % of
    /// the others since the legend's own line height already leaves air under it.
    static let belowTitle = 0.3, aboveLegend = 0.45, bottomMargin = 0.8

    /// Stacks the bands top to bottom (title, column headers, rows, legend) in one pass, since
    /// each band's top is the previous band's bottom.
    /// - Parameter panelAspect: width / height of every panel (1 = square).
    public init(width: Double, figure: StripFigure, settings: RenderSettings, panelAspect: Double = 1) throws {
        let theme = settings.theme
        let z = theme.sizes
        let s = width / Self.referenceWidth
        let measure = try Canvas(width: 1, height: 1)
        let family = theme.fontFamily
        let rows = max(figure.rows.count, 1), columns = max(figure.columnTitles.count, 1)
        let m = z.margin * s
        let gap = z.gap * s * Self.gapFraction
        self.width = width
        scale = s
        var y = m
        if figure.title != nil {
            let h = z.title * Self.titleBand * s
            titleRect = Rect(x: m, y: y, width: width - 2 * m, height: h)
            y += h + Self.belowTitle * m
        } else {
            titleRect = nil
        }
        // Row headers get a second line when a name is longer than a one-line layout's panel
        // is high (a sweep's "lr=0.001, wd=1e-4, seed 3" next to a small panel).
        let header = z.header * s
        func panelWidthFor(headerWidth: Double) -> Double {
            (width - m - (m + headerWidth) - Double(columns - 1) * gap) / Double(columns)
        }
        let oneLineHeight = panelWidthFor(headerWidth: header * Self.rowHeaderBand) / max(panelAspect, 0.1)
        rowHeaderLines = HeaderText.linesNeeded(figure.rows.map(\.name), size: header, maxWidth: oneLineHeight) {
            measure.textWidth($0, family: family, size: $1, bold: true)
        }
        let rowHeaderWidth = header * (Self.rowHeaderBand + HeaderText.lineAdvance * Double(rowHeaderLines - 1))
        let columnHeaderHeight = header * Self.columnHeaderBand
        let gridX = m + rowHeaderWidth
        let panelWidth = panelWidthFor(headerWidth: rowHeaderWidth)
        let panelHeight = panelWidth / max(panelAspect, 0.1)
        columnHeaderRects = (0..<columns).map {
            Rect(x: gridX + Double($0) * (panelWidth + gap), y: y, width: panelWidth, height: columnHeaderHeight)
        }
        y += columnHeaderHeight
        var panels: [[Rect]] = []
        var headers: [Rect] = []
        for r in 0..<rows {
            let top = y + Double(r) * (panelHeight + gap)
            panels.append((0..<columns).map { Rect(x: gridX + Double($0) * (panelWidth + gap), y: top, width: panelWidth, height: panelHeight) })
            headers.append(Rect(x: m, y: top, width: rowHeaderWidth, height: panelHeight))
        }
        panelRects = panels
        rowHeaderRects = headers
        y += Double(rows) * panelHeight + Double(rows - 1) * gap
        let entries = figure.showsLegend ? settings.legendEntries(classNames: figure.rows.first?.samples.classNames ?? []) : []
        if entries.isEmpty {
            legend = nil
            legendRect = nil
        } else {
            let size = z.legend * s
            let widths = entries.map { measure.textWidth($0.label, family: family, size: size) }
            let layout = LegendGeometry.flowing(entries, textWidths: widths, fontSize: size, maxWidth: width - 2 * m)
            y += Self.aboveLegend * m
            legend = layout
            legendRect = Rect(x: gridX + (width - m - gridX - layout.width) / 2, y: y, width: layout.width, height: layout.height)
            y += layout.height
        }
        height = (y + m * Self.bottomMargin).rounded(.up)
    }
}
