import LayoutModel

/// A tracked sample as found in one run.
struct TrackedSample: Sendable {
    /// Global sample index in that run.
    var sample: Int
    var classIndex: Int
    /// `<class name> #<id>`, e.g. `cat #1234`.
    var label: String

    init(sample: Int, in run: LayoutSet) {
        let labelValue = Int(run.samples.labels[sample])
        let names = run.samples.classNames
        let className = labelValue >= 0 && labelValue < names.count ? names[labelValue] : "class \(labelValue)"
        self.sample = sample
        self.classIndex = labelValue
        self.label = "\(className) #\(run.samples.ids[sample])"
    }

    /// The tracked samples of every run: `ids` looked up by id in each run (absent ids skipped).
    static func perRun(ids: [String], layouts: [LayoutSet]) -> [[TrackedSample]] {
        layouts.map { run in
            var index: [String: Int] = [:]
            let wanted = Set(ids)
            for (i, id) in run.samples.ids.enumerated() where wanted.contains(id) && index[id] == nil { index[id] = i }
            return ids.compactMap { id in index[id].map { TrackedSample(sample: $0, in: run) } }
        }
    }
}
