/// Where everything goes in a video frame of a given size: the panel grid (columns = blocks,
/// rows = runs) with its headers, the title and epoch label, the legend, the metrics charts and
/// the progress bar. All lengths come from the theme's reference sizes times `scale`, so a
/// 1280×720, 1920×1080 or 3840×2160 frame has the same composition.
///
/// The geometry follows the content: the grid takes the room the chrome leaves (title band,
/// progress bar, charts, headers, legend) and its panels grow until the width or the height
/// runs out; when the panels are limited by the width, the height they cannot use goes to the
/// metrics charts (up to `chartHeightRange.upperBound` of the frame) rather than to empty bands.
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
    /// Lines a row header may use: as many as the longest run name needs, up to 3.
    public let rowHeaderLines: Int
    /// Lines the blocks of a single run are wrapped onto (1 unless that gives bigger panels,
    /// e.g. four blocks in a square frame become 2 × 2).
    public let blockLines: Int
    /// `panelRects[row][column]`.
    public let panelRects: [[Rect]]
    public let legendPlacement: LegendPlacement
    /// Where the legend is drawn (nil when there is none).
    public let legendRect: Rect?
    public let legend: LegendGeometry?
    /// One rect per chart of `FrameScene.chartGroups()`, side by side; empty without a chart.
    public let chartRects: [Rect]
    public let progressRect: Rect?

    /// Panels are kept between these aspect ratios (width / height) so a layout is never
    /// squeezed into a sliver; spare room goes to the charts, then the margins.
    public static let panelAspectRange = 0.7...1.6
    /// Height of the chart band as a fraction of the frame height: at least the lower bound
    /// (room for a header, five ticks and the axis titles at 1080p), growing to the upper
    /// bound with height the panels cannot use.
    public static let chartHeightRange = 0.2...0.3

    /// Vertical spacing in units of the margin `m`, between the bands stacked top to bottom.
    enum Spacing {
        /// Below the title band, above the column headers.
        static let belowTitle = 0.5
        /// Between the chart band and what is above it.
        static let aboveChart = 0.6
        /// Between the progress bar and the chart.
        static let aboveProgress = 0.8
        /// Between the grid and a legend below it.
        static let aboveLegend = 0.5
    }
    /// Text bands in units of their font size: a line of text plus room above and below.
    enum Band {
        /// Title/epoch band height, per unit of the larger of the two font sizes.
        static let title = 1.2
        /// Column header height, per header font size.
        static let columnHeader = 1.5
        /// Row header width for one line, per header font size; each extra line adds
        /// `HeaderText.lineAdvance`.
        static let rowHeader = 1.6
    }
    /// The right-hand legend is chosen only when it gives panels at least 5 % more area than a
    /// legend below, since a legend below reads with the chart under it.
    static let rightLegendAdvantage = 1.05
    /// A single run's blocks are wrapped onto more lines only for at least 10 % more panel
    /// area: one line reads as a sequence, several as a grid.
    static let wrapAdvantage = 1.1

    public init(width: Int, height: Int, scene: FrameScene, settings: RenderSettings) throws {
        try Canvas.checkSize(width, height)
        let context = try Context.best(width: width, height: height, scene: scene, settings: settings)
        self.width = width
        self.height = height
        scale = context.s

        let band = context.topBand()
        titleRect = band.title
        epochRect = band.epoch
        progressRect = context.progressBar()
        rowHeaderLines = context.rowHeaderLineCount()
        let grid = context.gridArea(rowHeaderLines: rowHeaderLines)
        let (placement, legendGeometry, panel) = context.legendAndPanelSize(grid)
        legendPlacement = placement
        legend = legendGeometry

        let arranged = context.arrange(grid: grid, panel: panel, placement: placement, legend: legendGeometry)
        panelRects = arranged.panels
        // Each panel of the first row has its header right above it (one band per wrapped line).
        columnHeaderRects = arranged.panels[0].map {
            Rect(x: $0.x, y: $0.y - grid.columnHeaderHeight, width: $0.width, height: grid.columnHeaderHeight)
        }
        blockLines = context.lines
        rowHeaderRects = grid.rowHeaderWidth > 0
            ? arranged.panels.map { Rect(x: $0[0].x - grid.rowHeaderWidth, y: $0[0].y, width: grid.rowHeaderWidth, height: $0[0].height) }
            : []
        legendRect = arranged.legendRect
        chartRects = context.chartRects(top: arranged.chartTop, bottom: grid.chartBottom, gridLeft: arranged.gridX - grid.rowHeaderWidth)
    }

    /// The device rectangle of a panel.
    public func panelRect(row: Int, column: Int) -> Rect { panelRects[row][column] }

    /// width / height of the first panel (all panels have the same size to within a pixel).
    public var panelAspect: Double { panelRects[0][0].aspect }
}

