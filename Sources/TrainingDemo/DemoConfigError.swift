/// A demo configuration that cannot be trained.
public enum DemoConfigError: Error, CustomStringConvertible, Equatable {
    /// A count or size that must be positive is not (field name, value).
    case notPositive(field: String, value: Double)
    /// A value that must not be negative is (field name, value).
    case negative(field: String, value: Double)
    /// A value outside its allowed range (field name, value, the range in words such as `0 to 1`).
    case outOfRange(field: String, value: Double, range: String)
    /// Two runs share a name, so their records could not be told apart.
    case duplicateRunName(String)
    /// The configuration has no runs.
    case noRuns

    public var description: String {
        switch self {
        case let .notPositive(field, value):
            return "Demo configuration field \(field) must be positive, got \(Self.format(value))."
        case let .negative(field, value):
            return "Demo configuration field \(field) must be zero or positive, got \(Self.format(value))."
        case let .outOfRange(field, value, range):
            return "Demo configuration field \(field) must be \(range), got \(Self.format(value))."
        case let .duplicateRunName(name):
            return "Demo configuration has two runs named '\(name)'; give each run its own name."
        case .noRuns:
            return "Demo configuration has no runs; add at least one DemoRunSettings."
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension DemoConfig {
    /// Throws the first problem found, naming the field.
    public func validate() throws(DemoConfigError) {
        func positive(_ field: String, _ value: Double) throws(DemoConfigError) {
            guard value > 0, value.isFinite else { throw .notPositive(field: field, value: value) }
        }
        func notNegative(_ field: String, _ value: Double) throws(DemoConfigError) {
            guard value >= 0, value.isFinite else { throw .negative(field: field, value: value) }
        }
        try positive("problem.classCount", Double(problem.classCount))
        try positive("problem.inputDimension", Double(problem.inputDimension))
        try positive("problem.embeddingScale", problem.embeddingScale)
        try notNegative("problem.turns", problem.turns)
        try notNegative("problem.armNoise", problem.armNoise)
        try notNegative("problem.nuisanceDimension", Double(problem.nuisanceDimension))
        try notNegative("problem.nuisanceSpread", problem.nuisanceSpread)
        try notNegative("problem.inputNoise", problem.inputNoise)
        try positive("epochCount", Double(epochCount))
        try positive("evaluationSampleCount", Double(evaluationSampleCount))
        for (i, width) in hiddenWidths.enumerated() { try positive("hiddenWidths[\(i)]", Double(width)) }
        guard !runs.isEmpty else { throw .noRuns }
        var seen = Set<String>()
        for (i, run) in runs.enumerated() {
            guard seen.insert(run.name).inserted else { throw .duplicateRunName(run.name) }
            try positive("runs[\(i)].trainingSampleCount", Double(run.trainingSampleCount))
            try positive("runs[\(i)].batchSize", Double(run.batchSize))
            try positive("runs[\(i)].learningRate", Double(run.learningRate))
            guard (0...1).contains(run.labelNoiseFraction) else {
                throw .outOfRange(field: "runs[\(i)].labelNoiseFraction", value: run.labelNoiseFraction,
                                  range: "from 0 to 1")
            }
            guard (0...1).contains(run.finalLearningRateFraction) else {
                throw .outOfRange(field: "runs[\(i)].finalLearningRateFraction",
                                  value: Double(run.finalLearningRateFraction), range: "from 0 to 1")
            }
            guard (0..<1).contains(run.momentum) else {
                throw .outOfRange(field: "runs[\(i)].momentum", value: Double(run.momentum),
                                  range: "at least 0 and below 1")
            }
            try notNegative("runs[\(i)].weightDecay", Double(run.weightDecay))
        }
    }
}
