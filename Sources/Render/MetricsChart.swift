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
        return zip(groups, seriesByGroup).map { group, series in
            let sameKind = zip(groups, seriesByGroup).filter { $0.0.kind == group.kind }.flatMap { $0.1 }
            return MetricsChart(title: group.title, series: series, yRange: yRange(of: sameKind), xRange: x, yTitle: group.kind.axisTitle)
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

    func draw(on canvas: Canvas, in rect: Rect, epochValue: Double, theme: Theme, scale s: Double) {
        let z = theme.sizes
        let family = theme.fontFamily
        let tick = z.tick * s
        // As many y ticks as fit with a line of space between labels.
        let yTarget = max(min(Int((rect.height - tick * 3.5) / (tick * 2.2)), 5), 1)
        let yTicks = NiceTicks.ticks(from: yRange.lowerBound, to: yRange.upperBound, target: yTarget)
        let yLabels = yTicks.values.map { NiceTicks.label($0, step: yTicks.step) }
        canvas.selectFont(family: family, size: tick)
        let yLabelWidth = yLabels.map { canvas.advance($0) }.max() ?? 0
        // Bands in tick-font units: a header line (title, key) above the plot; tick labels and
        // the x title below it; the rotated y title and the tick labels left of it.
        let headerHeight = tick * 1.7
        let yTitleWidth = tick * 1.3
        let xBand = tick * 3.0
        let plotLeft = rect.x + yTitleWidth + yLabelWidth + tick * 0.6
        let plot = Rect(x: plotLeft, y: rect.y + headerHeight,
                        width: rect.maxX - tick * 0.8 - plotLeft,
                        height: rect.height - headerHeight - xBand)
        guard plot.width > 10, plot.height > 10 else { return }
        func px(_ e: Double) -> Double {
            plot.x + (e - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plot.width
        }
        func py(_ v: Double) -> Double {
            plot.maxY - (v - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plot.height
        }

        // Grid and y labels.
        for (v, label) in zip(yTicks.values, yLabels) {
            let y = py(v)
            canvas.line(from: (plot.x, y), to: (plot.maxX, y), colour: theme.gridLine, width: max(1 * s, 1), alpha: 0.8)
            canvas.drawText(label, x: plot.x - tick * 0.4, centreY: y, family: family, size: tick,
                            colour: theme.secondaryText, alignment: .right)
        }
        // x ticks (epochs).
        // Epochs are whole numbers: never a fractional tick.
        let xTicks = NiceTicks.ticks(from: xRange.lowerBound, to: xRange.upperBound, target: max(Int(plot.width / (tick * 8)), 2),
                                     minimumStep: 1)
        for v in xTicks.values {
            let x = px(v)
            canvas.line(from: (x, plot.maxY), to: (x, plot.maxY + tick * 0.3), colour: theme.secondaryText, width: max(1 * s, 1))
            canvas.drawText(NiceTicks.label(v, step: xTicks.step), x: x, centreY: plot.maxY + tick * 1.05,
                            family: family, size: tick, colour: theme.secondaryText, alignment: .centre)
        }
        canvas.line(from: (plot.x, plot.maxY), to: (plot.maxX, plot.maxY), colour: theme.secondaryText, width: max(1.2 * s, 1))
        // Axis titles: "epoch" centred under the tick labels, the metric kind up the left side.
        canvas.drawText(Self.xTitle, x: plot.midX, centreY: plot.maxY + tick * 2.35, family: family, size: tick,
                        colour: theme.secondaryText, alignment: .centre)
        canvas.drawVerticalText(yTitle, centreX: rect.x + yTitleWidth * 0.45, centreY: plot.midY, family: family, size: tick,
                                colour: theme.secondaryText)

        // Header: title left, series key right.
        var keyX = plot.maxX
        for series in self.series.reversed() {
            canvas.selectFont(family: family, size: tick)
            let w = canvas.advance(series.label)
            canvas.drawText(series.label, x: keyX, centreY: rect.y + headerHeight * 0.45, family: family, size: tick,
                            colour: theme.secondaryText, alignment: .right)
            let lineEnd = keyX - w - tick * 0.35
            canvas.line(from: (lineEnd - tick * 1.6, rect.y + headerHeight * 0.45), to: (lineEnd, rect.y + headerHeight * 0.45),
                        colour: series.colour, width: z.seriesLine * s, dash: series.dash)
            keyX = lineEnd - tick * 1.6 - tick
        }
        if let title {
            canvas.drawText(title, x: plot.x, centreY: rect.y + headerHeight * 0.45, family: family, size: tick,
                            colour: theme.text, bold: true)
        }

        // Curves (broken at missing values).
        cairo_set_line_join(canvas.cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(canvas.cr, CAIRO_LINE_CAP_ROUND)
        for series in self.series {
            canvas.setColour(series.colour)
            cairo_set_line_width(canvas.cr, z.seriesLine * s)
            canvas.setDash(series.dash)
            var drawing = false
            for (e, v) in zip(series.epochs, series.values) {
                guard v.isFinite else { drawing = false; continue }
                if drawing { cairo_line_to(canvas.cr, px(Double(e)), py(v)) } else { cairo_move_to(canvas.cr, px(Double(e)), py(v)) }
                drawing = true
            }
            cairo_stroke(canvas.cr)
            canvas.setDash([])
        }
        cairo_set_line_cap(canvas.cr, CAIRO_LINE_CAP_BUTT)

        // Playhead and the current values.
        let e = min(max(epochValue, xRange.lowerBound), xRange.upperBound)
        let x = px(e)
        canvas.line(from: (x, plot.y), to: (x, plot.maxY), colour: theme.secondaryText, width: 2 * s, alpha: 0.8)
        for series in self.series {
            guard let v = Self.value(of: series, at: e) else { continue }
            canvas.disc(x: x, y: py(v), radius: 5 * s, colour: theme.background)
            canvas.disc(x: x, y: py(v), radius: 3.8 * s, colour: series.colour)
        }
    }
}
