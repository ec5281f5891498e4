import Encode
import Foundation
import Interpolate
import Layout
import LayoutModel
import Runs
import Render

/// Everything a picture needs besides positions: the scene (titles, rows, legend, chart) and the
/// render settings (theme, palette, points, filter), built once from `Settings` for a comparison.
struct RenderPlan {
    var scene: FrameScene
    var renderSettings: RenderSettings
    var tracks: TrackSettings

    init(comparison: Comparison, settings: Settings, columnTitles: [String]? = nil) throws {
        let first = comparison.layouts[0]
        let titles = columnTitles ?? comparison.blocks.map { name in first.block(named: name)?.title ?? name }
        let rows = comparison.layouts.map { FrameRow(name: $0.runName, samples: $0.samples, metrics: $0.metrics) }
        var chart: MetricsChartSpec? = nil
        if !settings.metrics.isEmpty {
            let available = Set(comparison.layouts.compactMap(\.metrics).flatMap(\.names))
            for name in settings.metrics where !available.contains(name) {
                throw CLIError.usage("--metrics: no column '\(name)' in metrics.csv; columns are \(available.sorted().joined(separator: ", "))")
            }
            chart = MetricsChartSpec(metrics: settings.metrics, mode: comparison.layouts.count > 1 ? .perRun : .overlaid)
        }
        scene = FrameScene(title: settings.title, columnTitles: titles, rows: rows,
                           showsLegend: settings.legend, metricsChart: chart)
        let classes = try comparison.classSelection(settings.classes)
        renderSettings = RenderSettings(
            theme: Theme.named(settings.theme.rawValue) ?? .light,
            palette: settings.palette == .neuromapper ? .neuroMapper : .colourBlindSafe,
            pointStyle: PointStyle(radius: settings.pointRadius, opacity: settings.pointOpacity),
            filter: ClassFilter(classes: classes, mode: settings.context ? .context : .hide),
            sampleLimit: settings.samples, seed: settings.layout.parameters.seed)
        tracks = try RenderPlan.trackSettings(settings, comparison: comparison)
    }

    static func trackSettings(_ settings: Settings, comparison: Comparison) throws -> TrackSettings {
        let block = comparison.blocks.last!
        let selection: [TrackSelection]
        switch settings.tracks {
        case .none: selection = []
        case let .ids(ids):
            let known = Set(comparison.layouts[0].samples.ids)
            for id in ids where !known.contains(id) {
                throw CLIError.usage("--track: no sample with id '\(id)' in \(comparison.runs[0].url.path)")
            }
            selection = [.ids(ids)]
        case let .auto(n, .moved): selection = [.mostMoving(count: n, block: block)]
        case let .auto(n, .flips): selection = [.neighbourClassChanges(count: n, block: block)]
        case let .auto(n, .misclassified): selection = [.misclassifiedAtEnd(count: n, predictions: try comparison.finalPredictions())]
        }
        return TrackSettings(selections: selection, trailSeconds: settings.trailSeconds)
    }

    /// The GIF palette's exact colours: background, classes, chrome and their blends, the most
    /// important first and cut to `GIFPalette.maxKeyColors`. With many classes (about 20 and
    /// more) the blends no longer fit; the cut drops the last ones, which are then dithered.
    var gifKeyColours: [RGB] {
        renderSettings.keyColours(classCount: scene.classNames.count, pointOpacity: renderSettings.pointStyle.opacity)
            .prefix(GIFPalette.maxKeyColors).map { RGB($0.red, $0.green, $0.blue) }
    }
}

