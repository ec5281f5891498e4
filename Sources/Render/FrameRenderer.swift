import CCairo
import Interpolate
import LayoutModel
import PixelRegions

/// Draws video frames: one `FrameScene` at one size, frame after frame.
///
/// Creating it precomputes the layout, the draw orders, the colours and the disc table; `render`
/// then costs only drawing. It is immutable and holds no Cairo state between frames (each call
/// draws through its own short-lived `Canvas`), so it is `Sendable`: several threads may render
/// different frames at once, each into its own buffer.
public final class FrameRenderer: Sendable {
    public let scene: FrameScene
    public let settings: RenderSettings
    public let layout: FrameGeometry
    /// Point layer per row (run).
    public let layers: [PointLayer]
    /// Disc radius in device pixels.
    public let pointRadius: Double
    public let pointOpacity: Double
    private let charts: [MetricsChart]
    private let splatter: DiscSplatter
    /// The parts no frame changes, drawn once (nil when they come too close to what changes),
    /// for frames without track labels and for frames with them: a label's halo leaves Cairo's
    /// line joins round, which changes how the chrome drawn after it rasterises its straight
    /// lines, so a frame drawn whole has one chrome or the other. The same value when both
    /// have the same pixels.
    private let fixedChrome: (plain: FixedChrome, afterLabels: FixedChrome)?
    /// Boxes of what is drawn per frame over the fixed chrome, besides text and playheads:
    /// panels with their borders, the progress bar with its thumb.
    private let liveShapes: [Rect]
    /// Each chart's plot area (nil for a chart too small to draw): where its playhead goes.
    private let chartPlots: [MetricsChart.Plot?]

    public convenience init(scene: FrameScene, settings: RenderSettings, width: Int, height: Int) throws {
        try self.init(scene: scene, settings: settings, width: width, height: height, cachesFixedChrome: true)
    }

    /// `cachesFixedChrome: false` draws every part on every frame (the reference tests compare with).
    init(scene: FrameScene, settings: RenderSettings, width: Int, height: Int, cachesFixedChrome: Bool) throws {
        self.scene = scene
        self.settings = settings
        layout = try FrameGeometry(width: width, height: height, scene: scene, settings: settings)
        layers = scene.rows.map { settings.pointLayer(for: $0.samples) }
        let drawn = layers.map(\.drawnCount).max() ?? 0
        pointRadius = settings.pointStyle.resolvedRadius(pointCount: drawn, panel: layout.panelRects[0][0], scale: layout.scale)
        pointOpacity = settings.pointStyle.resolvedOpacity(pointCount: drawn)
        splatter = DiscSplatter(radius: Float(pointRadius))
        let charts = MetricsChart.charts(for: scene, theme: settings.theme, scale: layout.scale)
        self.charts = charts
        let geometry = layout
        let border = settings.theme.panelBorder == nil ? 0 : max(settings.theme.sizes.border * layout.scale, 1)
        // The progress bar's thumb is 1.6 times the bar's half height: one bar height of room.
        liveShapes = geometry.panelRects.flatMap { $0 }.map { $0.inset(by: -border) }
            + [geometry.progressRect].compactMap { $0?.inset(by: -$0!.height) }
        let live = liveShapes + [geometry.epochRect]
        let measure = try Canvas(width: 1, height: 1)
        chartPlots = zip(charts, geometry.chartRects).map { chart, rect in
            chart.arrange(in: rect, canvas: measure, theme: settings.theme, scale: geometry.scale)?.0
        }
        func chrome(roundJoins: Bool) throws -> FixedChrome? {
            try FixedChrome(width: width, height: height, live: live,
                            background: { Self.drawBackground(settings: settings, layout: geometry, on: $0) },
                            fixed: { canvas in
                                if roundJoins { cairo_set_line_join(canvas.cr, CAIRO_LINE_JOIN_ROUND) }
                                Self.drawChrome(scene: scene, settings: settings, layout: geometry, charts: charts, clock: nil,
                                                parts: .fixed, on: canvas)
                            })
        }
        if cachesFixedChrome, let plain = try chrome(roundJoins: false), let afterLabels = try chrome(roundJoins: true) {
            fixedChrome = (plain, afterLabels.pixels == plain.pixels ? plain : afterLabels)
        } else {
            fixedChrome = nil
        }
    }

