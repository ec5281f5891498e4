/// What one epoch of a run yields: every block's activations on the evaluation set, and metrics.
public struct EpochRecord: Sendable, Equatable {
    /// Epoch number: 0 is the untrained network, e then follows e passes over the training set.
    public let epoch: Int
    /// One matrix per block, in `DemoRunDescription.blockNames` order.
    public let blocks: [ActivationMatrix]
    public let metrics: EpochMetrics

    public init(epoch: Int, blocks: [ActivationMatrix], metrics: EpochMetrics) {
        self.epoch = epoch
        self.blocks = blocks
        self.metrics = metrics
    }
}
