import Foundation

/// Mean softmax cross-entropy over a batch of logits, and its gradient.
///
///     p_ic = exp(z_ic − max_c z_i) / Σ_c' exp(z_ic' − max_c z_i)
///     L    = −(1/m) Σ_i log p_i,y_i
///     ∂L/∂z_ic = (p_ic − [c = y_i]) / m
enum SoftmaxCrossEntropy {
    /// Loss summed (not averaged) over the rows and the number of rows whose arg-max is the label.
    /// When `gradient` is given, it receives ∂L/∂z for the loss averaged over `gradientScaleRows`.
    static func evaluate(
        logits: UnsafeBufferPointer<Float>, labels: UnsafeBufferPointer<Int32>, rows: Int, classes: Int,
        gradient: UnsafeMutableBufferPointer<Float>? = nil
    ) -> (lossSum: Double, correct: Int) {
        var lossSum = 0.0
        var correct = 0
        let inverseRows = 1 / Float(rows)
        for i in 0..<rows {
            let z = logits.baseAddress! + i * classes
            var maxValue = z[0]
            var argMax = 0
            for c in 1..<classes where z[c] > maxValue { maxValue = z[c]; argMax = c }
            var sum = 0.0
            for c in 0..<classes { sum += exp(Double(z[c] - maxValue)) }
            let label = Int(labels[i])
            let logSum = log(sum)
            lossSum += logSum - Double(z[label] - maxValue)
            if argMax == label { correct += 1 }
            if let gradient {
                let g = gradient.baseAddress! + i * classes
                for c in 0..<classes {
                    let p = exp(Double(z[c] - maxValue) - logSum)
                    g[c] = (Float(p) - (c == label ? 1 : 0)) * inverseRows
                }
            }
        }
        return (lossSum, correct)
    }
}
