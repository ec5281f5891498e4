/// The metrics of one epoch, measured after the epoch's last update (epoch 0: untrained).
/// Losses are mean softmax cross-entropy; accuracies are fractions in [0, 1].
public struct EpochMetrics: Sendable, Equatable {
    /// Column names, in `values` order, as written to `metrics.csv`.
    public static let names = ["train_loss", "train_acc", "val_loss", "val_acc"]

    /// Loss on the run's whole training set (with its noisy labels, if any).
    public var trainLoss: Double
    /// Accuracy on the run's whole training set (against its possibly noisy labels).
    public var trainAccuracy: Double
    /// Loss on the evaluation set (clean labels).
    public var validationLoss: Double
    /// Accuracy on the evaluation set (clean labels).
    public var validationAccuracy: Double

    public init(trainLoss: Double, trainAccuracy: Double, validationLoss: Double, validationAccuracy: Double) {
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
    }

    /// The values in `EpochMetrics.names` order.
    public var values: [Double] { [trainLoss, trainAccuracy, validationLoss, validationAccuracy] }
}
