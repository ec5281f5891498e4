// Times the demo's two trainings (DemoConfig.standard) and prints their metrics and the
// class purity of every block, the figures behind "well-fit clusters vs over-fit fragments".
// Build and run: swift build -c release --product demo-bench && .build/release/demo-bench
import Foundation
import TrainingDemo

let config = DemoConfig.standard
let clock = ContinuousClock()
var total = Duration.zero
let setupStart = clock.now
let trainer = try DemoTrainer(config: config)
let setup = clock.now - setupStart
print("data and initial weights: \(setup)")
total += setup

for run in config.runs {
    let description = trainer.description(of: run)
    var final: EpochRecord?
    var trainingTime = Duration.zero
    var lastEnd = clock.now
    print("\n\(run.name): \(run.trainingSampleCount) training samples, label noise \(run.labelNoiseFraction), "
          + "lr \(run.learningRate), weight decay \(run.weightDecay), batch \(run.batchSize)")
    print("epoch  train_loss  train_acc  val_loss  val_acc")
    trainer.train(run) { record in
        trainingTime += clock.now - lastEnd
        let m = record.metrics
        print(String(format: "%5d  %10.4f  %9.3f  %8.4f  %7.3f", record.epoch, m.trainLoss, m.trainAccuracy,
                     m.validationLoss, m.validationAccuracy))
        final = record
        lastEnd = clock.now
    }
    print("training + recording \(config.epochCount) epochs (N = \(description.sampleCount)): \(trainingTime)")
    total += trainingTime
    if let final {
        let purities = zip(description.blockNames, final.blocks).map { name, matrix in
            "\(name) \(String(format: "%.3f", neighbourPurity(of: matrix, labels: description.labels, k: 10)))"
        }
        print("final 10-NN class purity: " + purities.joined(separator: ", "))
    }
}
print("\ntotal (both runs, excluding printing): \(total)")
