@testable import AlignedUMAP
import CPairSums
import XCTest

/// The distance surrogates, whole or block by block.
final class PointDistanceTests: XCTestCase {
    /// `surrogate` and the same pair summed in blocks (`nm_pair_sums` per block, then `finish`).
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
                // As `WideNeighbours.rerank` measures: the C kernel block by block, then `finish`.
                var lanes = SurrogateSum().lanes
                for (low, high) in zip(edges, edges.dropFirst()) {
                    nm_pair_sums(D.pairTerm, pa, pb, nil, nil, nil, low, high, &lanes, nil)
                }
                let sum = SurrogateSum(lanes: lanes)
                XCTAssertEqual(D.finish(pa + blocked, pb + blocked, tail: count - blocked, sum).bitPattern, whole.bitPattern,
                               "\(D.self), \(count) elements")
            }
        }
    }

    func testSummingBlockByBlockGivesTheSameBitsAsSummingInOneGo() {
        for (index, count) in [0, 7, 8, 15, 16, 40, 1100, 2100].enumerated() {
            blockedMatchesWhole(EuclideanDistance.self, count: count, seed: UInt64(70 + index))
            blockedMatchesWhole(CosineDistance.self, count: count, seed: UInt64(80 + index))
        }
    }
    func testThePairKernelGivesTheSwiftBitsForOneOrTwoPairsWithOrWithoutVectorInstructions() {
        var rng = SeededRandom(seed: 91)
        let count = 2096
        let rows = (0..<3).map { _ in (0..<count).map { _ in Float(rng.normal()) } }
        for term in [nm_squared_difference, nm_product] {
            for (lo, hi) in [(0, 16), (0, 2096), (1024, 2080), (16, 16)] {
                rows[0].withUnsafeBufferPointer { a in
                rows[1].withUnsafeBufferPointer { b in
                rows[2].withUnsafeBufferPointer { c in
                    let a = a.baseAddress!, b = b.baseAddress!, c = c.baseAddress!
                    // The Swift reference: the lanes of `termSum`, from a non-zero start.
                    let start = SurrogateSum(low: SIMD8(repeating: 0.5), high: SIMD8(repeating: -0.25))
                    var expectB = start, expectC = start
                    if term == nm_product {
                        termSum(Product.self, a, b, lo..<hi, into: &expectB)
                        termSum(Product.self, a, c, lo..<hi, into: &expectC)
                    } else {
                        termSum(SquaredDifference.self, a, b, lo..<hi, into: &expectB)
                        termSum(SquaredDifference.self, a, c, lo..<hi, into: &expectC)
                    }
                    var twoB = start.lanes, twoC = start.lanes, oneB = start.lanes, portB = start.lanes, portC = start.lanes
                    nm_pair_sums(term, a, b, c, c, b, lo, hi, &twoB, &twoC)
                    nm_pair_sums(term, a, b, nil, nil, nil, lo, hi, &oneB, nil)
                    nm_pair_sums_portable(term, a, b, c, lo, hi, &portB, &portC)
                    let label = "term \(term.rawValue), elements \(lo)..<\(hi)"
                    for (name, got, want) in [("two b", twoB, expectB), ("two c", twoC, expectC), ("one", oneB, expectB),
                                              ("portable b", portB, expectB), ("portable c", portC, expectC)] {
                        XCTAssertEqual(got.map(\.bitPattern), want.lanes.map(\.bitPattern), "\(name), \(label)")
                    }
                }}}
            }
        }
    }

    func testTheBinary16KernelGivesTheFloatKernelsBitsOnTheWidenedRowsWithOrWithoutVectorInstructions() {
        var rng = SeededRandom(seed: 92)
        let count = 2096
        // Random bit patterns of finite halves: every exponent, subnormals and signed zeros.
        let halves = (0..<3).map { _ in
            (0..<count).map { _ -> UInt16 in
                var h: UInt16
                repeat { h = UInt16(truncatingIfNeeded: rng.next()) } while h & 0x7C00 == 0x7C00
                return h
            }
        }
        let widened = halves.map { h in h.map { Float(Float16(bitPattern: $0)) } }
        for term in [nm_squared_difference, nm_product] {
            for (lo, hi) in [(0, 16), (0, 2096), (1024, 2080), (16, 16)] {
                let start = SurrogateSum(low: SIMD8(repeating: 0.5), high: SIMD8(repeating: -0.25)).lanes
                var wantB = start, wantC = start
                widened[0].withUnsafeBufferPointer { a in
                widened[1].withUnsafeBufferPointer { b in
                widened[2].withUnsafeBufferPointer { c in
                    nm_pair_sums_portable(term, a.baseAddress, b.baseAddress, c.baseAddress, lo, hi, &wantB, &wantC)
                }}}
                var twoB = start, twoC = start, oneB = start, portB = start, portC = start
                halves[0].withUnsafeBufferPointer { a in
                halves[1].withUnsafeBufferPointer { b in
                halves[2].withUnsafeBufferPointer { c in
                    let a = a.baseAddress!, b = b.baseAddress!, c = c.baseAddress!
                    nm_pair_sums_half(term, a, b, c, c, b, lo, hi, &twoB, &twoC)
                    nm_pair_sums_half(term, a, b, nil, nil, nil, lo, hi, &oneB, nil)
                    nm_pair_sums_half_portable(term, a, b, c, lo, hi, &portB, &portC)
                }}}
                let label = "term \(term.rawValue), elements \(lo)..<\(hi), vectorised \(nm_pair_sums_half_vectorised())"
                for (name, got, want) in [("two b", twoB, wantB), ("two c", twoC, wantC), ("one", oneB, wantB),
                                          ("portable b", portB, wantB), ("portable c", portC, wantC)] {
                    XCTAssertEqual(got.map(\.bitPattern), want.map(\.bitPattern), "\(name), \(label)")
                }
            }
        }
    }
}
