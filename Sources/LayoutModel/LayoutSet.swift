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
