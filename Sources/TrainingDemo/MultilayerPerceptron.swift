/// A fully connected network: hidden layers with ReLU, then a linear layer to the logits.
///
///     h₀ = x,   h_l = relu(h_{l−1} W_l + b_l) for hidden layers,   logits = h_{L−1} W_L + b_L
///
/// Weights are row-major [fan-in × fan-out], so a batch (rows = samples) multiplies from the left.
struct MultilayerPerceptron: Equatable {
    /// Layer widths from input to logits, e.g. [24, 128, 128, 64, 10].
    let widths: [Int]
    var weights: [[Float]]
    var biases: [[Float]]

    var layerCount: Int { widths.count - 1 }

    /// He initialisation (He et al. 2015): W ~ N(0, 2 / fan-in), b = 0, suited to ReLU layers.
    init(widths: [Int], using rng: inout SeededGenerator) {
        self.widths = widths
        var weights: [[Float]] = []
        for l in 0..<(widths.count - 1) {
            let fanIn = widths[l]
            let scale = (2.0 / Double(fanIn)).squareRoot()
            weights.append((0..<fanIn * widths[l + 1]).map { _ in Float(rng.nextGaussian() * scale) })
        }
        self.weights = weights
        self.biases = (1..<widths.count).map { [Float](repeating: 0, count: widths[$0]) }
    }

    /// Runs a batch of `rows` inputs ([rows × widths[0]]) forward, keeping every layer's output.
    func forward(_ inputs: UnsafeBufferPointer<Float>, rows: Int, into pass: inout ForwardPass) {
        pass.prepare(widths: widths, rows: rows)
        for l in 0..<layerCount {
            let k = widths[l], n = widths[l + 1]
            let isHidden = l < layerCount - 1
            // Take the output buffer out of `pass` while writing it, so reading the previous
            // layer's output from `pass` does not overlap the write (and nothing is copied).
            var output: [Float] = []
            swap(&output, &pass.outputs[l])
            output.withUnsafeMutableBufferPointer { out in
                weights[l].withUnsafeBufferPointer { w in
                    biases[l].withUnsafeBufferPointer { b in
                        if l == 0 {
                            DenseKernels.multiplyAddingBias(inputs, w, bias: b, into: out, m: rows, k: k, n: n)
                        } else {
                            pass.outputs[l - 1].withUnsafeBufferPointer { h in
                                DenseKernels.multiplyAddingBias(h, w, bias: b, into: out, m: rows, k: k, n: n)
                            }
                        }
                    }
                }
                if isHidden {
                    for i in 0..<(rows * n) where out[i] < 0 { out[i] = 0 }
                }
            }
            swap(&output, &pass.outputs[l])
        }
    }

    /// Backpropagation: given ∂L/∂logits in `workspace.delta`, fills `gradients` with ∂L/∂W_l and
    /// ∂L/∂b_l for every layer (overwriting them).
    ///
    ///     ∂L/∂W_l = h_{l−1}ᵀ δ_l,   ∂L/∂b_l = Σ_rows δ_l,   δ_{l−1} = (δ_l W_lᵀ) ⊙ [h_{l−1} > 0]
    func backward(_ inputs: UnsafeBufferPointer<Float>, pass: ForwardPass,
                  workspace: inout BackwardWorkspace, gradients: inout ParameterGradients) {
        let rows = pass.rows
        workspace.prepare(widths: widths, rows: rows)
        for l in stride(from: layerCount - 1, through: 0, by: -1) {
            let k = widths[l], n = widths[l + 1]
            let delta = workspace.deltas[l]
            gradients.weights[l].withUnsafeMutableBufferPointer { g in
                for i in 0..<g.count { g[i] = 0 }
                delta.withUnsafeBufferPointer { d in
                    if l == 0 {
                        DenseKernels.accumulateTransposedProduct(inputs, d, into: g, m: rows, k: k, n: n)
                    } else {
                        pass.outputs[l - 1].withUnsafeBufferPointer { h in
                            DenseKernels.accumulateTransposedProduct(h, d, into: g, m: rows, k: k, n: n)
                        }
                    }
                }
            }
            gradients.biases[l].withUnsafeMutableBufferPointer { g in
                for j in 0..<n { g[j] = 0 }
                delta.withUnsafeBufferPointer { d in
                    for i in 0..<rows {
                        for j in 0..<n { g[j] += d[i * n + j] }
                    }
                }
            }
            guard l > 0 else { break }
            var transposed: [Float] = []
            swap(&transposed, &workspace.transposedWeights)
            var previousDelta: [Float] = []
            swap(&previousDelta, &workspace.deltas[l - 1])
            transposed.withUnsafeMutableBufferPointer { t in
                weights[l].withUnsafeBufferPointer { w in
                    DenseKernels.transpose(w, into: t, rows: k, columns: n)
                }
            }
            previousDelta.withUnsafeMutableBufferPointer { previous in
                delta.withUnsafeBufferPointer { d in
                    transposed.withUnsafeBufferPointer { t in
                        DenseKernels.multiplyByTransposed(d, bTransposed: t, into: previous, m: rows, n: n, k: k)
                    }
                }
                pass.outputs[l - 1].withUnsafeBufferPointer { h in
                    for i in 0..<(rows * k) where h[i] <= 0 { previous[i] = 0 }
                }
            }
            swap(&previousDelta, &workspace.deltas[l - 1])
            swap(&transposed, &workspace.transposedWeights)
        }
    }
}

/// Every layer's output for one batch: post-ReLU for hidden layers, logits for the last.
struct ForwardPass {
    private(set) var rows = 0
    var outputs: [[Float]] = []

    mutating func prepare(widths: [Int], rows: Int) {
        guard rows != self.rows || outputs.count != widths.count - 1 else { return }
        self.rows = rows
        outputs = (1..<widths.count).map { [Float](repeating: 0, count: rows * widths[$0]) }
    }

    var logits: [Float] { outputs[outputs.count - 1] }
}

/// Scratch buffers of the backward pass, reused across batches of the same size.
struct BackwardWorkspace {
    private var rows = -1
    /// δ_l = ∂L/∂(pre-activation of layer l), [rows × widths[l+1]]; the caller writes the last.
    var deltas: [[Float]] = []
    var transposedWeights: [Float] = []

    mutating func prepare(widths: [Int], rows: Int) {
        guard rows != self.rows || deltas.count != widths.count - 1 else { return }
        self.rows = rows
        deltas = (1..<widths.count).map { [Float](repeating: 0, count: rows * widths[$0]) }
        let largest = (0..<(widths.count - 1)).map { widths[$0] * widths[$0 + 1] }.max() ?? 0
        transposedWeights = [Float](repeating: 0, count: largest)
    }
}

/// ∂L/∂W_l and ∂L/∂b_l, shaped like the network's parameters.
struct ParameterGradients {
    var weights: [[Float]]
    var biases: [[Float]]

    init(shapedLike network: MultilayerPerceptron) {
        weights = network.weights.map { [Float](repeating: 0, count: $0.count) }
        biases = network.biases.map { [Float](repeating: 0, count: $0.count) }
    }
}
