import CCairo
import Foundation
import Interpolate
import LayoutModel

/// A line chart of per-epoch metrics with a playhead at the current (continuous) epoch.
struct MetricsChart {
    struct Series {
        var label: String
        var epochs: [Int]
        var values: [Double]
        var colour: RGBColour
        var dash: [Double]
    }

    var title: String?
    var series: [Series]
    /// Shared y range (so per-run charts compare).
    var yRange: ClosedRange<Double>
    var xRange: ClosedRange<Double>
    /// Title of the y axis ("loss", "accuracy").
    var yTitle: String
    /// The part of `title` that tells this chart's run from the others', kept when the title
    /// must be elided to leave room for the key.
    var titleDistinct = HeaderText.Distinct(range: 0..<0, core: 0)
    /// Title of the x axis.
    static let xTitle = "epoch"

    /// The series of the chosen metrics of one kind for each row in `rows`; colours by metric
    /// (its place in the chosen list, so a metric keeps its colour across charts), dash by run
    /// when several runs share a chart (`dashedByRun`).
    static func series(rows: [FrameRow], indices: [Int], spec: MetricsChartSpec, kind: MetricKind, theme: Theme, scale: Double,
                       dashedByRun: Bool) -> [[Series]] {
        let dashes: [[Double]] = [[], [10, 6], [3, 5], [14, 5, 3, 5]]
        return indices.compactMap { r in
            let row = rows[r]
            guard let table = row.metrics else { return nil }
            let names = spec.resolvedMetrics(in: table)
            return names.enumerated().compactMap { k, name in
                let values = table.series(name) ?? []
                guard MetricKind.of(name: name, values: values) == kind else { return nil }
                let dash = dashedByRun ? dashes[r % dashes.count].map { $0 * scale } : []
                let label = dashedByRun && indices.count > 1 ? "\(row.name) \(name)" : name
                return Series(label: label, epochs: table.epochs, values: values,
                              colour: theme.seriesColours[k % theme.seriesColours.count], dash: dash)
            }
        }
    }

    /// The charts of a scene, one per `FrameScene.chartGroups()` entry; charts of one kind
    /// share their y range (so per-run charts compare) and all share the x range.
    static func charts(for scene: FrameScene, theme: Theme, scale: Double) -> [MetricsChart] {
        guard let spec = scene.metricsChart else { return [] }
        let groups = scene.chartGroups()
        let overlaid = spec.mode == .overlaid
        let seriesByGroup = groups.map {
            series(rows: scene.rows, indices: $0.rows, spec: spec, kind: $0.kind, theme: theme, scale: scale, dashedByRun: overlaid).flatMap { $0 }
        }
        let x = xRange(of: seriesByGroup.flatMap { $0 })
        let distinct = HeaderText.distinctParts(groups.map { $0.title ?? "" })
        return zip(groups, seriesByGroup).enumerated().map { k, pair in
            let (group, series) = pair
            let sameKind = zip(groups, seriesByGroup).filter { $0.0.kind == group.kind }.flatMap { $0.1 }
            return MetricsChart(title: group.title, series: series, yRange: yRange(of: sameKind), xRange: x, yTitle: group.kind.axisTitle,
                                titleDistinct: distinct[k])
        }
    }

    /// y range: 0…1 when every value lies there (accuracies), else the data range padded by 5 %.
    static func yRange(of series: [Series]) -> ClosedRange<Double> {
        let values = series.flatMap(\.values).filter(\.isFinite)
        guard let lo = values.min(), let hi = values.max() else { return 0...1 }
        if lo >= 0 && hi <= 1 { return 0...1 }
        let pad = max((hi - lo) * 0.05, 1e-6)
        return (lo - pad)...(hi + pad)
    }

    static func xRange(of series: [Series]) -> ClosedRange<Double> {
        let epochs = series.flatMap(\.epochs)
        guard let lo = epochs.min(), let hi = epochs.max(), hi > lo else { return 0...1 }
        return Double(lo)...Double(hi)
    }

    /// Linear interpolation of a series at a continuous epoch (nil outside or at a gap).
    static func value(of s: Series, at epoch: Double) -> Double? {
        guard let first = s.epochs.first, let last = s.epochs.last, epoch >= Double(first), epoch <= Double(last) else { return nil }
        for i in 0..<s.epochs.count where i + 1 == s.epochs.count || Double(s.epochs[i + 1]) >= epoch {
            if i + 1 == s.epochs.count { return s.values[i].isFinite ? s.values[i] : nil }
            let e0 = Double(s.epochs[i]), e1 = Double(s.epochs[i + 1])
            let t = e1 > e0 ? (epoch - e0) / (e1 - e0) : 0
            let v = s.values[i] + (s.values[i + 1] - s.values[i]) * t
            return v.isFinite ? v : nil
        }
        return nil
    }

