import LayoutModel

/// What stays the same for every frame of a video: the grid's rows (runs) and columns
/// (blocks), their names, and the optional overlays.
public struct FrameScene: Sendable {
    /// Optional title, top left.
    public var title: String?
    /// Column headers (block display titles), one per column.
    public var columnTitles: [String]
    /// One row per run.
    public var rows: [FrameRow]
    /// Row headers shown? nil: when there is more than one row.
    public var showsRowHeaders: Bool?
    /// Progress bar shown? nil: the theme decides.
    public var showsProgressBar: Bool?
    /// Class legend shown.
    public var showsLegend: Bool
    /// Metrics chart under the panels, nil for none.
    public var metricsChart: MetricsChartSpec?

    public init(title: String? = nil, columnTitles: [String], rows: [FrameRow], showsRowHeaders: Bool? = nil,
                showsProgressBar: Bool? = nil, showsLegend: Bool = true, metricsChart: MetricsChartSpec? = nil) {
        self.title = title
        self.columnTitles = columnTitles
        self.rows = rows
        self.showsRowHeaders = showsRowHeaders
        self.showsProgressBar = showsProgressBar
        self.showsLegend = showsLegend
        self.metricsChart = metricsChart
    }

    public var columnCount: Int { columnTitles.count }
    public var rowCount: Int { rows.count }
    /// Class names for the legend: the first row's (runs compared side by side share classes).
    public var classNames: [String] { rows.first?.samples.classNames ?? [] }
}

/// One run shown as a row of panels.
public struct FrameRow: Sendable {
    /// Row header (run display name).
    public var name: String
    public var samples: SampleTable
    /// Metrics for the chart, if the run has them.
    public var metrics: MetricsTable?

    public init(name: String, samples: SampleTable, metrics: MetricsTable? = nil) {
        self.name = name
        self.samples = samples
        self.metrics = metrics
    }
}

/// The metrics chart under the panels.
public struct MetricsChartSpec: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        /// One chart, every run's series in it (runs told apart by dash pattern).
        case overlaid
        /// One chart per run, side by side, sharing the y range.
        case perRun = "per-run"
    }

    /// Metric names to plot; empty picks every metric whose name contains "acc", or all
    /// metrics if none does.
    public var metrics: [String]
    public var mode: Mode

    public init(metrics: [String] = [], mode: Mode = .overlaid) {
        self.metrics = metrics
        self.mode = mode
    }

    /// The metric names plotted for a table.
    public func resolvedMetrics(in table: MetricsTable) -> [String] {
        if !metrics.isEmpty { return metrics.filter { table.names.contains($0) } }
        let accuracy = table.names.filter { $0.lowercased().contains("acc") }
        return accuracy.isEmpty ? table.names : accuracy
    }
}

/// How points look and which are drawn; shared by frames and strips.
public struct RenderSettings: Sendable {
    public var theme: Theme
    public var palette: ClassPalette
    public var pointStyle: PointStyle
    public var filter: ClassFilter
    /// Draw at most this many samples per run (stratified subset); nil draws all.
    public var sampleLimit: Int?
    /// Seed of the draw order and the subset.
    public var seed: UInt64

    public init(theme: Theme = .light, palette: ClassPalette = .colourBlindSafe, pointStyle: PointStyle = PointStyle(),
                filter: ClassFilter = .all, sampleLimit: Int? = nil, seed: UInt64 = 0) {
        self.theme = theme
        self.palette = palette
        self.pointStyle = pointStyle
        self.filter = filter
        self.sampleLimit = sampleLimit
        self.seed = seed
    }

    /// Classes shown by name in a legend (see `legendEntries`).
    public static let maxLegendClasses = 30

    /// The point layer for a run under these settings.
    public func pointLayer(for samples: SampleTable) -> PointLayer {
        let subset = sampleLimit.map { SampleSubset.stratified(labels: samples.labels, count: $0, seed: seed) }
        return PointLayer(samples: samples, colours: palette.colours(count: samples.classNames.count),
                          contextColour: theme.contextPoint, filter: filter, subset: subset, seed: seed)
    }

    /// Legend entries for these class names: the selected classes, plus "other" in grey when
    /// unselected classes are drawn as context.
    /// At most `maxLegendClasses` classes get an item; the rest are counted in one "+N more"
    /// item, so ImageNet's 1,000 classes (or a million) give a legend that fits the figure.
    public func legendEntries(classNames: [String]) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        let shown = classNames.indices.lazy.filter { filter.isSelected($0) }.prefix(Self.maxLegendClasses)
        let colours = palette.colours(count: (shown.last ?? -1) + 1)
        for i in shown { entries.append(LegendEntry(label: classNames[i], colour: colours[i])) }
        let more = classNames.indices.reduce(0) { $0 + (filter.isSelected($1) ? 1 : 0) } - entries.count
        if more > 0 { entries.append(LegendEntry(label: "+\(more) more", colour: theme.contextPoint)) }
        if filter.mode == .context, classNames.indices.contains(where: { !filter.isSelected($0) }) {
            entries.append(LegendEntry(label: "other", colour: theme.contextPoint))
        }
        return entries
    }
}

/// One legend item.
public struct LegendEntry: Sendable, Equatable {
    public var label: String
    public var colour: RGBColour
}

extension RenderSettings {
    /// A one-line `key=value` summary of these settings, for PNG text chunks and PDF metadata,
    /// e.g. `theme=light palette=cb-safe radius=auto opacity=auto classes=all seed=0 samples=all`.
    public var summary: String {
        let classes = filter.classes.map { $0.sorted().map(String.init).joined(separator: ",") + "(\(filter.mode.rawValue))" } ?? "all"
        return [
            "theme=\(theme.name)",
            "palette=\(palette.rawValue)",
            "radius=\(pointStyle.radius.map { String($0) } ?? "auto")",
            "opacity=\(pointStyle.opacity.map { String($0) } ?? "auto")",
            "classes=\(classes)",
            "seed=\(seed)",
            "samples=\(sampleLimit.map(String.init) ?? "all")",
        ].joined(separator: " ")
    }
}