    /// `labels` carries the track labels' places from the previous frame to this one, so that
    /// they stay put (pass the same variable for every frame of a video, in order).
    public func render(_ panels: [[PanelFrame]], clock: FrameClock, into pixels: UnsafeMutableRawPointer, bytesPerRow: Int,
                       labels: inout LabelMemory) throws {
        var regions: FrameRegions?
        try render(panels, clock: clock, into: pixels, bytesPerRow: bytesPerRow, labels: &labels, regions: &regions)
    }

    /// Renders into memory that may hold an earlier frame, redrawing only what differs from it.
    /// `regions` says what `pixels` hold: on entry the value this call left for the frame
    /// drawn there before (nil for memory of unknown content, which is drawn whole); on return
    /// what they hold now, the frame's `FrameRegions` for the encoder (nil when it was drawn
    /// whole without the fixed chrome, e.g. with a track label outside its panel, and when
    /// drawing threw). The pixels are exactly those `render` gives in fresh memory.
    public func render(_ panels: [[PanelFrame]], clock: FrameClock, into pixels: UnsafeMutableRawPointer, bytesPerRow: Int,
                       labels: inout LabelMemory, regions: inout FrameRegions?) throws {
        let canvas = try Canvas(pixels: pixels, width: layout.width, height: layout.height, bytesPerRow: bytesPerRow)
        try render(panels, clock: clock, on: canvas, labels: &labels, regions: &regions)
    }

    /// Renders into caller-owned memory with no memory of earlier frames' labels.
    public func render(_ panels: [[PanelFrame]], clock: FrameClock, into pixels: UnsafeMutableRawPointer, bytesPerRow: Int) throws {
        var labels = LabelMemory()
        try render(panels, clock: clock, into: pixels, bytesPerRow: bytesPerRow, labels: &labels)
    }

    /// Renders into a new image canvas.
    public func render(_ panels: [[PanelFrame]], clock: FrameClock) throws -> Canvas {
        let canvas = try Canvas(width: layout.width, height: layout.height)
        var labels = LabelMemory()
        try render(panels, clock: clock, on: canvas, labels: &labels)
        return canvas
    }

    /// Where each panel's track labels go (`result[row][column]`), exactly as `render` draws
    /// them; updates `labels` for the next frame.
    public func trackLabels(_ panels: [[PanelFrame]], labels: inout LabelMemory) throws -> [[TrackLabelLayout.Result]] {
        try trackLabels(panels, labels: &labels, measure: Canvas(width: 1, height: 1))
    }

    private func trackLabels(_ panels: [[PanelFrame]], labels memory: inout LabelMemory, measure: Canvas) -> [[TrackLabelLayout.Result]] {
        panels.enumerated().map { r, line in
            line.enumerated().map { c, frame in
                let result = overlay(row: r, column: c, frame: frame)
                    .placeLabels(frame.tracks, previous: memory.previous(row: r, column: c), measure: measure)
                memory.remember(result, row: r, column: c)
                return result
            }
        }
    }

    private func overlay(row: Int, column: Int, frame: PanelFrame) -> TrackOverlay {
        TrackOverlay(mapping: PanelMapping(viewport: frame.viewport, rect: layout.panelRects[row][column]),
                     pointRadius: pointRadius, theme: settings.theme, scale: layout.scale)
    }

    /// Renders onto an image canvas of the layout's size. `panels[row][column]`.
    public func render(_ panels: [[PanelFrame]], clock: FrameClock, on canvas: Canvas, labels: inout LabelMemory) throws {
        var regions: FrameRegions?
        try render(panels, clock: clock, on: canvas, labels: &labels, regions: &regions)
    }

