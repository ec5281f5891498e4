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
