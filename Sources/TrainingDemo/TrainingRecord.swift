/// A whole run held in memory: its description and every epoch's record. Convenient for tests
/// and small configurations; the CLI streams epochs through `DemoTrainer.train(_:onEpoch:)` instead.
public struct TrainingRecord: Sendable, Equatable {
    public let run: DemoRunDescription
    /// One record per epoch, in `run.epochs` order.
    public let epochs: [EpochRecord]

    public init(run: DemoRunDescription, epochs: [EpochRecord]) {
        self.run = run
        self.epochs = epochs
    }

    /// The record of the last epoch.
    public var final: EpochRecord { epochs[epochs.count - 1] }

    /// The activations of a block at an epoch's position in `epochs`, by block name.
    public func activations(block name: String, epochIndex: Int) -> ActivationMatrix? {
        run.blockNames.firstIndex(of: name).map { epochs[epochIndex].blocks[$0] }
    }
}
