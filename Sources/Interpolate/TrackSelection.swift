/// Which samples get a highlight track.
public enum TrackSelection: Sendable, Equatable {
    /// These sample ids, in this order.
    case ids([String])
    /// The `count` samples that travel furthest in `block` (see `TrackChoice.mostMoving`).
    case mostMoving(count: Int, block: String)
    /// The `count` samples whose nearest neighbour's class changes most often in `block`
    /// (see `TrackChoice.neighbourClassChanges`).
    case neighbourClassChanges(count: Int, block: String)
    /// Up to `count` samples misclassified at the end, given one predicted class per sample
    /// (see `TrackChoice.misclassifiedAtEnd`).
    case misclassifiedAtEnd(count: Int, predictions: [Int32])
}

/// Highlight tracks for a video or a strip.
public struct TrackSettings: Sendable, Equatable {
    /// Selections, combined in order; a sample chosen twice keeps its first place.
    public var selections: [TrackSelection]
    /// The run (row) whose layouts and predictions the automatic choices read; tracks then follow
    /// the same sample ids in every run.
    public var choiceRun: Int
    /// Length of the trail behind each tracked point, in seconds of video.
    public var trailSeconds: Double

    public init(selections: [TrackSelection] = [], choiceRun: Int = 0, trailSeconds: Double = 1) {
        self.selections = selections
        self.choiceRun = choiceRun
        self.trailSeconds = trailSeconds
    }
}
