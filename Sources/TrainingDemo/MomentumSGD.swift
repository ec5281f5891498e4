/// Stochastic gradient descent with classical momentum and L2 weight decay on the weights
/// (not the biases):
///
///     v ← μ v − η (∂L/∂θ + λ θ),   θ ← θ + v        (λ = 0 for biases)
struct MomentumSGD {
    /// η; the trainer lowers it epoch by epoch (`LearningRateSchedule`).
    var learningRate: Float
    let momentum: Float
    let weightDecay: Float
    private var weightVelocity: [[Float]]
    private var biasVelocity: [[Float]]

    init(shapedLike network: MultilayerPerceptron, learningRate: Float, momentum: Float, weightDecay: Float) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        weightVelocity = network.weights.map { [Float](repeating: 0, count: $0.count) }
        biasVelocity = network.biases.map { [Float](repeating: 0, count: $0.count) }
    }

    mutating func step(_ network: inout MultilayerPerceptron, gradients: ParameterGradients) {
        for l in 0..<network.layerCount {
            Self.update(&network.weights[l], velocity: &weightVelocity[l], gradient: gradients.weights[l],
                        learningRate: learningRate, momentum: momentum, decay: weightDecay)
            Self.update(&network.biases[l], velocity: &biasVelocity[l], gradient: gradients.biases[l],
                        learningRate: learningRate, momentum: momentum, decay: 0)
        }
    }

    private static func update(_ parameters: inout [Float], velocity: inout [Float], gradient: [Float],
                               learningRate: Float, momentum: Float, decay: Float) {
        parameters.withUnsafeMutableBufferPointer { p in
            velocity.withUnsafeMutableBufferPointer { v in
                gradient.withUnsafeBufferPointer { g in
                    for i in 0..<p.count {
                        v[i] = momentum * v[i] - learningRate * (g[i] + decay * p[i])
                        p[i] += v[i]
                    }
                }
            }
        }
    }
}
