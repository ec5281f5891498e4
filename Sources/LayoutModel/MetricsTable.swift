/// Per-epoch scalar metrics from `metrics.csv`: one column per metric, one row per epoch.
public struct MetricsTable: Sendable, Equatable {
    /// Metric names in file order (without the `epoch` column).
    public var names: [String]
    /// Epoch of each row, ascending.
    public var epochs: [Int]
    /// `values[m][r]` is metric `names[m]` at `epochs[r]`; NaN for an empty cell.
    public var values: [[Double]]

    public init(names: [String], epochs: [Int], values: [[Double]]) {
        self.names = names
        self.epochs = epochs
        self.values = values
    }

    /// The column of a metric by name.
    public func series(_ name: String) -> [Double]? {
        names.firstIndex(of: name).map { values[$0] }
    }
}