extension FrameGeometry {
    /// The inputs of the geometry and the lengths every step shares.
    struct Context {
        let W: Double, H: Double
        /// Scale and margin.
        let s: Double, m: Double
        let sizes: ThemeSizes
        let family: String
        let scene: FrameScene
        let settings: RenderSettings
        /// Panel rows and columns as laid out: runs × blocks, or for one run with its blocks
        /// wrapped onto `lines` lines, `lines` × ⌈blocks / lines⌉.
        let rows: Int, columns: Int
        let lines: Int
        let blockCount: Int
        let measure: Canvas
        let gap: Double
        let chartCount: Int
        let topEdge: Double
        let showsProgress: Bool
        let showsRowHeaders: Bool

        /// The context whose wrapping gives the largest panels: one line per run, or, for a
        /// single run, its blocks on 2, 3, ... lines; more lines only when they give panels at
        /// least `wrapAdvantage` more area, since one line reads as a sequence.
        static func best(width: Int, height: Int, scene: FrameScene, settings: RenderSettings) throws -> Context {
            var best = try Context(width: width, height: height, scene: scene, settings: settings, lines: 1)
            guard scene.rowCount <= 1, scene.columnCount > 2 else { return best }
            var bestArea = best.panelArea()
            for lines in 2...scene.columnCount {
                let candidate = try Context(width: width, height: height, scene: scene, settings: settings, lines: lines)
                let area = candidate.panelArea()
                if area > bestArea * FrameGeometry.wrapAdvantage { best = candidate; bestArea = area }
            }
            return best
        }

        /// Area of one panel under this context.
        func panelArea() -> Double {
            let panel = legendAndPanelSize(gridArea(rowHeaderLines: 1)).2
            return panel.width * panel.height
        }

        init(width: Int, height: Int, scene: FrameScene, settings: RenderSettings, lines: Int) throws {
            W = Double(width)
            H = Double(height)
            s = min(W / 1920, H / 1080)
            sizes = settings.theme.sizes
            m = sizes.margin * s
            family = settings.theme.fontFamily
            self.scene = scene
            self.settings = settings
            blockCount = max(scene.columnCount, 1)
            self.lines = max(min(lines, blockCount), 1)
            rows = max(scene.rowCount, 1) * self.lines
            columns = (blockCount + self.lines - 1) / self.lines
            measure = try Canvas(width: 1, height: 1)
            gap = sizes.gap * s
            chartCount = scene.chartGroups().count
            showsProgress = scene.showsProgressBar ?? settings.theme.showsProgressBar
            showsRowHeaders = scene.showsRowHeaders ?? (scene.rowCount > 1)
            topEdge = m + Context.titleBandHeight(sizes: sizes, hasTitle: scene.title != nil, scale: s) + FrameGeometry.Spacing.belowTitle * m
        }

        static func titleBandHeight(sizes: ThemeSizes, hasTitle: Bool, scale: Double) -> Double {
            max(sizes.epoch, hasTitle ? sizes.title : 0) * FrameGeometry.Band.title * scale
        }

        /// Step 1: title left and epoch right in one band along the top.
        func topBand() -> (title: Rect?, epoch: Rect) {
            let bandHeight = Context.titleBandHeight(sizes: sizes, hasTitle: scene.title != nil, scale: s)
            // Wide enough for a four-digit epoch, so the label never changes the title's room.
            let epochWidth = measure.textWidth("epoch 0000", family: family, size: sizes.epoch * s, bold: true)
            let epoch = Rect(x: W - m - epochWidth, y: m, width: epochWidth, height: bandHeight)
            let title = scene.title == nil ? nil : Rect(x: m, y: m, width: max(W - 3 * m - epochWidth, 0), height: bandHeight)
            return (title, epoch)
        }

