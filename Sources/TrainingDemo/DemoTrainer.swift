/// Trains the demo's runs for real (forward, backward, minibatch SGD with momentum, softmax
/// cross-entropy) and records every block's activations on the evaluation set at every epoch.
///
/// Creating a trainer draws the problem, the evaluation set, the shared training pool and the
/// initial weights once; every run starts from those same weights. Training is single-threaded
/// and uses only the seeded generator, so the same configuration gives identical records.
public struct DemoTrainer: Sendable {
    public let config: DemoConfig
    private let evaluation: LabelledSamples
    private let trainingPool: LabelledSamples
    private let initialNetwork: MultilayerPerceptron

    /// Validates `config` and draws the data and initial weights.
    public init(config: DemoConfig = .standard) throws(DemoConfigError) {
        try config.validate()
        self.config = config
        let sampler = SpiralSampler(problem: config.problem, seed: config.seed)
        var evaluationRNG = RandomStream.evaluationSamples.generator(seed: config.seed)
        evaluation = sampler.draw(count: config.evaluationSampleCount, using: &evaluationRNG)
        var trainingRNG = RandomStream.trainingSamples.generator(seed: config.seed)
        let poolCount = config.runs.map(\.trainingSampleCount).max() ?? 0
        trainingPool = sampler.draw(count: poolCount, using: &trainingRNG)
        var initRNG = RandomStream.initialWeights.generator(seed: config.seed)
        let widths = [config.problem.inputDimension] + config.hiddenWidths + [config.problem.classCount]
        initialNetwork = MultilayerPerceptron(widths: widths, using: &initRNG)
    }

    /// What `run` will record: names, titles, widths, epochs, evaluation labels, classes, metrics.
    public func description(of run: DemoRunSettings) -> DemoRunDescription {
        DemoRunDescription(
            runName: run.name, blockNames: config.blockNames, blockTitles: config.blockTitles,
            blockWidths: config.hiddenWidths + [config.problem.classCount], epochs: config.epochs,
            labels: evaluation.labels, classNames: config.classNames, metricNames: EpochMetrics.names)
    }

    /// Trains `run` and hands each epoch's record to `onEpoch` as soon as it is measured, epoch 0
    /// (untrained) first, so only one epoch's activations are held at a time. An error thrown by
    /// `onEpoch` stops training and is rethrown.
    public func train(_ run: DemoRunSettings, onEpoch: (EpochRecord) throws -> Void) rethrows {
        var training = trainingPool.prefix(run.trainingSampleCount)
        applyLabelNoise(to: &training, fraction: run.labelNoiseFraction)
        var network = initialNetwork
        var optimizer = MomentumSGD(shapedLike: network, learningRate: run.learningRate,
                                    momentum: run.momentum, weightDecay: run.weightDecay)
        let schedule = LearningRateSchedule(initialRate: run.learningRate,
                                            finalFraction: run.finalLearningRateFraction,
                                            epochCount: config.epochCount)
        var orderRNG = RandomStream.batchOrder.generator(seed: config.seed)
        var order = Array(0..<training.count)
        let batchSize = min(run.batchSize, training.count)
        let d = training.dimension
        var batchInputs = [Float](repeating: 0, count: batchSize * d)
        var batchLabels = [Int32](repeating: 0, count: batchSize)
        var pass = ForwardPass()
        var workspace = BackwardWorkspace()
        var gradients = ParameterGradients(shapedLike: network)
        let classes = config.problem.classCount

        try onEpoch(measure(epoch: 0, network: network, training: training))
        for epoch in 1...config.epochCount {
            optimizer.learningRate = schedule.rate(epoch: epoch)
            orderRNG.shuffle(&order)
            var start = 0
            while start < order.count {
                let rows = min(batchSize, order.count - start)
                for r in 0..<rows {
                    let sample = order[start + r]
                    batchLabels[r] = training.labels[sample]
                    for j in 0..<d { batchInputs[r * d + j] = training.inputs[sample * d + j] }
                }
                batchInputs.withUnsafeBufferPointer { x in
                    network.forward(UnsafeBufferPointer(rebasing: x[0..<rows * d]), rows: rows, into: &pass)
                    workspace.prepare(widths: network.widths, rows: rows)
                    let last = workspace.deltas.count - 1
                    pass.outputs[pass.outputs.count - 1].withUnsafeBufferPointer { logits in
                        batchLabels.withUnsafeBufferPointer { y in
                            workspace.deltas[last].withUnsafeMutableBufferPointer { g in
                                _ = SoftmaxCrossEntropy.evaluate(logits: logits, labels: y, rows: rows,
                                                                 classes: classes, gradient: g)
                            }
                        }
                    }
                    network.backward(UnsafeBufferPointer(rebasing: x[0..<rows * d]), pass: pass,
                                     workspace: &workspace, gradients: &gradients)
                }
                optimizer.step(&network, gradients: gradients)
                start += rows
            }
            try onEpoch(measure(epoch: epoch, network: network, training: training))
        }
    }

