/// Everything that defines the demo's two trainings: the problem, the network, the evaluation
/// set and the runs. Same configuration (including `seed`) → byte-identical records.
public struct DemoConfig: Sendable, Equatable {
    /// Seed of every random draw (problem, samples, label noise, initial weights, batch order).
    public var seed: UInt64
    /// The generated classification problem.
    public var problem: SpiralProblem
    /// Widths of the hidden layers; each becomes a recorded block, followed by the logits block.
    public var hiddenWidths: [Int]
    /// Number of training epochs; records are made for epochs 0 (untrained) through `epochCount`.
    public var epochCount: Int
    /// Size N of the fixed evaluation set whose activations are recorded and which gives val metrics.
    public var evaluationSampleCount: Int
    /// The runs, all starting from the same initial weights and recorded on the same samples.
    public var runs: [DemoRunSettings]

    public init(seed: UInt64, problem: SpiralProblem, hiddenWidths: [Int], epochCount: Int,
                evaluationSampleCount: Int, runs: [DemoRunSettings]) {
        self.seed = seed
        self.problem = problem
        self.hiddenWidths = hiddenWidths
        self.epochCount = epochCount
        self.evaluationSampleCount = evaluationSampleCount
        self.runs = runs
    }

    /// The demo `nm-render demo` renders: a well-fit and an over-fit run, 20 epochs, N = 800.
    public static let standard = DemoConfig(
        seed: 7,
        problem: SpiralProblem(),
        hiddenWidths: [128, 128, 64],
        epochCount: 20,
        evaluationSampleCount: 800,
        runs: [.wellFit, .overFit])

    /// A miniature of `standard` (small widths, few samples and epochs) for fast checks.
    public static let miniature = DemoConfig(
        seed: 7,
        problem: SpiralProblem(classCount: 4, nuisanceDimension: 1, inputDimension: 8),
        hiddenWidths: [16, 12],
        epochCount: 3,
        evaluationSampleCount: 60,
        runs: [
            DemoRunSettings(name: "well-fit", trainingSampleCount: 200, labelNoiseFraction: 0,
                            learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4, batchSize: 20),
            DemoRunSettings(name: "over-fit", trainingSampleCount: 24, labelNoiseFraction: 0.2,
                            learningRate: 0.1, momentum: 0.9, weightDecay: 0, batchSize: 8),
        ])

    /// Names of the recorded blocks: `hidden1`, `hidden2`, … then `logits`.
    public var blockNames: [String] {
        hiddenWidths.indices.map { "hidden\($0 + 1)" } + ["logits"]
    }

    /// Display titles of the recorded blocks, e.g. `Hidden 1 (128)` and `Logits`.
    public var blockTitles: [String] {
        hiddenWidths.enumerated().map { "Hidden \($0.offset + 1) (\($0.element))" } + ["Logits"]
    }

    /// Class names, index = label: `class 0`, `class 1`, ….
    public var classNames: [String] {
        (0..<problem.classCount).map { "class \($0)" }
    }

    /// Recorded epochs: 0 (untrained) through `epochCount`.
    public var epochs: [Int] { Array(0...max(epochCount, 0)) }
}

/// How one run trains.
public struct DemoRunSettings: Sendable, Equatable {
    /// Run name, shown as the row title (e.g. `well-fit`).
    public var name: String
    /// Training samples used: the first this many of a shared, fixed training pool.
    public var trainingSampleCount: Int
    /// Fraction of training labels replaced by a uniformly drawn class (possibly the same one).
    public var labelNoiseFraction: Double
    /// SGD step size η at the first epoch.
    public var learningRate: Float
    /// The step size of the last epoch as a fraction f of `learningRate`; in between it follows
    /// a cosine: η_e = η (f + (1 − f) ½ (1 + cos(π (e − 1) / E))). 1 keeps it constant.
    public var finalLearningRateFraction: Float
    /// Momentum μ.
    public var momentum: Float
    /// L2 weight decay λ on the weights.
    public var weightDecay: Float
    /// Minibatch size; the last batch of an epoch may be smaller.
    public var batchSize: Int

    public init(name: String, trainingSampleCount: Int, labelNoiseFraction: Double, learningRate: Float,
                finalLearningRateFraction: Float = 0.05, momentum: Float, weightDecay: Float, batchSize: Int) {
        self.name = name
        self.trainingSampleCount = trainingSampleCount
        self.labelNoiseFraction = labelNoiseFraction
        self.learningRate = learningRate
        self.finalLearningRateFraction = finalLearningRateFraction
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.batchSize = batchSize
    }

    /// Plenty of clean data, weight decay, a moderate step size (cosine-annealed to 5 %).
    public static let wellFit = DemoRunSettings(
        name: "well-fit", trainingSampleCount: 4000, labelNoiseFraction: 0, learningRate: 0.02,
        momentum: 0.9, weightDecay: 5e-4, batchSize: 32)

    /// A tiny training subset with a fifth of its labels randomised, no weight decay, a larger step
    /// (cosine-annealed to 5 %).
    public static let overFit = DemoRunSettings(
        name: "over-fit", trainingSampleCount: 100, labelNoiseFraction: 0.2, learningRate: 0.03,
        momentum: 0.9, weightDecay: 0, batchSize: 10)
}