        /// Step 2: the progress bar along the bottom edge.
        func progressBar() -> Rect? {
            guard showsProgress else { return nil }
            let p = sizes.progress * s
            return Rect(x: m, y: H - m - p, width: W - 2 * m, height: p)
        }

        /// The bottom of the chart band (or of the grid when there is no chart).
        var contentBottom: Double {
            H - m - (showsProgress ? sizes.progress * s + FrameGeometry.Spacing.aboveProgress * m : 0)
        }

        /// Step 3: the row headers' line count: as many lines as the longest name needs
        /// beside a panel of a grid with one-line headers (up to `HeaderText.maximumLines`).
        func rowHeaderLineCount() -> Int {
            guard showsRowHeaders else { return 1 }
            let grid = gridArea(rowHeaderLines: 1)
            let panel = panelSize(width: grid.width, height: grid.height)
            let size = sizes.header * s
            return HeaderText.linesNeeded(scene.rows.map(\.name), size: size, maxWidth: panel.height) { text, size in
                measure.textWidth(text, family: family, size: size, bold: true)
            }
        }

        /// The room for headers and panels, before the legend takes its share.
        struct GridArea {
            var left: Double
            var top: Double
            var width: Double
            var height: Double
            var rowHeaderWidth: Double
            var columnHeaderHeight: Double
            /// Where the chart band ends; the charts start below the grid.
            var chartBottom: Double
            var minimumChartHeight: Double
        }

        /// Step 4: the grid's area: below the title band, above the smallest chart band, right of
        /// the row headers.
        func gridArea(rowHeaderLines: Int) -> GridArea {
            let header = sizes.header * s
            let rowHeaderWidth = showsRowHeaders ? header * (Band.rowHeader + HeaderText.lineAdvance * Double(rowHeaderLines - 1)) : 0
            let columnHeaderHeight = header * Band.columnHeader
            let chartBottom = contentBottom
            let minimumChart = chartCount > 0 ? (H * FrameGeometry.chartHeightRange.lowerBound).rounded() : 0
            let bottom = chartBottom - (chartCount > 0 ? minimumChart + FrameGeometry.Spacing.aboveChart * m : 0)
            let left = m + rowHeaderWidth
            return GridArea(left: left, top: topEdge, width: W - m - left, height: bottom - topEdge - Double(lines) * columnHeaderHeight,
                            rowHeaderWidth: rowHeaderWidth, columnHeaderHeight: columnHeaderHeight,
                            chartBottom: chartBottom, minimumChartHeight: minimumChart)
        }

        /// The largest panel for a grid of `width` × `height` with its aspect kept in range.
        func panelSize(width: Double, height: Double) -> (width: Double, height: Double) {
            var w = max((width - Double(columns - 1) * gap) / Double(columns), 1)
            var h = max((height - Double(rows - 1) * gap) / Double(rows), 1)
            let range = FrameGeometry.panelAspectRange
            if w / h > range.upperBound { w = h * range.upperBound }
            if w / h < range.lowerBound { h = w / range.lowerBound }
            return (w, h)
        }

        /// Step 5: the legend below or beside the grid, whichever leaves bigger panels, and the
        /// panel size that results.
        func legendAndPanelSize(_ grid: GridArea) -> (LegendPlacement, LegendGeometry?, (width: Double, height: Double)) {
            let entries = scene.showsLegend ? settings.legendEntries(classNames: scene.classNames) : []
            guard !entries.isEmpty else { return (.below, nil, panelSize(width: grid.width, height: grid.height)) }
            let size = sizes.legend * s
            let textWidths = entries.map { measure.textWidth($0.label, family: family, size: size) }
            let below = LegendGeometry.flowing(entries, textWidths: textWidths, fontSize: size, maxWidth: W - 2 * m)
            let belowPanel = panelSize(width: grid.width, height: grid.height - below.height - Spacing.aboveLegend * m)
            let right = LegendGeometry.stacked(entries, textWidths: textWidths, fontSize: size, maxHeight: grid.height)
            let rightPanel = panelSize(width: grid.width - right.width - m, height: grid.height)
            if rightPanel.width * rightPanel.height > belowPanel.width * belowPanel.height * FrameGeometry.rightLegendAdvantage {
                return (.right, right, rightPanel)
            }
            return (.below, below, belowPanel)
        }

