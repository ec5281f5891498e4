import Foundation

/// The generated classification problem: C interleaved spiral arms in a plane, one arm per
/// class, plus a few small nuisance directions that carry no class information, all embedded
/// nonlinearly in a wider input space. For class k:
///
///     t ~ U[0, 1),   r = 0.15 + 0.85 t,   θ = 2π (k / C + turns · t)
///     s = (r cos θ, r sin θ) + σ ε,        ε ~ N(0, I₂)            (the arm)
///     u ~ N(0, ν² I_m)                                              (nuisance)
///     x = tanh(A [s; u] + b) + η,          η ~ N(0, noise² I_D)
///
/// with A ~ N(0, scale²) of shape [D × (2 + m)] and b ~ N(0, 0.5²) drawn once per seed.
/// Interleaved arms are not linearly separable. A network that generalises must follow the arms
/// and ignore u, which pulls each class together; a network memorising a few noisy samples can
/// use u to fit them, which scatters classes.
public struct SpiralProblem: Sendable, Equatable {
    /// Number of classes C, one spiral arm each (labels 0..<classCount).
    public var classCount: Int
    /// Revolutions each arm makes from the centre outwards.
    public var turns: Double
    /// Standard deviation σ of the Gaussian scatter around an arm, in the plane.
    public var armNoise: Double
    /// Number m of nuisance directions.
    public var nuisanceDimension: Int
    /// Standard deviation ν along each nuisance direction.
    public var nuisanceSpread: Double
    /// Dimension D of the inputs the network sees.
    public var inputDimension: Int
    /// Standard deviation of the embedding matrix entries; larger bends the embedding more.
    public var embeddingScale: Double
    /// Standard deviation of the Gaussian noise added to every input coordinate.
    public var inputNoise: Double

    public init(classCount: Int = 10, turns: Double = 0.5, armNoise: Double = 0.02, nuisanceDimension: Int = 3,
                nuisanceSpread: Double = 0.1, inputDimension: Int = 24, embeddingScale: Double = 2.5,
                inputNoise: Double = 0.02) {
        self.classCount = classCount
        self.turns = turns
        self.armNoise = armNoise
        self.nuisanceDimension = nuisanceDimension
        self.nuisanceSpread = nuisanceSpread
        self.inputDimension = inputDimension
        self.embeddingScale = embeddingScale
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

/// A drawn instance of a `SpiralProblem`: a fixed embedding, ready to sample.
struct SpiralSampler {
    let problem: SpiralProblem
    /// Embedding matrix A, [D × (2 + m)] row-major.
    let embedding: [Double]
    /// Embedding offset b, [D].
    let offset: [Double]

    init(problem: SpiralProblem, seed: UInt64) {
        self.problem = problem
        var rng = RandomStream.problem.generator(seed: seed)
        let latent = 2 + problem.nuisanceDimension
        embedding = (0..<problem.inputDimension * latent).map { _ in rng.nextGaussian() * problem.embeddingScale }
        offset = (0..<problem.inputDimension).map { _ in rng.nextGaussian() * 0.5 }
    }

    /// Draws `count` samples (uniform class, uniform position along the arm) from the given
    /// stream. The draws for sample i do not depend on `count`, so a smaller set is a prefix of a
    /// larger one.
    func draw(count: Int, using rng: inout SeededGenerator) -> LabelledSamples {
        let d = problem.inputDimension
        let latentCount = 2 + problem.nuisanceDimension
        var inputs = [Float](repeating: 0, count: count * d)
        var labels = [Int32](repeating: 0, count: count)
        var latent = [Double](repeating: 0, count: latentCount)
        for i in 0..<count {
            let label = rng.nextInt(below: problem.classCount)
            let t = rng.nextUnit()
            let radius = 0.15 + 0.85 * t
            let angle = 2 * Double.pi * (Double(label) / Double(problem.classCount) + problem.turns * t)
            latent[0] = radius * cos(angle) + problem.armNoise * rng.nextGaussian()
            latent[1] = radius * sin(angle) + problem.armNoise * rng.nextGaussian()
            for q in 0..<problem.nuisanceDimension { latent[2 + q] = problem.nuisanceSpread * rng.nextGaussian() }
            for j in 0..<d {
                var a = offset[j]
                for q in 0..<latentCount { a += embedding[j * latentCount + q] * latent[q] }
                inputs[i * d + j] = Float(tanh(a) + problem.inputNoise * rng.nextGaussian())
            }
            labels[i] = Int32(label)
        }
        return LabelledSamples(inputs: inputs, labels: labels, dimension: d)
    }
}
