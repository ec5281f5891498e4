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
    /// `panelRects[row][column]`.
    public let panelRects: [[Rect]]
    public let legendRect: Rect?
    public let legend: LegendGeometry?

    /// - Parameter panelAspect: width / height of every panel (1 = square).
    public init(width: Double, figure: StripFigure, settings: RenderSettings, panelAspect: Double = 1) throws {
        let theme = settings.theme
        let z = theme.sizes
        let s = width / 1600
        let measure = try Canvas(width: 1, height: 1)
        let family = theme.fontFamily
        let rows = max(figure.rows.count, 1), columns = max(figure.columnTitles.count, 1)
        let m = z.margin * s
        let gap = z.gap * s * 0.6
        self.width = width
        scale = s
        var y = m
        if figure.title != nil {
            let h = z.title * 1.3 * s
            titleRect = Rect(x: m, y: y, width: width - 2 * m, height: h)
            y += h + 0.3 * m
        } else {
            titleRect = nil
        }
        let rowHeaderWidth = z.header * 1.5 * s
        let columnHeaderHeight = z.header * 1.45 * s
        let gridX = m + rowHeaderWidth
        let panelWidth = (width - m - gridX - Double(columns - 1) * gap) / Double(columns)
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
            y += 0.45 * m
            legend = layout
            legendRect = Rect(x: gridX + (width - m - gridX - layout.width) / 2, y: y, width: layout.width, height: layout.height)
            y += layout.height
        }
        height = (y + m * 0.8).rounded(.up)
    }
}