    private func render(_ panels: [[PanelFrame]], clock: FrameClock, on canvas: Canvas, labels: inout LabelMemory,
                        regions: inout FrameRegions?) throws {
        let held = regions
        regions = nil  // until the frame is drawn: a throw leaves pixels of unknown content
        try check(panels)
        guard canvas.isRaster, canvas.width == layout.width, canvas.height == layout.height else {
            throw RenderError.invalidBuffer(reason: "the canvas must be a \(layout.width)x\(layout.height) image, the size the renderer was made for")
        }
        let placedFirst = trackLabels(panels, labels: &labels, measure: canvas)
        // Track labels are drawn unclipped: a label that leaves its panel could cover a fixed
        // part, so such frames draw everything in order.
        let labelsInside = placedFirst.enumerated().allSatisfy { r, line in
            line.enumerated().allSatisfy { c, result in
                let panel = layout.panelRects[r][c].inset(by: -FixedChrome.margin)
                return result.placements.allSatisfy { panel.contains(x: $0.box.x, y: $0.box.y) && panel.contains(x: $0.box.maxX, y: $0.box.maxY) }
            }
        }
        let theme = settings.theme
        var drawn: FrameRegions?
        if let chromes = fixedChrome, labelsInside {
            let fixedChrome = placedFirst.allSatisfy { $0.allSatisfy { $0.placements.isEmpty } } ? chromes.plain : chromes.afterLabels
            let now = FrameRegions(background: fixedChrome.background, changed: changedRects(labels: placedFirst, clock: clock, measure: canvas))
            if let held, let stale = now.difference(from: held) {
                fixedChrome.restore(PixelRegion(stale, width: layout.width, height: layout.height), on: canvas)
            } else {
                fixedChrome.paint(on: canvas)
            }
            drawn = now
        } else {
            Self.drawBackground(settings: settings, layout: layout, on: canvas)
        }
        for (r, line) in panels.enumerated() {
            for (c, frame) in line.enumerated() {
                let rect = layout.panelRects[r][c]
                let painter = PointPainter(layer: layers[r], mapping: PanelMapping(viewport: frame.viewport, rect: rect),
                                           radius: pointRadius, opacity: pointOpacity, contextOpacity: theme.contextOpacity,
                                           splatter: splatter)
                painter.draw(frame, tracked: frame.tracks.map(\.sample), on: canvas, method: .splat, clip: rect)
            }
        }
        let placed = placedFirst
        for (r, line) in panels.enumerated() {
            for (c, frame) in line.enumerated() where !frame.tracks.isEmpty {
                let layer = layers[r]
                overlay(row: r, column: c, frame: frame)
                    .draw(frame.tracks, labels: placed[r][c], colours: { layer.colour(ofClass: $0) }, on: canvas)
            }
        }
        Self.drawChrome(scene: scene, settings: settings, layout: layout, charts: charts, clock: clock,
                        parts: fixedChrome != nil && labelsInside ? .live : .all, on: canvas)
        try canvas.checkStatus("drawing a frame")
        regions = drawn
    }

    /// Where a frame drawn over the fixed chrome differs from it: boxes of everything drawn per
    /// frame, rounded outward to whole pixels after `FixedChrome.margin` for anti-aliasing.
    /// Text is measured by its advance and its band, so its boxes get half the font size more
    /// on every side for glyphs that reach past them (accents, descenders, the labels' halo).
    private func changedRects(labels: [[TrackLabelLayout.Result]], clock: FrameClock, measure: Canvas) -> [PixelRect] {
        let theme = settings.theme, s = layout.scale
        let epochSize = theme.sizes.epoch * s, labelSize = theme.sizes.trackLabel * s
        // The epoch label is drawn right-aligned at the box's right edge, however wide it is.
        let epoch = layout.epochRect
        let epochWidth = max(epoch.width, measure.textWidth(clock.label, family: theme.fontFamily, size: epochSize, bold: true))
        let text = [Rect(x: epoch.maxX - epochWidth, y: epoch.y, width: epochWidth, height: epoch.height).inset(by: -epochSize / 2)]
            + labels.flatMap { $0.flatMap { $0.placements.map { $0.box.inset(by: -labelSize / 2) } } }
        let playheads = zip(charts, chartPlots).compactMap { chart, plot in
            plot.map { chart.playheadBox($0, epochValue: clock.epochValue, scale: s) }
        }
        return (liveShapes + playheads + text).compactMap { $0.inset(by: -FixedChrome.margin).pixels }
    }

    /// Whether frames start from the once-drawn fixed chrome (false when it comes too close to
    /// what changes per frame, or for the reference renderer).
    var drawsFixedChromeOnce: Bool { fixedChrome != nil }

    private func check(_ panels: [[PanelFrame]]) throws {
        let rows = scene.rowCount, columns = scene.columnCount
        guard panels.count == rows, panels.allSatisfy({ $0.count == columns }) else {
            throw RenderError.panelCountMismatch(expectedRows: rows, expectedColumns: columns, gotRows: panels.count,
                                                 gotColumns: panels.first(where: { $0.count != columns })?.count ?? columns)
        }
        for (r, line) in panels.enumerated() {
            let expected = 2 * scene.rows[r].samples.count
            for (c, frame) in line.enumerated() where frame.positions.count != expected {
                throw RenderError.positionCountMismatch(row: r, column: c, expected: expected, got: frame.positions.count)
            }
        }
    }

