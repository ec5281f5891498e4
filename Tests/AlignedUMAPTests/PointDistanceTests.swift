@testable import AlignedUMAP
import XCTest

/// The distance surrogates, whole or block by block.
final class PointDistanceTests: XCTestCase {
    /// `surrogate` and the same pair summed in blocks (`accumulate` per block, then `finish`).
    private func blockedMatchesWhole<D: PointDistance>(_ distance: D.Type, count: Int, seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let a = (0..<count).map { _ in Float(rng.normal()) }, b = (0..<count).map { _ in Float(rng.normal()) }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                let pa = a.baseAddress ?? UnsafePointer(bitPattern: 16)!, pb = b.baseAddress ?? UnsafePointer(bitPattern: 16)!
                let whole = D.surrogate(pa, pb, count)
                // Block edges at random multiples of 16 up to the blocked part.
                let blocked = SurrogateSum.blockedCount(count)
                var edges = [0, blocked]
                for _ in 0..<3 { edges.append(16 * Int(rng.next() % UInt64(blocked / 16 + 1))) }
                edges.sort()
                var sum = SurrogateSum()
                for (low, high) in zip(edges, edges.dropFirst()) { D.accumulate(pa, pb, low..<high, into: &sum) }
                XCTAssertEqual(D.finish(pa, pb, count, sum).bitPattern, whole.bitPattern, "\(D.self), \(count) elements")
            }
        }
    }

    func testSummingBlockByBlockGivesTheSameBitsAsSummingInOneGo() {
        for (index, count) in [0, 7, 8, 15, 16, 40, 1100, 2100].enumerated() {
            blockedMatchesWhole(EuclideanDistance.self, count: count, seed: UInt64(70 + index))
            blockedMatchesWhole(CosineDistance.self, count: count, seed: UInt64(80 + index))
        }
    }
}