    /// Bands around the plot in tick-font sizes: the header line (title, key) above it; the
    /// tick labels and the x title below it; the rotated y title left of the tick labels; air
    /// to the right for the last x label.
    enum Band {
        static let header = 1.7
        static let xAxis = 3.0
        static let yTitle = 1.3
        static let right = 0.8
        /// Between the y tick labels and the plot.
        static let yLabelGap = 0.6
        /// Vertical room one y tick label needs: a label and a line of space.
        static let yTickPitch = 2.2
        /// Horizontal room one x tick label needs.
        static let xTickPitch = 8.0
    }

    /// The plot area and its mapping from (epoch, value) to device coordinates.
    struct Plot {
        let rect: Rect
        let xRange: ClosedRange<Double>
        let yRange: ClosedRange<Double>
        func x(_ e: Double) -> Double { rect.x + (e - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * rect.width }
        func y(_ v: Double) -> Double { rect.maxY - (v - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * rect.height }
    }

    /// Which parts `draw` paints: a video draws the fixed ones once (`FixedChrome`) and the
    /// playhead on every frame.
    enum Parts {
        case all
        /// Axes, grid, ticks, titles, key and curves.
        case fixed
        case playhead
    }

    func draw(on canvas: Canvas, in rect: Rect, epochValue: Double, theme: Theme, scale s: Double, parts: Parts = .all) {
        guard let (plot, yTicks) = arrange(in: rect, canvas: canvas, theme: theme, scale: s) else { return }
        if parts != .playhead {
            drawAxes(plot, yTicks: yTicks, chart: rect, canvas: canvas, theme: theme, scale: s)
            drawHeader(plot, chart: rect, canvas: canvas, theme: theme, scale: s)
            drawCurves(plot, canvas: canvas, theme: theme, scale: s)
        }
        if parts != .fixed { drawPlayhead(plot, epochValue: epochValue, canvas: canvas, theme: theme, scale: s) }
    }

    /// The plot area of the chart in `rect` (nil when too small to draw) and its y ticks with
    /// their labels, measured with `canvas`'s fonts.
    func arrange(in rect: Rect, canvas: Canvas, theme: Theme, scale s: Double) -> (Plot, [(Double, String)])? {
        let tick = theme.sizes.tick * s
        // As many y ticks as fit with a line of space between labels, at most five.
        let yTarget = max(min(Int((rect.height - tick * (Band.header + Band.xAxis)) / (tick * Band.yTickPitch)), 5), 1)
        let yTicks = NiceTicks.ticks(from: yRange.lowerBound, to: yRange.upperBound, target: yTarget)
        let yLabels = yTicks.values.map { NiceTicks.label($0, step: yTicks.step) }
        canvas.selectFont(family: theme.fontFamily, size: tick)
        let yLabelWidth = yLabels.map { canvas.advance($0) }.max() ?? 0
        let plotLeft = rect.x + tick * Band.yTitle + yLabelWidth + tick * Band.yLabelGap
        let plotRect = Rect(x: plotLeft, y: rect.y + tick * Band.header, width: rect.maxX - tick * Band.right - plotLeft,
                            height: rect.height - tick * (Band.header + Band.xAxis))
        guard plotRect.width > 10, plotRect.height > 10 else { return nil }
        return (Plot(rect: plotRect, xRange: xRange, yRange: yRange), zip(yTicks.values, yLabels).map { ($0, $1) })
    }

    /// Radius of the playhead's dots on the curves, device pixels.
    static func playheadDotRadius(scale s: Double) -> Double { 5 * s }

    /// Everything `drawPlayhead` paints at `epochValue`: the line and the dots, which reach a
    /// dot's radius past the plot (the line is narrower than a dot).
    func playheadBox(_ plot: Plot, epochValue: Double, scale s: Double) -> Rect {
        let x = plot.x(min(max(epochValue, xRange.lowerBound), xRange.upperBound)), r = Self.playheadDotRadius(scale: s)
        return Rect(x: x - r, y: plot.rect.y - r, width: 2 * r, height: plot.rect.height + 2 * r)
    }

    /// Grid lines with y labels, x ticks (whole epochs) and both axis titles.
    private func drawAxes(_ plot: Plot, yTicks: [(Double, String)], chart rect: Rect, canvas: Canvas, theme: Theme, scale s: Double) {
        let family = theme.fontFamily
        let tick = theme.sizes.tick * s
        let area = plot.rect
        for (v, label) in yTicks {
            let y = plot.y(v)
            canvas.line(from: (area.x, y), to: (area.maxX, y), colour: theme.gridLine, width: max(1 * s, 1), alpha: 0.8)
            canvas.drawText(label, x: area.x - tick * 0.4, centreY: y, family: family, size: tick,
                            colour: theme.secondaryText, alignment: .right)
        }
        // Epochs are whole numbers: never a fractional tick.
        let xTicks = NiceTicks.ticks(from: xRange.lowerBound, to: xRange.upperBound,
                                     target: max(Int(area.width / (tick * Band.xTickPitch)), 2), minimumStep: 1)
        for v in xTicks.values {
            let x = plot.x(v)
            canvas.line(from: (x, area.maxY), to: (x, area.maxY + tick * 0.3), colour: theme.secondaryText, width: max(1 * s, 1))
            canvas.drawText(NiceTicks.label(v, step: xTicks.step), x: x, centreY: area.maxY + tick * 1.05,
                            family: family, size: tick, colour: theme.secondaryText, alignment: .centre)
        }
        canvas.line(from: (area.x, area.maxY), to: (area.maxX, area.maxY), colour: theme.secondaryText, width: max(1.2 * s, 1))
        // "epoch" centred under the tick labels, the metric kind up the left side.
        canvas.drawText(Self.xTitle, x: area.midX, centreY: area.maxY + tick * 2.35, family: family, size: tick,
                        colour: theme.secondaryText, alignment: .centre)
        canvas.drawVerticalText(yTitle, centreX: rect.x + tick * Band.yTitle * 0.45, centreY: area.midY, family: family, size: tick,
                                colour: theme.secondaryText)
    }

    /// Title left, series key (a line sample and the label) right, above the plot.
    private func drawHeader(_ plot: Plot, chart rect: Rect, canvas: Canvas, theme: Theme, scale s: Double) {
        let family = theme.fontFamily
        let tick = theme.sizes.tick * s
        let centreY = rect.y + tick * Band.header * 0.45
        var keyX = plot.rect.maxX
        for series in self.series.reversed() {
            canvas.selectFont(family: family, size: tick)
            let w = canvas.advance(series.label)
            canvas.drawText(series.label, x: keyX, centreY: centreY, family: family, size: tick,
                            colour: theme.secondaryText, alignment: .right)
            let lineEnd = keyX - w - tick * 0.35
            canvas.line(from: (lineEnd - tick * 1.6, centreY), to: (lineEnd, centreY),
                        colour: series.colour, width: theme.sizes.seriesLine * s, dash: series.dash)
            keyX = lineEnd - tick * 1.6 - tick
        }
        // The title takes what the key leaves, shrunk or elided (keeping what tells the runs apart).
        if let title {
            let room = keyX - plot.rect.x
            let fit = HeaderText.fit(title, distinct: titleDistinct.range, core: titleDistinct.core, size: tick, maxWidth: room,
                                     maxLines: 1) { canvas.textWidth($0, family: family, size: $1, bold: true) }
            canvas.drawText(fit.lines.first ?? "", x: plot.rect.x, centreY: centreY, family: family, size: fit.size,
                            colour: theme.text, bold: true)
        }
    }

    /// The curves, broken at missing values.
    private func drawCurves(_ plot: Plot, canvas: Canvas, theme: Theme, scale s: Double) {
        cairo_set_line_join(canvas.cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(canvas.cr, CAIRO_LINE_CAP_ROUND)
        for series in self.series {
            canvas.setColour(series.colour)
            cairo_set_line_width(canvas.cr, theme.sizes.seriesLine * s)
            canvas.setDash(series.dash)
            var drawing = false
            for (e, v) in zip(series.epochs, series.values) {
                guard v.isFinite else { drawing = false; continue }
                let x = plot.x(Double(e)), y = plot.y(v)
                if drawing { cairo_line_to(canvas.cr, x, y) } else { cairo_move_to(canvas.cr, x, y) }
                drawing = true
            }
            cairo_stroke(canvas.cr)
            canvas.setDash([])
        }
        cairo_set_line_cap(canvas.cr, CAIRO_LINE_CAP_BUTT)
    }

    /// The playhead at the current epoch and a dot on each curve there.
    private func drawPlayhead(_ plot: Plot, epochValue: Double, canvas: Canvas, theme: Theme, scale s: Double) {
        let e = min(max(epochValue, xRange.lowerBound), xRange.upperBound)
        let x = plot.x(e)
        // Round joins, as `drawCurves` leaves them when the whole chart is drawn at once: Cairo
        // rasterises a straight line differently under mitre joins (as boxes), and a frame over
        // the fixed chrome draws the playhead on a fresh canvas.
        cairo_set_line_join(canvas.cr, CAIRO_LINE_JOIN_ROUND)
        canvas.line(from: (x, plot.rect.y), to: (x, plot.rect.maxY), colour: theme.secondaryText, width: 2 * s, alpha: 0.8)
        for series in self.series {
            guard let v = Self.value(of: series, at: e) else { continue }
            canvas.disc(x: x, y: plot.y(v), radius: Self.playheadDotRadius(scale: s), colour: theme.background)
            canvas.disc(x: x, y: plot.y(v), radius: 3.8 * s, colour: series.colour)
        }
    }
}
