import AlignedUMAP
import SettingSchema

/// How the layout stage computes and orients layouts: the algorithm's parameters, and whether
/// blocks and runs are rotated/reflected to face each other.
public struct LayoutOptions: Sendable, Equatable {
    public var parameters: AlignedUMAPParameters
    /// Rotate/reflect blocks to match the run's last block, and runs to match the first run.
    public var orient: Bool
    /// Lay out several runs of the same samples together whatever their number (`--joint-runs`).
    public var jointRuns: Bool
    /// Lay out every run on its own (`--independent-runs`).
    public var independentRuns: Bool
    /// μ, the pull between a sample's copies in different runs at the same epoch (JointSliceGrid).
    public var runAlignment: Double
    /// In what order a block's epochs are optimised (`layout-order`, resolved per run by
    /// `LayoutOrder.resolved(sampleCount:)`; runs laid out together always optimise all their
    /// epochs together).
    public var order: LayoutOrder

    public init(parameters: AlignedUMAPParameters = AlignedUMAPParameters(), orient: Bool = Setting.orient.defaultValue,
                jointRuns: Bool = Setting.jointRuns.defaultValue, independentRuns: Bool = Setting.independentRuns.defaultValue,
                runAlignment: Double = Setting.runAlignment.defaultValue, order: LayoutOrder = Setting.order.defaultValue) {
        self.parameters = parameters
        self.orient = orient
        self.jointRuns = jointRuns
        self.independentRuns = independentRuns
        self.runAlignment = runAlignment
        self.order = order
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
        public static let jointRuns = SettingSpec(
            key: "joint-runs", help: "lay out runs of the same samples together also when there are more than 4 (default: together for 2 to 4 runs, each on its own for more)",
            defaultValue: false, domain: .flag)
        public static let independentRuns = SettingSpec(
            key: "independent-runs", help: "lay out each run on its own and orient them to match, even for 2 to 4 runs of the same samples",
            defaultValue: false, domain: .flag)
        /// Scaled per sample by how alike its neighbourhoods are in the two runs, so runs whose
        /// networks really diverge part; a run's own neighbourhoods keep their weight.
        public static let runAlignment = SettingSpec(
            key: "run-alignment", help: "with joint runs, how strongly a sample is pulled to its place in the other runs at the same epoch (scaled by how alike its neighbours are there)",
            defaultValue: 0.01, domain: .number(0 ... 10), valueName: "μ")
        public static let order = SettingSpec(
            key: "layout-order", help: "together: a block's epochs optimised together (umap-learn's fit); chained: epoch after epoch, each starting from the one before, as watch draws them: about 5x faster on large runs, sometimes slightly less faithful on small ones; auto: chained from \(LayoutOrder.chainedFromSamples) samples, together below (not used for runs laid out together)",
            defaultValue: LayoutOrder.auto, domain: .choice(LayoutOrder.self))
    }
}
