import Foundation

/// The generated classification problem: each class is a mixture of several Gaussian modes in a
/// small latent space, scattered so that classes interleave, and every latent point is embedded
/// nonlinearly in a wider input space:
///
///     z = c[class, mode] + σ·ε,   ε ~ N(0, I_L),   c ~ U[-1, 1]^L
///     x = tanh(A z + b) + η,      η ~ N(0, noise² I_D)
///
/// No hyperplane separates a class whose modes sit on opposite sides of other classes' modes,
/// so a linear model cannot solve it; a small MLP can.
public struct MixtureProblem: Sendable, Equatable {
    /// Number of classes (labels 0..<classCount).
    public var classCount: Int
    /// Gaussian modes per class.
    public var modesPerClass: Int
    /// Dimension L of the latent space the modes live in.
    public var latentDimension: Int
    /// Dimension D of the inputs the network sees.
    public var inputDimension: Int
    /// Standard deviation σ of each mode in latent space (mode centres are in [-1, 1]^L).
    public var modeSpread: Double
    /// Smallest distance between two mode centres, so that modes of different classes do not sit
    /// on top of each other (which would make the labels a coin toss there).
    public var minimumModeDistance: Double
    /// Standard deviation of the Gaussian noise added to every input coordinate.
    public var inputNoise: Double

    public init(classCount: Int = 10, modesPerClass: Int = 5, latentDimension: Int = 5,
                inputDimension: Int = 24, modeSpread: Double = 0.15, minimumModeDistance: Double = 0.6,
                inputNoise: Double = 0.05) {
        self.classCount = classCount
        self.modesPerClass = modesPerClass
        self.latentDimension = latentDimension
        self.inputDimension = inputDimension
        self.modeSpread = modeSpread
        self.minimumModeDistance = minimumModeDistance
        self.inputNoise = inputNoise
    }
}

/// Inputs (row-major [count × dimension]) with one class label each.
struct LabelledSamples {
    var inputs: [Float]
    var labels: [Int32]
    let dimension: Int
    var count: Int { labels.count }

    /// The first `count` samples.
    func prefix(_ count: Int) -> LabelledSamples {
        LabelledSamples(inputs: Array(inputs[0..<count * dimension]), labels: Array(labels[0..<count]),
                        dimension: dimension)
    }
}

/// A drawn instance of a `MixtureProblem`: fixed mode centres and embedding, ready to sample.
struct MixtureSampler {
    let problem: MixtureProblem
    /// Mode centres, [classCount · modesPerClass × L], mode m of class c at row c·modesPerClass + m.
    let centres: [Double]
    /// Embedding matrix A, [D × L].
    let embedding: [Double]
    /// Embedding offset b, [D].
    let offset: [Double]

    init(problem: MixtureProblem, seed: UInt64) {
        self.problem = problem
        var rng = RandomStream.problem.generator(seed: seed)
        let l = problem.latentDimension
        let modeCount = problem.classCount * problem.modesPerClass
        var centres: [Double] = []
        centres.reserveCapacity(modeCount * l)
        // Rejection sampling for well-spaced centres; after a bounded number of tries the best
        // candidate is kept, so a tight configuration still terminates deterministically.
        for _ in 0..<modeCount {
            var best: [Double] = []
            var bestDistance = -1.0
            for _ in 0..<200 {
                let candidate = (0..<l).map { _ in 2 * rng.nextUnit() - 1 }
                var nearest = Double.infinity
                for other in stride(from: 0, to: centres.count, by: l) {
                    var d2 = 0.0
                    for k in 0..<l { let d = candidate[k] - centres[other + k]; d2 += d * d }
                    nearest = min(nearest, d2.squareRoot())
                }
                if nearest > bestDistance { best = candidate; bestDistance = nearest }
                if nearest >= problem.minimumModeDistance { break }
            }
            centres += best
        }
        // Scale 1.5/√L keeps A z in tanh's curved range for z in the unit box.
        let scale = 1.5 / Double(l).squareRoot()
        embedding = (0..<problem.inputDimension * l).map { _ in rng.nextGaussian() * scale }
        offset = (0..<problem.inputDimension).map { _ in rng.nextGaussian() * 0.5 }
        self.centres = centres
    }

    /// Draws `count` samples (uniform class, uniform mode) from the given stream. The draws for
    /// sample i do not depend on `count`, so a smaller set is a prefix of a larger one.
    func draw(count: Int, using rng: inout SeededGenerator) -> LabelledSamples {
        let l = problem.latentDimension
        let d = problem.inputDimension
        var inputs = [Float](repeating: 0, count: count * d)
        var labels = [Int32](repeating: 0, count: count)
        var z = [Double](repeating: 0, count: l)
        for i in 0..<count {
            let label = rng.nextInt(below: problem.classCount)
            let mode = label * problem.modesPerClass + rng.nextInt(below: problem.modesPerClass)
            for k in 0..<l { z[k] = centres[mode * l + k] + problem.modeSpread * rng.nextGaussian() }
            for j in 0..<d {
                var a = offset[j]
                for k in 0..<l { a += embedding[j * l + k] * z[k] }
                inputs[i * d + j] = Float(tanh(a) + problem.inputNoise * rng.nextGaussian())
            }
            labels[i] = Int32(label)
        }
        return LabelledSamples(inputs: inputs, labels: labels, dimension: d)
    }
}
