import XCTest
import TrainingDemo

final class DemoConfigValidationTests: XCTestCase {
    private func error(_ change: (inout DemoConfig) -> Void) -> DemoConfigError? {
        var config = DemoConfig.miniature
        change(&config)
        do { _ = try DemoTrainer(config: config); return nil } catch { return error }
    }

    func testShippedConfigurationsAreValid() throws {
        XCTAssertNoThrow(try DemoConfig.standard.validate())
        XCTAssertNoThrow(try DemoConfig.miniature.validate())
    }

    func testZeroEvaluationSamplesIsRejectedNamingTheField() {
        XCTAssertEqual(error { $0.evaluationSampleCount = 0 }?.description,
                       "Demo configuration field evaluationSampleCount must be positive, got 0.")
    }

    func testZeroHiddenWidthIsRejectedWithItsIndex() {
        XCTAssertEqual(error { $0.hiddenWidths = [16, 0] }?.description,
                       "Demo configuration field hiddenWidths[1] must be positive, got 0.")
    }

    func testLabelNoiseAboveOneIsRejected() {
        XCTAssertEqual(error { $0.runs[1].labelNoiseFraction = 1.5 }?.description,
                       "Demo configuration field runs[1].labelNoiseFraction must be from 0 to 1, got 1.5.")
    }

    func testMomentumOfOneIsRejected() {
        XCTAssertEqual(error { $0.runs[0].momentum = 1 }?.description,
                       "Demo configuration field runs[0].momentum must be at least 0 and below 1, got 1.")
    }

    func testFinalLearningRateFractionAboveOneIsRejected() {
        XCTAssertEqual(error { $0.runs[1].finalLearningRateFraction = 2 }?.description,
                       "Demo configuration field runs[1].finalLearningRateFraction must be from 0 to 1, got 2.")
    }

    func testNegativeWeightDecayIsRejected() {
        XCTAssertEqual(error { $0.runs[0].weightDecay = -0.5 }?.description,
                       "Demo configuration field runs[0].weightDecay must be zero or positive, got -0.5.")
    }

    func testDuplicateRunNamesAreRejected() {
        XCTAssertEqual(error { $0.runs[1].name = $0.runs[0].name }, .duplicateRunName("well-fit"))
    }

    func testNoRunsIsRejected() {
        XCTAssertEqual(error { $0.runs = [] }, .noRuns)
    }
}
