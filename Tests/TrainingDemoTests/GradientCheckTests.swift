import XCTest
@testable import TrainingDemo

/// The backward pass must agree with central finite differences of the loss,
/// (L(θ + h) − L(θ − h)) / 2h, for every weight and bias of a small network.
final class GradientCheckTests: XCTestCase {
    private let widths = [5, 7, 6, 4]
    private let rows = 6

    private func makeBatch() -> (inputs: [Float], labels: [Int32]) {
        var rng = SeededGenerator(seed: 11, stream: 99)
        let inputs = (0..<rows * widths[0]).map { _ in Float(rng.nextGaussian()) }
        let labels = (0..<rows).map { _ in Int32(rng.nextInt(below: widths.last!)) }
        return (inputs, labels)
    }

    /// Mean softmax cross-entropy of `network` on the batch.
    private func loss(_ network: MultilayerPerceptron, _ inputs: [Float], _ labels: [Int32]) -> Double {
        var pass = ForwardPass()
        inputs.withUnsafeBufferPointer { network.forward($0, rows: rows, into: &pass) }
        let result = pass.logits.withUnsafeBufferPointer { z in
            labels.withUnsafeBufferPointer { y in
                SoftmaxCrossEntropy.evaluate(logits: z, labels: y, rows: rows, classes: widths.last!)
            }
        }
        return result.lossSum / Double(rows)
    }

    private func analyticGradients(_ network: MultilayerPerceptron, _ inputs: [Float],
                                   _ labels: [Int32]) -> ParameterGradients {
        var pass = ForwardPass()
        var workspace = BackwardWorkspace()
        var gradients = ParameterGradients(shapedLike: network)
        inputs.withUnsafeBufferPointer { x in
            network.forward(x, rows: rows, into: &pass)
            workspace.prepare(widths: widths, rows: rows)
            let last = workspace.deltas.count - 1
            pass.logits.withUnsafeBufferPointer { z in
                labels.withUnsafeBufferPointer { y in
                    workspace.deltas[last].withUnsafeMutableBufferPointer { g in
                        _ = SoftmaxCrossEntropy.evaluate(logits: z, labels: y, rows: rows,
                                                         classes: widths.last!, gradient: g)
                    }
                }
            }
            network.backward(x, pass: pass, workspace: &workspace, gradients: &gradients)
        }
        return gradients
    }

    private func assertClose(_ analytic: Float, _ numeric: Double, _ what: String) {
        let tolerance = 2e-3 + 2e-2 * abs(numeric)
        XCTAssertEqual(Double(analytic), numeric, accuracy: tolerance, what)
    }

    func testBackwardPassMatchesFiniteDifferencesForEveryParameter() {
        var rng = SeededGenerator(seed: 5, stream: 1)
        var network = MultilayerPerceptron(widths: widths, using: &rng)
        // Non-zero biases so the check also covers the bias path away from the initial zeros.
        for l in 0..<network.layerCount {
            network.biases[l] = network.biases[l].map { _ in Float(rng.nextGaussian() * 0.1) }
        }
        let (inputs, labels) = makeBatch()
        let gradients = analyticGradients(network, inputs, labels)
        let h: Float = 1e-3
        var checked = 0
        for l in 0..<network.layerCount {
            for i in network.weights[l].indices {
                var plus = network, minus = network
                plus.weights[l][i] += h
                minus.weights[l][i] -= h
                let numeric = (loss(plus, inputs, labels) - loss(minus, inputs, labels))
                    / Double(plus.weights[l][i] - minus.weights[l][i])
                assertClose(gradients.weights[l][i], numeric, "∂L/∂W\(l)[\(i)]")
                checked += 1
            }
            for j in network.biases[l].indices {
                var plus = network, minus = network
                plus.biases[l][j] += h
                minus.biases[l][j] -= h
                let numeric = (loss(plus, inputs, labels) - loss(minus, inputs, labels))
                    / Double(plus.biases[l][j] - minus.biases[l][j])
                assertClose(gradients.biases[l][j], numeric, "∂L/∂b\(l)[\(j)]")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 5 * 7 + 7 + 7 * 6 + 6 + 6 * 4 + 4)
    }

    func testGradientsAreNotAllZero() {
        var rng = SeededGenerator(seed: 5, stream: 1)
        let network = MultilayerPerceptron(widths: widths, using: &rng)
        let (inputs, labels) = makeBatch()
        let gradients = analyticGradients(network, inputs, labels)
        for l in 0..<network.layerCount {
            XCTAssertGreaterThan(gradients.weights[l].map { abs($0) }.max() ?? 0, 1e-4, "layer \(l)")
        }
    }

    func testSoftmaxCrossEntropyOfUniformLogitsIsLogOfClassCount() {
        let logits = [Float](repeating: 0.5, count: 2 * 4)
        let labels: [Int32] = [1, 3]
        let result = logits.withUnsafeBufferPointer { z in
            labels.withUnsafeBufferPointer { y in
                SoftmaxCrossEntropy.evaluate(logits: z, labels: y, rows: 2, classes: 4)
            }
        }
        XCTAssertEqual(result.lossSum / 2, log(4.0), accuracy: 1e-9)
    }
}
