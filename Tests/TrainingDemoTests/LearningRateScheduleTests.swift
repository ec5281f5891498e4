import XCTest
@testable import TrainingDemo

final class LearningRateScheduleTests: XCTestCase {
    func testStartsAtTheInitialRateAndFallsMonotonicallyTowardsTheFinalFraction() {
        let schedule = LearningRateSchedule(initialRate: 0.02, finalFraction: 0.05, epochCount: 20)
        let rates = (1...20).map(schedule.rate(epoch:))
        XCTAssertEqual(rates[0], 0.02, accuracy: 1e-9)
        for (earlier, later) in zip(rates, rates.dropFirst()) { XCTAssertLessThan(later, earlier) }
        // Epoch E sits one step before the end of the cosine: η (f + (1 − f) ½ (1 + cos(π 19/20))).
        XCTAssertEqual(Double(rates[19]), 0.02 * (0.05 + 0.95 * 0.5 * (1 + cos(Double.pi * 19 / 20))), accuracy: 1e-8)
        XCTAssertGreaterThan(rates[19], 0.02 * 0.05)
    }

    func testHalfwayIsTheMeanOfStartAndEnd() {
        let schedule = LearningRateSchedule(initialRate: 1, finalFraction: 0.2, epochCount: 10)
        XCTAssertEqual(schedule.rate(epoch: 6), 0.6, accuracy: 1e-6)
    }

    func testAFinalFractionOfOneKeepsTheRateConstant() {
        let schedule = LearningRateSchedule(initialRate: 0.1, finalFraction: 1, epochCount: 5)
        XCTAssertEqual((1...5).map(schedule.rate(epoch:)), [Float](repeating: 0.1, count: 5))
    }
}