    /// Trains `run` and keeps every epoch in memory.
    public func record(_ run: DemoRunSettings) -> TrainingRecord {
        var epochs: [EpochRecord] = []
        train(run) { epochs.append($0) }
        return TrainingRecord(run: description(of: run), epochs: epochs)
    }

    /// Replaces each label, with probability `fraction`, by a uniformly drawn class.
    private func applyLabelNoise(to samples: inout LabelledSamples, fraction: Double) {
        guard fraction > 0 else { return }
        var rng = RandomStream.labelNoise.generator(seed: config.seed)
        for i in 0..<samples.count {
            // Both draws happen for every sample so that sample i's fate does not depend on others.
            let flip = rng.nextUnit() < fraction
            let replacement = Int32(rng.nextInt(below: config.problem.classCount))
            if flip { samples.labels[i] = replacement }
        }
    }

    /// Evaluation-set activations of every block plus train and validation metrics.
    private func measure(epoch: Int, network: MultilayerPerceptron, training: LabelledSamples) -> EpochRecord {
        var pass = ForwardPass()
        let n = evaluation.count
        evaluation.inputs.withUnsafeBufferPointer { network.forward($0, rows: n, into: &pass) }
        let (validationLoss, validationAccuracy) = lossAndAccuracy(logits: pass.logits,
                                                                   labels: evaluation.labels)
        let blocks = zip(pass.outputs, network.widths.dropFirst()).map { values, width in
            ActivationMatrix(rowCount: n, columnCount: width, values: values)
        }
        let (trainLoss, trainAccuracy) = lossAndAccuracy(of: network, on: training)
        return EpochRecord(epoch: epoch, blocks: blocks,
                           metrics: EpochMetrics(trainLoss: trainLoss, trainAccuracy: trainAccuracy,
                                                 validationLoss: validationLoss,
                                                 validationAccuracy: validationAccuracy))
    }

    /// Mean loss and accuracy over a sample set, in chunks so memory stays bounded.
    private func lossAndAccuracy(of network: MultilayerPerceptron, on samples: LabelledSamples) -> (Double, Double) {
        let chunk = 512
        var pass = ForwardPass()
        var lossSum = 0.0
        var correct = 0
        var start = 0
        let d = samples.dimension
        while start < samples.count {
            let rows = min(chunk, samples.count - start)
            samples.inputs.withUnsafeBufferPointer { x in
                network.forward(UnsafeBufferPointer(rebasing: x[start * d..<(start + rows) * d]), rows: rows,
                                into: &pass)
            }
            pass.logits.withUnsafeBufferPointer { logits in
                samples.labels.withUnsafeBufferPointer { y in
                    let result = SoftmaxCrossEntropy.evaluate(
                        logits: logits, labels: UnsafeBufferPointer(rebasing: y[start..<start + rows]),
                        rows: rows, classes: config.problem.classCount)
                    lossSum += result.lossSum
                    correct += result.correct
                }
            }
            start += rows
        }
        return (lossSum / Double(samples.count), Double(correct) / Double(samples.count))
    }

    private func lossAndAccuracy(logits: [Float], labels: [Int32]) -> (Double, Double) {
        let result = logits.withUnsafeBufferPointer { z in
            labels.withUnsafeBufferPointer { y in
                SoftmaxCrossEntropy.evaluate(logits: z, labels: y, rows: labels.count,
                                             classes: config.problem.classCount)
            }
        }
        return (result.lossSum / Double(labels.count), Double(result.correct) / Double(labels.count))
    }
}
