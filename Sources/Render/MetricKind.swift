import LayoutModel

/// Whether a metric is loss-like (unbounded, lower is better) or accuracy-like (a fraction in
/// 0…1, higher is better), so the two never share a y axis.
public enum MetricKind: Sendable, Equatable, CaseIterable {
    case loss
    case accuracy

    /// Name words that mark a metric as loss-like or accuracy-like.
    static let lossWords = ["loss", "err", "mse", "mae", "nll", "perplex", "entropy"]
    static let accuracyWords = ["acc", "f1", "auc", "precision", "recall", "iou"]

    /// By name first ("train_loss", "val_acc"); a name that says neither is accuracy-like when
    /// all its values lie in 0…1, else loss-like.
    public static func of(name: String, values: [Double]) -> MetricKind {
        let n = name.lowercased()
        if lossWords.contains(where: n.contains) { return .loss }
        if accuracyWords.contains(where: n.contains) { return .accuracy }
        let finite = values.filter(\.isFinite)
        return !finite.isEmpty && finite.allSatisfy({ (0...1).contains($0) }) ? .accuracy : .loss
    }

    /// The y-axis title.
    public var axisTitle: String {
        switch self {
        case .loss: return "loss"
        case .accuracy: return "accuracy"
        }
    }
}

/// One chart under the panels: which rows' series it shows and which kind of metric.
struct ChartGroup: Equatable {
    /// Run name in per-run mode.
    var title: String?
    var rows: [Int]
    /// The kind of every series in it, which titles its y axis.
    var kind: MetricKind
}

extension FrameScene {
    /// Kinds of the metrics plotted, in the order loss, accuracy.
    func plottedKinds() -> [MetricKind] {
        guard let spec = metricsChart else { return [] }
        var kinds = Set<MetricKind>()
        for row in rows {
            guard let table = row.metrics else { continue }
            for name in spec.resolvedMetrics(in: table) { kinds.insert(MetricKind.of(name: name, values: table.series(name) ?? [])) }
        }
        return MetricKind.allCases.filter(kinds.contains)
    }

    /// The charts drawn under the panels, left to right: one per kind of metric (loss and
    /// accuracy get charts of their own), times one per run in per-run mode.
    func chartGroups() -> [ChartGroup] {
        guard let spec = metricsChart else { return [] }
        let withMetrics = rows.indices.filter { rows[$0].metrics != nil }
        guard !withMetrics.isEmpty else { return [] }
        let kinds = plottedKinds()
        switch spec.mode {
        case .overlaid:
            return kinds.map { ChartGroup(title: nil, rows: withMetrics, kind: $0) }
        case .perRun:
            return withMetrics.flatMap { r in kinds.map { ChartGroup(title: rows[r].name, rows: [r], kind: $0) } }
        }
    }
}
