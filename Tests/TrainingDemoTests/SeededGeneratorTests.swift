import XCTest
@testable import TrainingDemo

final class SeededGeneratorTests: XCTestCase {
    func testStreamsAreReproducibleAndIndependent() {
        var a = SeededGenerator(seed: 3, stream: 1)
        var b = SeededGenerator(seed: 3, stream: 1)
        var c = SeededGenerator(seed: 3, stream: 2)
        let drawsA = (0..<8).map { _ in a.next() }
        XCTAssertEqual(drawsA, (0..<8).map { _ in b.next() })
        XCTAssertNotEqual(drawsA, (0..<8).map { _ in c.next() })
    }

    func testIntegersStayInRangeAndCoverItEvenly() {
        var rng = SeededGenerator(seed: 1, stream: 0)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<7000 { counts[rng.nextInt(below: 7)] += 1 }
        // Each count is Binomial(7000, 1/7): mean 1000, standard deviation ≈ 29.
        for count in counts { XCTAssertEqual(Double(count), 1000, accuracy: 150) }
    }

    func testGaussianDrawsHaveUnitVarianceAndZeroMean() {
        var rng = SeededGenerator(seed: 2, stream: 0)
        let draws = (0..<20000).map { _ in rng.nextGaussian() }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count)
        XCTAssertEqual(mean, 0, accuracy: 0.03)
        XCTAssertEqual(variance, 1, accuracy: 0.05)
    }

    func testShuffleIsAPermutation() {
        var rng = SeededGenerator(seed: 4, stream: 0)
        var values = Array(0..<50)
        rng.shuffle(&values)
        XCTAssertNotEqual(values, Array(0..<50))
        XCTAssertEqual(values.sorted(), Array(0..<50))
    }
}