    /// The background and the panels' fill.
    private static func drawBackground(settings: RenderSettings, layout: FrameGeometry, on canvas: Canvas) {
        canvas.paint(settings.theme.background)
        for line in layout.panelRects {
            for rect in line { canvas.fill(rect, colour: settings.theme.panelBackground) }
        }
    }

    /// Which chrome `drawChrome` paints.
    enum ChromeParts {
        /// Everything, in one order (the fallback when fixed and live parts come close).
        case all
        /// What `FixedChrome` holds: title, headers, legend, the charts' axes, key and curves.
        case fixed
        /// What changes per frame or covers the points: panel borders, the epoch label, the
        /// charts' playheads, the progress bar.
        case live
    }

    /// Chrome over the points. Static so `init` can draw the fixed parts before `self` exists.
    private static func drawChrome(scene: FrameScene, settings: RenderSettings, layout: FrameGeometry, charts: [MetricsChart],
                                   clock: FrameClock?, parts: ChromeParts, on canvas: Canvas) {
        let theme = settings.theme
        let z = theme.sizes
        let s = layout.scale
        let family = theme.fontFamily
        let fixed = parts != .live, live = parts != .fixed
        if live, let border = theme.panelBorder {
            for line in layout.panelRects {
                for rect in line { canvas.stroke(rect, colour: border, lineWidth: max(z.border * s, 1)) }
            }
        }
        if fixed, let title = scene.title, let rect = layout.titleRect {
            let (text, size) = canvas.fit(title, family: family, size: z.title * s, bold: true, maxWidth: rect.width)
            canvas.drawText(text, x: rect.x, centreY: rect.midY, family: family, size: size, colour: theme.text, bold: true)
        }
        if live, let clock {
            let epoch = layout.epochRect
            canvas.drawText(clock.label, x: epoch.maxX, centreY: epoch.midY, family: family, size: z.epoch * s,
                            colour: theme.text, bold: true, alignment: .right)
        }
        if fixed {
            for (c, rect) in layout.columnHeaderRects.enumerated() where c < scene.columnTitles.count {
                let (text, size) = canvas.fit(scene.columnTitles[c], family: family, size: z.header * s, bold: true, maxWidth: rect.width)
                canvas.drawText(text, x: rect.midX, centreY: rect.midY, family: family, size: size, colour: theme.text,
                                bold: true, alignment: .centre)
            }
            canvas.drawRowHeaders(scene.rows.map(\.name), in: layout.rowHeaderRects, maxLines: layout.rowHeaderLines,
                                  size: z.header * s, family: family, colour: theme.text)
            if let legend = layout.legend, let rect = layout.legendRect {
                legend.draw(on: canvas, at: (rect.x, rect.y), theme: theme)
            }
        }
        let chartParts: MetricsChart.Parts = parts == .all ? .all : parts == .fixed ? .fixed : .playhead
        for (chart, rect) in zip(charts, layout.chartRects) {
            chart.draw(on: canvas, in: rect, epochValue: clock?.epochValue ?? 0, theme: theme, scale: s, parts: chartParts)
        }
        guard live, let clock else { return }
        if let bar = layout.progressRect {
            let radius = bar.height / 2
            func capsule(_ r: Rect, _ colour: RGBColour) {
                guard r.width > 0 else { return }
                canvas.setColour(colour)
                cairo_new_sub_path(canvas.cr)
                cairo_arc(canvas.cr, r.x + radius, r.midY, radius, .pi / 2, 3 * .pi / 2)
                cairo_arc(canvas.cr, max(r.maxX - radius, r.x + radius), r.midY, radius, -.pi / 2, .pi / 2)
                cairo_close_path(canvas.cr)
                cairo_fill(canvas.cr)
            }
            capsule(bar, theme.gridLine)
            let progress = min(max(clock.progress, 0), 1)
            capsule(Rect(x: bar.x, y: bar.y, width: max(bar.width * progress, bar.height), height: bar.height), theme.accent)
            canvas.disc(x: bar.x + max(bar.width * progress, radius), y: bar.midY, radius: radius * 1.6, colour: theme.accent)
        }
    }
}
