/// The 2D layouts of one run: for every block, the position of every sample at every epoch.
///
/// This is what the layout stage produces (or a layouts folder / NeuroMapper folder provides)
/// and what `Interpolate` and `Render` consume. Samples are indexed globally (0..<N, in the order
/// of `samples`); a sample absent from an epoch has NaN coordinates there.
public struct LayoutSet: Sendable, Equatable {
    /// Display name of the run (row header in comparisons).
    public var runName: String
    /// Saved epochs, strictly ascending.
    public var epochs: [Int]
    /// Blocks in display order.
    public var blocks: [BlockLayout]
    /// Ids, labels and class names of the N samples.
    public var samples: SampleTable
    /// Per-epoch metrics (e.g. val_acc), if the run has them.
    public var metrics: MetricsTable?

    public init(runName: String, epochs: [Int], blocks: [BlockLayout], samples: SampleTable,
                metrics: MetricsTable? = nil) {
        self.runName = runName
        self.epochs = epochs
        self.blocks = blocks
        self.samples = samples
        self.metrics = metrics
    }

    /// Number of samples N.
    public var sampleCount: Int { samples.count }

    /// The block with this name, if any.
    public func block(named name: String) -> BlockLayout? {
        blocks.first { $0.name == name }
    }
}

/// One block's layouts across epochs.
public struct BlockLayout: Sendable, Equatable {
    /// Name as stored (file name stem), e.g. `layer4`.
    public var name: String
    /// Display title, e.g. `Block 4`; defaults to the name.
    public var title: String
    /// `positions[e]` holds 2·N floats, x0, y0, x1, y1, …, for epoch `epochs[e]`;
    /// NaN where the sample is absent at that epoch.
    public var positions: [[Float]]

    public init(name: String, title: String? = nil, positions: [[Float]]) {
        self.name = name
        self.title = title ?? name
        self.positions = positions
    }
}

/// Per-sample metadata shared by every block and epoch of a run.
public struct SampleTable: Sendable, Equatable {
    /// A stable id per sample (`"0"`, `"1"`, … when the run has none).
    public var ids: [String]
    /// Class index per sample, in `0..<classNames.count`.
    public var labels: [Int32]
    /// Class names, index = label.
    public var classNames: [String]

    public init(ids: [String], labels: [Int32], classNames: [String]) {
        self.ids = ids
        self.labels = labels
        self.classNames = classNames
    }

    public var count: Int { labels.count }

    /// Samples per class, index = label.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for label in labels where Int(label) < counts.count && label >= 0 { counts[Int(label)] += 1 }
        return counts
    }
}

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
