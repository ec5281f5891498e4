import SettingSchema

extension AlignedUMAPParameters {
    /// The parameters a user sets by flag, preset or config file, declared once: defaults are
    /// the struct's own, ranges are the ones a layout makes sense in.
    public enum Setting {
        private static let defaults = AlignedUMAPParameters()

        public static let nNeighbors = SettingSpec(
            key: "n-neighbors", help: "AlignedUMAP neighbours per point: more keeps more global shape",
            defaultValue: defaults.nNeighbors, domain: .integer(2 ... 200), valueName: "k")
        public static let minDist = SettingSpec(
            key: "min-dist", help: "AlignedUMAP minimum distance between embedded points (at most spread)",
            defaultValue: defaults.minDist, domain: .number(0 ... 10), valueName: "d")
        public static let spread = SettingSpec(
            key: "spread", help: "AlignedUMAP scale of embedded points",
            defaultValue: defaults.spread, domain: .number(0.1 ... 10), valueName: "s")
        public static let alignment = SettingSpec(
            key: "alignment", help: "AlignedUMAP alignment regularisation: how strongly a point is pulled to itself in nearby epochs",
            defaultValue: defaults.alignmentRegularisation, domain: .number(0 ... 10), valueName: "λ")
        public static let alignmentWindow = SettingSpec(
            key: "alignment-window", help: "AlignedUMAP epochs each side that pull on a point",
            defaultValue: defaults.alignmentWindow, domain: .integer(1 ... 20), valueName: "W")
        public static let layoutEpochs = SettingSpec(
            key: "layout-epochs", help: "AlignedUMAP optimisation epochs",
            defaultValue: defaults.nEpochs, domain: .integer(10 ... 5000))
        public static let metric = SettingSpec(
            key: "metric", help: "distance between activations",
            defaultValue: defaults.metric, domain: .choice(AlignedUMAPMetric.self))
        public static let seed = SettingSpec(
            key: "seed", help: "random seed of the layout and of sample subsets: the same seed gives the same picture",
            defaultValue: defaults.seed, domain: .unsignedInteger)
        /// Threads change the speed only: the same input gives the same bits on any count, so a
        /// scheduler can give each task exactly the cores it reserved.
        public static let threads = SettingSpec(
            key: "threads", help: "threads for computing layouts (all: every core); the result is the same for any count",
            defaultValue: defaults.threads, domain: .optional(.integer(1 ... 4096), or: "all"), valueName: "n")
    }
}
