/// Distance used to find each slice's nearest neighbours.
public enum AlignedUMAPMetric: String, Sendable, Equatable, Codable, CaseIterable {
    /// ‖x − y‖₂.
    case euclidean
    /// 1 − x·y / (‖x‖‖y‖); rows of zeros are at distance 1 from everything.
    case cosine
}

/// Every tunable of AlignedUMAP, with umap-learn's defaults.
///
/// Unlike umap-learn's `AlignedUMAP`, every field takes effect: a and b are fitted from
/// `minDist`/`spread`, and the learning rate, repulsion strength and negative sample rate
/// drive the optimiser (aligned-umap.md §1 lists what the reference ignores).
public struct AlignedUMAPParameters: Sendable, Equatable, Codable {
    /// Neighbours per point, the point itself included (umap-learn's convention).
    public var nNeighbors: Int = 15
    /// Smallest distance between points in the layout (shapes the low-dimensional kernel).
    public var minDist: Double = 0.1
    /// Scale of the layout's kernel; together with `minDist` sets how clumped points are.
    public var spread: Double = 1.0
    /// Epochs of stochastic gradient descent.
    public var nEpochs: Int = 200
    /// Initial SGD step size α₀; it decays linearly to 0.
    public var learningRate: Double = 1.0
    /// Weight γ of the repulsive (negative-sample) force.
    public var repulsionStrength: Double = 1.0
    /// Negative samples per positive edge sample.
    public var negativeSampleRate: Int = 5
    /// Spring strength λ pulling a point towards its copies in neighbouring slices.
    public var alignmentRegularisation: Double = 0.01
    /// How many slices before and after each slice its springs reach.
    public var alignmentWindow: Int = 3
    /// Input distance for the neighbour graph.
    public var metric: AlignedUMAPMetric = .euclidean
    /// Seed of every random choice (approximate neighbours, initialisation, SGD).
    public var seed: UInt64 = 42
    /// Worker threads; `nil` uses every core. The output does not depend on it.
    public var threads: Int? = nil

    public init() {}

    public init(nNeighbors: Int = 15, minDist: Double = 0.1, spread: Double = 1.0, nEpochs: Int = 200,
                learningRate: Double = 1.0, repulsionStrength: Double = 1.0, negativeSampleRate: Int = 5,
                alignmentRegularisation: Double = 0.01, alignmentWindow: Int = 3,
                metric: AlignedUMAPMetric = .euclidean, seed: UInt64 = 42, threads: Int? = nil) {
        self.nNeighbors = nNeighbors
        self.minDist = minDist
        self.spread = spread
        self.nEpochs = nEpochs
        self.learningRate = learningRate
        self.repulsionStrength = repulsionStrength
        self.negativeSampleRate = negativeSampleRate
        self.alignmentRegularisation = alignmentRegularisation
        self.alignmentWindow = alignmentWindow
        self.metric = metric
        self.seed = seed
        self.threads = threads
    }

    /// Throws the first out-of-range field as an `AlignedUMAPError.invalidParameter`.
    public func validate() throws(AlignedUMAPError) {
        func check(_ ok: Bool, _ name: String, _ value: String, _ expected: String) throws(AlignedUMAPError) {
            if !ok { throw .invalidParameter(name: name, value: value, expected: expected) }
        }
        try check(nNeighbors >= 2 && nNeighbors <= 1000, "n_neighbors", "\(nNeighbors)", "an integer from 2 to 1000")
        try check(minDist.isFinite && minDist >= 0, "min_dist", "\(minDist)", "a number >= 0")
        try check(spread.isFinite && spread > 0, "spread", "\(spread)", "a number > 0")
        try check(minDist <= spread, "min_dist", "\(minDist)", "a number no larger than spread (\(spread))")
        try check(nEpochs >= 1 && nEpochs <= 100_000, "n_epochs", "\(nEpochs)", "an integer from 1 to 100000")
        try check(learningRate.isFinite && learningRate > 0, "learning_rate", "\(learningRate)", "a number > 0")
        try check(repulsionStrength.isFinite && repulsionStrength >= 0, "repulsion_strength",
                  "\(repulsionStrength)", "a number >= 0")
        try check(negativeSampleRate >= 0 && negativeSampleRate <= 1000, "negative_sample_rate",
                  "\(negativeSampleRate)", "an integer from 0 to 1000")
        try check(alignmentRegularisation.isFinite && alignmentRegularisation >= 0, "alignment_regularisation",
                  "\(alignmentRegularisation)", "a number >= 0")
        try check(alignmentWindow >= 0 && alignmentWindow <= 1000, "alignment_window", "\(alignmentWindow)",
                  "an integer from 0 to 1000")
        if let threads { try check(threads >= 1, "threads", "\(threads)", "an integer >= 1") }
    }

    /// The thread count actually used.
    var resolvedThreads: Int { max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount) }
}

import Foundation