        struct Arranged {
            var panels: [[Rect]]
            var blockY: Double
            var gridX: Double
            var legendRect: Rect?
            var chartTop: Double
        }

        /// Step 6: the block of headers, grid and legend centred across the frame, pushed up
        /// against the title band when there are charts (the height the panels leave goes to
        /// the charts, up to their maximum), centred in the leftover height otherwise.
        func arrange(grid: GridArea, panel: (width: Double, height: Double), placement: LegendPlacement,
                     legend: LegendGeometry?) -> Arranged {
            let gridWidth = Double(columns) * panel.width + Double(columns - 1) * gap
            // Wrapped lines of one run's blocks each carry their column headers.
            let linePitch = panel.height + gap + (lines > 1 ? grid.columnHeaderHeight : 0)
            let gridHeight = Double(rows - 1) * linePitch + panel.height
            let legendBelowHeight = placement == .below ? (legend.map { $0.height + Spacing.aboveLegend * m } ?? 0) : 0
            let legendRightWidth = placement == .right ? (legend.map { $0.width + m } ?? 0) : 0
            let blockWidth = grid.rowHeaderWidth + gridWidth + legendRightWidth
            let headerBands = Double(lines) * grid.columnHeaderHeight
            let blockHeight = grid.columnHeaderHeight + gridHeight + legendBelowHeight
            let blockX = m + ((W - 2 * m) - blockWidth) / 2

            // Height left over between the block and the smallest chart band.
            let spare = max(grid.height + headerBands - blockHeight, 0)
            var chartGrowth = 0.0
            if chartCount > 0 {
                let maximumChart = (H * FrameGeometry.chartHeightRange.upperBound).rounded()
                chartGrowth = min(spare, maximumChart - grid.minimumChartHeight)
            }
            let blockY = grid.top + (spare - chartGrowth) / 2
            let gridX = (blockX + grid.rowHeaderWidth).rounded()
            let gridY = (blockY + grid.columnHeaderHeight).rounded()

            // Whole-pixel edges keep panel borders crisp.
            func rect(line: Int, column: Int, inset: Double) -> Rect {
                let x0 = (gridX + inset + Double(column) * (panel.width + gap)).rounded()
                let y0 = (gridY + Double(line) * linePitch).rounded()
                let x1 = (gridX + inset + Double(column) * (panel.width + gap) + panel.width).rounded()
                let y1 = (gridY + Double(line) * linePitch + panel.height).rounded()
                return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
            }
            let panels: [[Rect]]
            if lines > 1 {
                // One run: its blocks left to right, line after line, a short last line centred.
                panels = [(0..<blockCount).map { b in
                    let line = b / columns
                    let inLine = min(columns, blockCount - line * columns)
                    return rect(line: line, column: b % columns, inset: Double(columns - inLine) * (panel.width + gap) / 2)
                }]
            } else {
                panels = (0..<rows).map { r in (0..<columns).map { rect(line: r, column: $0, inset: 0) } }
            }
            var legendRect: Rect? = nil
            if let legend {
                switch placement {
                case .below:
                    legendRect = Rect(x: (W - legend.width) / 2, y: gridY + gridHeight + Spacing.aboveLegend * m,
                                      width: legend.width, height: legend.height)
                case .right:
                    legendRect = Rect(x: gridX + gridWidth + m, y: gridY + (gridHeight - legend.height) / 2,
                                      width: legend.width, height: legend.height)
                }
            }
            let chartTop = grid.chartBottom - grid.minimumChartHeight - chartGrowth
            return Arranged(panels: panels, blockY: blockY, gridX: gridX, legendRect: legendRect, chartTop: chartTop)
        }

        /// Step 7: the charts side by side in the band between `top` and `bottom`, from the
        /// grid's left edge (headers included) to the right margin.
        func chartRects(top: Double, bottom: Double, gridLeft: Double) -> [Rect] {
            guard chartCount > 0 else { return [] }
            let left = min(gridLeft, m + (showsRowHeaders ? sizes.header * s * Band.rowHeader : 0))
            let total = W - m - left
            let n = Double(chartCount)
            let w = (total - (n - 1) * m) / n
            return (0..<chartCount).map { Rect(x: left + Double($0) * (w + m), y: top, width: w, height: bottom - top) }
        }
    }
}
