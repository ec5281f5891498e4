import XCTest
import TrainingDemo

/// What a run yields, in the shapes the run writer expects.
final class TrainingRecordShapeTests: XCTestCase {
    func testEveryEpochFromZeroHasOneMatrixPerBlockWithNRowsAndTheBlockWidth() throws {
        let config = DemoConfig.miniature
        let trainer = try DemoTrainer(config: config)
        let record = trainer.record(config.runs[0])
        let n = config.evaluationSampleCount
        XCTAssertEqual(record.epochs.map(\.epoch), Array(0...config.epochCount))
        XCTAssertEqual(record.run.epochs, Array(0...config.epochCount))
        XCTAssertEqual(record.run.blockNames, ["hidden1", "hidden2", "logits"])
        XCTAssertEqual(record.run.blockWidths, config.hiddenWidths + [config.problem.classCount])
        for epoch in record.epochs {
            XCTAssertEqual(epoch.blocks.count, 3)
            for (matrix, width) in zip(epoch.blocks, record.run.blockWidths) {
                XCTAssertEqual(matrix.rowCount, n)
                XCTAssertEqual(matrix.columnCount, width)
                XCTAssertEqual(matrix.values.count, n * width)
                XCTAssertTrue(matrix.values.allSatisfy(\.isFinite))
            }
        }
    }

    func testHiddenBlocksAreReluOutputsAndLogitsCanBeNegative() throws {
        let record = try DemoTrainer(config: .miniature).record(DemoConfig.miniature.runs[0])
        let final = record.final
        for hidden in final.blocks.dropLast() {
            XCTAssertTrue(hidden.values.allSatisfy { $0 >= 0 })
        }
        XCTAssertTrue(final.blocks.last!.values.contains { $0 < 0 })
    }

    func testDescriptionListsLabelsClassesTitlesAndMetricNames() throws {
        let config = DemoConfig.miniature
        let description = try DemoTrainer(config: config).description(of: config.runs[1])
        XCTAssertEqual(description.runName, "over-fit")
        XCTAssertEqual(description.sampleCount, config.evaluationSampleCount)
        XCTAssertTrue(description.labels.allSatisfy { (0..<Int32(config.problem.classCount)).contains($0) })
        XCTAssertEqual(Set(description.labels).count, config.problem.classCount, "every class is present")
        XCTAssertEqual(description.classNames, ["class 0", "class 1", "class 2", "class 3"])
        XCTAssertEqual(description.blockTitles, ["Hidden 1 (16)", "Hidden 2 (12)", "Logits"])
        XCTAssertEqual(description.metricNames, ["train_loss", "train_acc", "val_loss", "val_acc"])
    }

    func testAllRunsStartFromTheSameUntrainedNetworkOnTheSameSamples() throws {
        let config = DemoConfig.miniature
        let trainer = try DemoTrainer(config: config)
        var epochZero: [[ActivationMatrix]] = []
        for run in config.runs {
            // Epoch 0 is all this test needs; stop each run right after it.
            do {
                try trainer.train(run) { record in
                    epochZero.append(record.blocks)
                    throw CancellationError()
                }
            } catch is CancellationError {}
        }
        XCTAssertEqual(epochZero.count, 2)
        XCTAssertEqual(epochZero[0], epochZero[1])
        XCTAssertEqual(trainer.description(of: config.runs[0]).labels,
                       trainer.description(of: config.runs[1]).labels)
    }

    func testAnErrorFromTheEpochCallbackStopsTrainingAndIsRethrown() throws {
        let trainer = try DemoTrainer(config: .miniature)
        var seen: [Int] = []
        XCTAssertThrowsError(try trainer.train(DemoConfig.miniature.runs[0]) { record in
            seen.append(record.epoch)
            if record.epoch == 1 { throw CancellationError() }
        }) { XCTAssertTrue($0 is CancellationError) }
        XCTAssertEqual(seen, [0, 1])
    }
}
