/// Everything about a run that is known before it trains: what a run folder's top-level files
/// (labels, class names, block order, metrics header) hold.
public struct DemoRunDescription: Sendable, Equatable {
    /// Run name (e.g. `well-fit`).
    public let runName: String
    /// Block names in order (`hidden1`, …, `logits`), the `.npy` file stems.
    public let blockNames: [String]
    /// Display titles, parallel to `blockNames`.
    public let blockTitles: [String]
    /// Block widths D, parallel to `blockNames`.
    public let blockWidths: [Int]
    /// Epochs that will be recorded, ascending (0 = untrained).
    public let epochs: [Int]
    /// Class index of each evaluation sample (N entries).
    public let labels: [Int32]
    /// Class names, index = label.
    public let classNames: [String]
    /// Metric column names, in `EpochMetrics.values` order.
    public let metricNames: [String]

    /// N, the number of evaluation samples.
    public var sampleCount: Int { labels.count }
}
