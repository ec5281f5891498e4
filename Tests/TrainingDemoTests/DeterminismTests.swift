import XCTest
import TrainingDemo

/// Same configuration and seed → identical records, bit for bit; another seed → other records.
final class DeterminismTests: XCTestCase {
    private func bits(_ record: TrainingRecord) -> [UInt32] {
        record.epochs.flatMap { epoch in epoch.blocks.flatMap { $0.values.map(\.bitPattern) } }
    }

    func testSameSeedGivesBitIdenticalActivationsAndMetrics() throws {
        let config = DemoConfig.miniature
        for run in config.runs {
            let first = try DemoTrainer(config: config).record(run)
            let second = try DemoTrainer(config: config).record(run)
            XCTAssertEqual(bits(first), bits(second), run.name)
            XCTAssertEqual(first.epochs.map(\.metrics), second.epochs.map(\.metrics), run.name)
            XCTAssertEqual(first.run, second.run, run.name)
        }
    }

    func testDifferentSeedGivesDifferentRecords() throws {
        var other = DemoConfig.miniature
        other.seed += 1
        let run = DemoConfig.miniature.runs[0]
        let first = try DemoTrainer(config: .miniature).record(run)
        let second = try DemoTrainer(config: other).record(run)
        XCTAssertNotEqual(bits(first), bits(second))
        XCTAssertNotEqual(first.run.labels, second.run.labels)
    }

    func testTrainingTwiceWithOneTrainerGivesTheSameRecord() throws {
        let trainer = try DemoTrainer(config: .miniature)
        let run = DemoConfig.miniature.runs[1]
        XCTAssertEqual(trainer.record(run), trainer.record(run))
    }
}
