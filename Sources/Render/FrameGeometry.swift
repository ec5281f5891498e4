/// Where everything goes in a video frame of a given size: the panel grid (columns = blocks,
/// rows = runs) with its headers, the title and epoch label, the legend, the metrics chart and
/// the progress bar. All lengths come from the theme's reference sizes times `scale`, so a
/// 1280×720, 1920×1080 or 3840×2160 frame has the same composition.
///
/// The CLI uses `panelRect(row:column:)` (or `panelAspect`) to fit the camera to each panel.
public struct FrameGeometry: Sendable, Equatable {
    public enum LegendPlacement: Sendable, Equatable { case below, right }

    public let width: Int
    public let height: Int
    /// Device pixels per reference pixel: min(width / 1920, height / 1080).
    public let scale: Double
    public let titleRect: Rect?
    public let epochRect: Rect
    /// Header above each column.
    public let columnHeaderRects: [Rect]
    /// Header left of each row (empty when row headers are off).
    public let rowHeaderRects: [Rect]
    /// `panelRects[row][column]`.
    public let panelRects: [[Rect]]
    public let legendPlacement: LegendPlacement
    /// Where the legend is drawn (nil when there is none).
    public let legendRect: Rect?
    public let legend: LegendGeometry?
    /// One rect for an overlaid chart, one per run for per-run charts; empty without a chart.
    public let chartRects: [Rect]
    public let progressRect: Rect?

    /// Panels are kept between these aspect ratios (width / height) so a layout is never
    /// squeezed into a sliver; spare room goes to the margins.
    public static let panelAspectRange = 0.9...1.6

