import AlignedUMAP
import SettingSchema

/// How the layout stage computes and orients layouts: the algorithm's parameters, and whether
/// blocks and runs are rotated/reflected to face each other.
public struct LayoutOptions: Sendable, Equatable {
    public var parameters: AlignedUMAPParameters
    /// Rotate/reflect blocks to match the run's last block, and runs to match the first run.
    public var orient: Bool

    public init(parameters: AlignedUMAPParameters = AlignedUMAPParameters(), orient: Bool = Setting.orient.defaultValue) {
        self.parameters = parameters
        self.orient = orient
    }

    /// The parameters in one line, for output metadata (PNG/PDF comments).
    public var summary: String {
        let p = parameters
        return "n_neighbors=\(p.nNeighbors) min_dist=\(p.minDist) spread=\(p.spread) alignment=\(p.alignmentRegularisation) window=\(p.alignmentWindow) epochs=\(p.nEpochs) metric=\(p.metric.rawValue) seed=\(p.seed)"
    }
}

extension LayoutOptions {
    /// The stage's own settings (the algorithm's are `AlignedUMAPParameters.Setting`).
    public enum Setting {
        public static let orient = SettingSpec(
            key: "orient", help: "rotate/flip blocks and runs to match each other (off: leave them as computed)",
            defaultValue: true, domain: .flag)
    }
}
