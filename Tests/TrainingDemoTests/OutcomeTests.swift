import XCTest
import TrainingDemo

/// The point of the demo, checked numerically on a reduced configuration that runs in a few
/// seconds in a debug build: the well-fit run generalises and its last blocks group samples by
/// class; the over-fit run memorises its noisy subset, generalises worse, and mixes classes.
/// (`demo-bench` prints the same figures for the full `DemoConfig.standard`.)
final class OutcomeTests: XCTestCase {
    private static let reduced: DemoConfig = {
        var config = DemoConfig.standard
        config.hiddenWidths = [48, 48]
        config.epochCount = 10
        config.evaluationSampleCount = 400
        config.runs[0].trainingSampleCount = 1500
        config.runs[0].learningRate = 0.04
        return config
    }()

    private static let records: (wellFit: TrainingRecord, overFit: TrainingRecord)? = {
        guard let trainer = try? DemoTrainer(config: reduced) else { return nil }
        return (trainer.record(reduced.runs[0]), trainer.record(reduced.runs[1]))
    }()

    private func records() throws -> (wellFit: TrainingRecord, overFit: TrainingRecord) {
        try XCTUnwrap(Self.records, "the reduced configuration must be valid")
    }

    func testWellFitRunGeneralises() throws {
        let metrics = try records().wellFit.final.metrics
        XCTAssertGreaterThanOrEqual(metrics.validationAccuracy, 0.85)
        XCTAssertLessThan(metrics.validationLoss, 0.5)
    }

    func testTrainingImprovesOnTheUntrainedNetwork() throws {
        for record in [try records().wellFit, try records().overFit] {
            let untrained = record.epochs[0].metrics, trained = record.final.metrics
            XCTAssertLessThan(untrained.validationAccuracy, 0.25, "chance is 0.1 for 10 classes")
            XCTAssertLessThan(trained.trainLoss, untrained.trainLoss, record.run.runName)
            XCTAssertGreaterThan(trained.validationAccuracy, untrained.validationAccuracy + 0.2,
                                 record.run.runName)
        }
    }

    func testOverFitRunFitsItsNoisySubsetButGeneralisesClearlyWorse() throws {
        let (wellFit, overFit) = try records()
        XCTAssertGreaterThan(overFit.final.metrics.trainAccuracy, overFit.final.metrics.validationAccuracy + 0.3)
        XCTAssertLessThan(overFit.final.metrics.validationAccuracy,
                          wellFit.final.metrics.validationAccuracy - 0.3)
        XCTAssertGreaterThan(overFit.final.metrics.validationLoss, 2 * wellFit.final.metrics.validationLoss)
    }

    func testWellFitLastBlocksAreClassPurerThanOverFit() throws {
        let (wellFit, overFit) = try records()
        let labels = wellFit.run.labels
        let lastHidden = wellFit.run.blockNames.count - 2
        let wellHidden = neighbourPurity(of: wellFit.final.blocks[lastHidden], labels: labels, k: 5)
        let overHidden = neighbourPurity(of: overFit.final.blocks[lastHidden], labels: labels, k: 5)
        let wellLogits = neighbourPurity(of: wellFit.final.blocks.last!, labels: labels, k: 5)
        let overLogits = neighbourPurity(of: overFit.final.blocks.last!, labels: labels, k: 5)
        XCTAssertGreaterThan(wellHidden, overHidden + 0.2)
        XCTAssertGreaterThan(wellLogits, overLogits + 0.2)
        XCTAssertGreaterThan(wellLogits, 0.8)
    }

    func testProblemIsNotLinearlySeparable() throws {
        // No hidden layer = softmax regression on the inputs: it must fall far short of the MLP.
        var linear = Self.reduced
        linear.hiddenWidths = []
        let linearRecord = try DemoTrainer(config: linear).record(linear.runs[0])
        let mlpAccuracy = try records().wellFit.final.metrics.validationAccuracy
        XCTAssertLessThan(linearRecord.final.metrics.validationAccuracy, 0.6)
        XCTAssertLessThan(linearRecord.final.metrics.validationAccuracy, mlpAccuracy - 0.3)
    }
}