    public init(width: Int, height: Int, scene: FrameScene, settings: RenderSettings) throws {
        try Canvas.checkSize(width, height)
        let theme = settings.theme
        let z = theme.sizes
        let W = Double(width), H = Double(height)
        let s = min(W / 1920, H / 1080)
        let rows = max(scene.rowCount, 1), columns = max(scene.columnCount, 1)
        let measure = try Canvas(width: 1, height: 1)
        let family = theme.fontFamily

        self.width = width
        self.height = height
        scale = s
        let m = z.margin * s

        // Top band: title left, epoch right.
        let bandHeight = max(z.epoch, scene.title == nil ? 0 : z.title) * 1.2 * s
        let epochWidth = measure.textWidth("epoch 0000", family: family, size: z.epoch * s, bold: true)
        epochRect = Rect(x: W - m - epochWidth, y: m, width: epochWidth, height: bandHeight)
        titleRect = scene.title == nil ? nil : Rect(x: m, y: m, width: max(W - 3 * m - epochWidth, 0), height: bandHeight)
        let top = m + bandHeight + 0.5 * m

        // Bottom stack: progress bar, chart.
        var bottom = H - m
        let showsProgress = scene.showsProgressBar ?? theme.showsProgressBar
        if showsProgress {
            let p = z.progress * s
            progressRect = Rect(x: m, y: bottom - p, width: W - 2 * m, height: p)
            bottom -= p + 0.8 * m
        } else {
            progressRect = nil
        }
        let chartRuns = scene.rows.filter { $0.metrics != nil }.count
        let hasChart = scene.metricsChart != nil && chartRuns > 0
        let chartHeight = hasChart ? (H * 0.2).rounded() : 0
        if hasChart { bottom -= chartHeight + 0.6 * m }

        let showsRowHeaders = scene.showsRowHeaders ?? (scene.rowCount > 1)
        let rowHeaderWidth = showsRowHeaders ? z.header * 1.6 * s : 0
        let columnHeaderHeight = z.header * 1.5 * s
        let gap = z.gap * s

        // Legend: try below and beside the grid; keep whichever leaves bigger panels.
        let entries = scene.showsLegend ? settings.legendEntries(classNames: scene.classNames) : []
        let legendSize = z.legend * s
        let textWidths = entries.map { measure.textWidth($0.label, family: family, size: legendSize) }
        let gridLeft = m + rowHeaderWidth
        let fullWidth = W - m - gridLeft
        let fullHeight = bottom - top - columnHeaderHeight

        func panelSize(availableWidth: Double, availableHeight: Double) -> (Double, Double) {
            var w = (availableWidth - Double(columns - 1) * gap) / Double(columns)
            var h = (availableHeight - Double(rows - 1) * gap) / Double(rows)
            w = max(w, 1); h = max(h, 1)
            if w / h > Self.panelAspectRange.upperBound { w = h * Self.panelAspectRange.upperBound }
            if w / h < Self.panelAspectRange.lowerBound { h = w / Self.panelAspectRange.lowerBound }
            return (w, h)
        }

        var placement = LegendPlacement.below
        var legendGeometry: LegendGeometry? = nil
        var panel = panelSize(availableWidth: fullWidth, availableHeight: fullHeight)
        if !entries.isEmpty {
            let below = LegendGeometry.flowing(entries, textWidths: textWidths, fontSize: legendSize, maxWidth: W - 2 * m)
            let belowPanel = panelSize(availableWidth: fullWidth, availableHeight: fullHeight - below.height - 0.5 * m)
            let right = LegendGeometry.stacked(entries, textWidths: textWidths, fontSize: legendSize, maxHeight: fullHeight)
            let rightPanel = panelSize(availableWidth: fullWidth - right.width - m, availableHeight: fullHeight)
            if rightPanel.0 * rightPanel.1 > belowPanel.0 * belowPanel.1 * 1.05 {
                placement = .right; legendGeometry = right; panel = rightPanel
            } else {
                placement = .below; legendGeometry = below; panel = belowPanel
            }
        }
        legendPlacement = placement
        legend = legendGeometry

        // Centre the block (headers + grid + legend below) in the free space.
        let gridWidth = Double(columns) * panel.0 + Double(columns - 1) * gap
        let gridHeight = Double(rows) * panel.1 + Double(rows - 1) * gap
        let legendBelowHeight = placement == .below ? (legendGeometry.map { $0.height + 0.5 * m } ?? 0) : 0
        let legendRightWidth = placement == .right ? (legendGeometry.map { $0.width + m } ?? 0) : 0
        let blockWidth = rowHeaderWidth + gridWidth + legendRightWidth
        let blockHeight = columnHeaderHeight + gridHeight + legendBelowHeight
        let blockX = m + ((W - 2 * m) - blockWidth) / 2
        let blockY = top + max((bottom - top - blockHeight) / 2, 0)
        let gridX = (blockX + rowHeaderWidth).rounded()
        let gridY = (blockY + columnHeaderHeight).rounded()

        var panels: [[Rect]] = []
        for r in 0..<rows {
            var line: [Rect] = []
            for c in 0..<columns {
                // Whole-pixel edges keep panel borders crisp.
                let x0 = (gridX + Double(c) * (panel.0 + gap)).rounded()
                let y0 = (gridY + Double(r) * (panel.1 + gap)).rounded()
                let x1 = (gridX + Double(c) * (panel.0 + gap) + panel.0).rounded()
                let y1 = (gridY + Double(r) * (panel.1 + gap) + panel.1).rounded()
                line.append(Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0))
            }
            panels.append(line)
        }
        panelRects = panels
        columnHeaderRects = panels[0].map { Rect(x: $0.x, y: blockY, width: $0.width, height: columnHeaderHeight) }
        rowHeaderRects = showsRowHeaders
            ? panels.map { Rect(x: $0[0].x - rowHeaderWidth, y: $0[0].y, width: rowHeaderWidth, height: $0[0].height) } : []

        if let legendGeometry {
            switch placement {
            case .below:
                legendRect = Rect(x: (W - legendGeometry.width) / 2, y: gridY + gridHeight + 0.5 * m,
                                  width: legendGeometry.width, height: legendGeometry.height)
            case .right:
                legendRect = Rect(x: gridX + gridWidth + m, y: gridY + (gridHeight - legendGeometry.height) / 2,
                                  width: legendGeometry.width, height: legendGeometry.height)
            }
        } else {
            legendRect = nil
        }

        if hasChart, let spec = scene.metricsChart {
            let chartTop = bottom + 0.6 * m
            let chartLeft = min(gridX - rowHeaderWidth, m + rowHeaderWidth)
            let chartWidth = W - m - chartLeft
            switch spec.mode {
            case .overlaid:
                chartRects = [Rect(x: chartLeft, y: chartTop, width: chartWidth, height: chartHeight)]
            case .perRun:
                let n = Double(chartRuns)
                let w = (chartWidth - (n - 1) * m) / n
                chartRects = (0..<chartRuns).map { Rect(x: chartLeft + Double($0) * (w + m), y: chartTop, width: w, height: chartHeight) }
            }
        } else {
            chartRects = []
        }
    }

    /// The device rectangle of a panel.
    public func panelRect(row: Int, column: Int) -> Rect { panelRects[row][column] }

    /// width / height of the first panel (all panels have the same size to within a pixel).
    public var panelAspect: Double { panelRects[0][0].aspect }
}
