@testable import AlignedUMAP
import XCTest

/// Wide slices (D ≥ 1024) and warm-started searches.
final class WideNeighbourTests: XCTestCase {
    /// Blobs in 12 dimensions lifted to `dims` by a fixed random ReLU layer (like wide activations).
    private func wide(dims: Int, rows perBlob: Int = 50) -> AlignedUMAPSlice {
        let (base, _) = TestData.blobs(blobs: 4, perBlob: perBlob, dims: 12, separation: 6, seed: 61)
        var rng = SeededRandom(seed: 62)
        let w = (0..<(12 * dims)).map { _ in Float(rng.normal() / 12.0.squareRoot()) }
        var values = [Float](repeating: 0, count: base.rows * dims)
        for i in 0..<base.rows {
            for c in 0..<dims {
                var s: Float = 0
                for j in 0..<12 { s += base.values[i * 12 + j] * w[j * dims + c] }
                values[i * dims + c] = max(0, s)
            }
        }
        return AlignedUMAPSlice(rows: base.rows, cols: dims, values: values)
    }

    func testWideSlicesFindAtLeast95PercentOfTheExactNeighbours() {
        let slice = wide(dims: 1100)
        let exact = AlignedUMAP.nearestNeighbours(of: slice, k: 10, metric: .euclidean, search: .exact, threads: 2)
        let reduced = AlignedUMAP.nearestNeighbours(of: slice, k: 10, metric: .euclidean, search: .automatic, threads: 2)
        XCTAssertGreaterThanOrEqual(reduced.recall(against: exact), 0.95)
        // Every distance kept is the exact one of its pair (the re-ranking is in full dimension).
        for c in 1..<10 {
            let j = Int(reduced.indices[c])
            var s: Float = 0
            for d in 0..<slice.cols { let g = slice.values[d] - slice.values[j * slice.cols + d]; s += g * g }
            XCTAssertEqual(reduced.distances[c], s.squareRoot(), accuracy: 1e-3 * s.squareRoot())
        }
    }

    func testTheNeighbourOfNeighbourPoolFindsAtLeast95PercentAndIgnoresTheThreadCount() {
        // `.approximate` takes the path of large slices: k-NN in the projection, candidates
        // pooled from neighbours' neighbours, exact re-ranking.
        let slice = wide(dims: 1100)
        let exact = AlignedUMAP.nearestNeighbours(of: slice, k: 10, metric: .euclidean, search: .exact, threads: 2)
        let one = AlignedUMAP.nearestNeighbours(of: slice, k: 10, metric: .euclidean, search: .approximate, threads: 1)
        let two = AlignedUMAP.nearestNeighbours(of: slice, k: 10, metric: .euclidean, search: .approximate, threads: 2)
        XCTAssertEqual(one, two)
        XCTAssertGreaterThanOrEqual(one.recall(against: exact), 0.95)
    }

    func testAWarmStartedWideSearchStillFinds95PercentFromItsSmallerPool() {
        // The next epoch: the same rows moved a little. Warm-started, the pool re-ranks
        // `warmCandidateFactor` x k candidates, not `candidateFactor` x k.
        let before = wide(dims: 1100)
        var rng = SeededRandom(seed: 65)
        let after = AlignedUMAPSlice(rows: before.rows, cols: before.cols,
                                     values: before.values.map { $0 + Float(0.05 * rng.normal()) })
        let previous = AlignedUMAP.nearestNeighbours(of: before, k: 10, metric: .euclidean, search: .approximate, threads: 2)
        let exact = AlignedUMAP.nearestNeighbours(of: after, k: 10, metric: .euclidean, search: .exact, threads: 2)
        let one = AlignedUMAP.nearestNeighbours(of: after, k: 10, metric: .euclidean, search: .approximate, threads: 1,
                                                warmStart: previous)
        let two = AlignedUMAP.nearestNeighbours(of: after, k: 10, metric: .euclidean, search: .approximate, threads: 2,
                                                warmStart: previous)
        XCTAssertEqual(one, two)
        XCTAssertGreaterThanOrEqual(one.recall(against: exact), 0.95)
    }

    func testPooledCandidatesAreTheProjectionNearestOfNeighboursNeighboursAndWarmStart() {
        // 6 points on a line (reduced space, 1-d): 0 1 2 3 4 5 at x = 0, 1, 2, 4, 8, 16.
        let y: [Float] = [0, 1, 2, 4, 8, 16]
        // Each point's one neighbour (k = 2 with self): 0→1, 1→0, 2→1, 3→2, 4→3, 5→4.
        let near = NeighbourList(count: 6, k: 2, indices: [0, 1, 1, 0, 2, 1, 3, 2, 4, 3, 5, 4],
                                 distances: [Float](repeating: 0, count: 12))
        let warm = NeighbourList(count: 6, k: 2, indices: [0, 5, 1, 5, 2, 5, 3, 5, 4, 5, 5, 0],
                                 distances: [Float](repeating: 0, count: 12))
        let pooled = WideNeighbours.pooledCandidates(near, warmStart: warm, reduced: y, dims: 1, k: 3, threads: 2)
        // Point 4: pool {3 (neighbour), 2 (its neighbour), 5 (warm)}; nearest two: 3 (4), 2 (6).
        XCTAssertEqual(Array(pooled.indices[12..<15]), [4, 3, 2])
        XCTAssertEqual(Array(pooled.distances[12..<15]), [0, 4, 6])
        // Point 0: pool {1, 0 (self, dropped), 5 (warm)}: 1 then 5.
        XCTAssertEqual(Array(pooled.indices[0..<3]), [0, 1, 5])
        XCTAssertEqual(Array(pooled.distances[0..<3]), [0, 1, 16])
    }

    func testRerankingMeasuresEachCandidateExactlyWhetherOrNotThePairIsMutual() {
        let slice = wide(dims: 1100, rows: 10)
        let n = slice.rows, k = 4
        // Candidates of i: i ± 1 and i ± 2 (mutual pairs) and i + 7 (one way), all mod n; self
        // first as in every neighbour list.
        let offsets = [0, 1, n - 1, 2, n - 2, 7], kc = offsets.count
        var cand: [Int32] = []
        for i in 0..<n { for o in offsets { cand.append(Int32((i + o) % n)) } }
        let list = NeighbourList(count: n, k: kc, indices: cand, distances: [Float](repeating: 0, count: n * kc))
        let ranked = WideNeighbours.rerank(list, rows: .float(slice.values), dims: slice.cols, k: k, distance: EuclideanDistance.self, threads: 2)
        assertRankedPairByPair(ranked, candidates: list, slice: slice)
    }

    func testBlockedRerankingOfManyGroupsEqualsPairByPairOnAnyThreadCount() {
        // 200 rows (several groups of `rerankGroup`), 2,100 dimensions (blocks of
        // `rerankBlock` plus a tail that is not a multiple of 16), random one-way and mutual
        // candidates, duplicates included.
        let slice = wide(dims: 2100)
        let list = randomCandidates(count: slice.rows, width: 12, seed: 63)
        let one = WideNeighbours.rerank(list, rows: .float(slice.values), dims: slice.cols, k: 6, distance: EuclideanDistance.self, threads: 1)
        let two = WideNeighbours.rerank(list, rows: .float(slice.values), dims: slice.cols, k: 6, distance: EuclideanDistance.self, threads: 2)
        XCTAssertEqual(one, two)
        assertRankedPairByPair(two, candidates: list, slice: slice)
    }

    func testCosineRerankingKeepsTheNearestByOneMinusTheDotOfUnitRows() {
        var slice = wide(dims: 1100, rows: 40)
        // Unit rows, as the cosine metric prepares them.
        for i in 0..<slice.rows {
            let row = (i * slice.cols)..<((i + 1) * slice.cols)
            let norm = slice.values[row].reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { for j in row { slice.values[j] /= norm } }
        }
        let list = randomCandidates(count: slice.rows, width: 8, seed: 64)
        let ranked = WideNeighbours.rerank(list, rows: .float(slice.values), dims: slice.cols, k: 4, distance: CosineDistance.self, threads: 2)
        assertRankedPairByPair(ranked, candidates: list, slice: slice, distance: CosineDistance.self)
    }

    /// Candidate lists of `width`: self first, then random rows (one-way, mutual and repeated
    /// pairs alike).
    private func randomCandidates(count n: Int, width kc: Int, seed: UInt64) -> NeighbourList {
        var rng = SeededRandom(seed: seed)
        var cand: [Int32] = []
        for i in 0..<n {
            cand.append(Int32(i))
            for _ in 1..<kc { cand.append(Int32(rng.next() % UInt64(n))) }
        }
        return NeighbourList(count: n, k: kc, indices: cand, distances: [Float](repeating: 0, count: n * kc))
    }

    func testLocalityOrderVisitsEveryRowOnceEachAfterTheRowThatListedIt() {
        // Rows 0-5 as two chains, 0 → 4 → 2 and 1 → 5 → 3 (each row's candidates ascending,
        // Int32.max pads), so breadth-first from 0, then from the lowest row not yet seen.
        let pad = Int32.max
        let sorted: [Int32] = [4, pad, 5, pad, 4, pad, 5, pad, 0, 2, 1, 3]
        XCTAssertEqual(WideNeighbours.localityOrder(sorted, count: 6, width: 2), [0, 4, 2, 1, 5, 3])
    }

    /// Each row of `ranked` is the k − 1 nearest distinct candidates by `distance`'s surrogate
    /// measured pair by pair (ascending distance, ties by index), with those very distances.
    private func assertRankedPairByPair<D: PointDistance>(_ ranked: NeighbourList, candidates: NeighbourList, slice: AlignedUMAPSlice,
                                                          distance: D.Type = EuclideanDistance.self,
                                                          file: StaticString = #filePath, line: UInt = #line) {
        let p = slice.cols, k = ranked.k, kc = candidates.k
        for i in 0..<slice.rows {
            var expected: [(Float, Int32)] = []
            for j in Set(candidates.indices[(i * kc)..<(i * kc + kc)].map(Int.init)) where j != i {
                let s = slice.values.withUnsafeBufferPointer { v in D.surrogate(v.baseAddress! + i * p, v.baseAddress! + j * p, p) }
                expected.append((D.distance(fromSurrogate: s), Int32(j)))
            }
            expected.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            let row = (i * k + 1)..<(i * k + k)
            XCTAssertEqual(Array(ranked.indices[row]), expected.prefix(k - 1).map { $0.1 }, "row \(i)", file: file, line: line)
            XCTAssertEqual(Array(ranked.distances[row]), expected.prefix(k - 1).map { $0.0 }, "row \(i)", file: file, line: line)
        }
    }

    func testTheRandomProjectionIsFixedBySeedAndIgnoresTheThreadCount() {
        let slice = wide(dims: 1500, rows: 20)
        let a = WideNeighbours.project(.float(slice.values), count: slice.rows, dims: slice.cols, to: 64, seed: 7, threads: 1)
        let b = WideNeighbours.project(.float(slice.values), count: slice.rows, dims: slice.cols, to: 64, seed: 7, threads: 2)
        let c = WideNeighbours.project(.float(slice.values), count: slice.rows, dims: slice.cols, to: 64, seed: 8, threads: 2)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testTheRandomProjectionKeepsDistancesRoughly() {
        let slice = wide(dims: 2000, rows: 10)
        let r = WideNeighbours.project(.float(slice.values), count: slice.rows, dims: slice.cols, to: 128, seed: 1, threads: 1)
        var ratios: [Double] = []
        for (i, j) in [(0, 1), (0, 15), (3, 30), (12, 39)] {
            var full = 0.0, low = 0.0
            for d in 0..<slice.cols { let g = Double(slice.values[i * slice.cols + d] - slice.values[j * slice.cols + d]); full += g * g }
            for d in 0..<128 { let g = Double(r[i * 128 + d] - r[j * 128 + d]); low += g * g }
            ratios.append(low / full)
        }
        for q in ratios { XCTAssertEqual(q, 1, accuracy: 0.35) }
    }

    func testWarmStartedSearchIsAsGoodAndThreadIndependent() {
        let slices = TestData.drifting(slices: 2, blobs: 3, perBlob: 80)
        let exact = AlignedUMAP.nearestNeighbours(of: slices[1], k: 10, metric: .euclidean, search: .exact, threads: 1)
        let previous = AlignedUMAP.nearestNeighbours(of: slices[0], k: 10, metric: .euclidean, search: .approximate, threads: 1)
        let one = AlignedUMAP.nearestNeighbours(of: slices[1], k: 10, metric: .euclidean, search: .approximate, threads: 1,
                                                warmStart: previous)
        let two = AlignedUMAP.nearestNeighbours(of: slices[1], k: 10, metric: .euclidean, search: .approximate, threads: 2,
                                                warmStart: previous)
        XCTAssertEqual(one, two)
        XCTAssertGreaterThanOrEqual(one.recall(against: exact), 0.95)
    }
}

/// Wide float16 slices keep their values as binary16 (`AlignedUMAPSlice(finiteFloat16Bits:)`)
/// and are searched as if widened to float32.
final class Float16WideNeighbourTests: XCTestCase {
    /// A 1,100-d slice (a tail past the last multiple of 16) of 200 rows as binary16, and the
    /// same values widened.
    private func pair(seed: UInt64) -> (half: AlignedUMAPSlice, widened: AlignedUMAPSlice) {
        let (base, _) = TestData.blobs(blobs: 4, perBlob: 50, dims: 12, separation: 6, seed: seed)
        var rng = SeededRandom(seed: seed &+ 1)
        let dims = 1100
        let w = (0..<(12 * dims)).map { _ in Float(rng.normal() / 12.0.squareRoot()) }
        var bits = [UInt16](repeating: 0, count: base.rows * dims)
        for i in 0..<base.rows {
            for c in 0..<dims {
                var s: Float = 0
                for j in 0..<12 { s += base.values[i * 12 + j] * w[j * dims + c] }
                bits[i * dims + c] = Float16(max(0, s)).bitPattern
            }
        }
        let widened = bits.map { Float(Float16(bitPattern: $0)) }
        return (AlignedUMAPSlice(rows: base.rows, cols: dims, finiteFloat16Bits: bits, sampleIDs: Array(0..<base.rows)),
                AlignedUMAPSlice(rows: base.rows, cols: dims, values: widened))
    }

    func testBinary16ValuesReadAsTheirExactFloat32Widening() {
        let (half, widened) = pair(seed: 71)
        XCTAssertEqual(half.values, widened.values)
        XCTAssertNoThrow(try half.validate(index: 0))
    }

    func testBinary16RowsAreProjectedAsTheirWidenedValues() {
        let (half, widened) = pair(seed: 72)
        XCTAssertEqual(WideNeighbours.project(half.storage, count: half.rows, dims: half.cols, to: 64, seed: 3, threads: 2),
                       WideNeighbours.project(widened.storage, count: half.rows, dims: half.cols, to: 64, seed: 3, threads: 1))
    }

    func testBinary16RowsHaveTheNeighboursOfTheirWidenedValuesColdWarmAndExact() {
        let (half, widened) = pair(seed: 73)
        let (before, _) = pair(seed: 74)
        for search in [NeighbourSearch.approximate, .automatic] {
            let warm = AlignedUMAP.nearestNeighbours(of: before, k: 10, metric: .euclidean, search: search, threads: 1)
            for warmStart in [nil, warm] {
                let narrow = AlignedUMAP.nearestNeighbours(of: half, k: 10, metric: .euclidean, search: search, threads: 2,
                                                           warmStart: warmStart)
                let wide = AlignedUMAP.nearestNeighbours(of: widened, k: 10, metric: .euclidean, search: search, threads: 1,
                                                         warmStart: warmStart)
                XCTAssertEqual(narrow, wide, "\(search), warm start \(warmStart != nil)")
            }
        }
    }

    func testCosineNeighboursOfBinary16RowsAreThoseOfTheWidenedRows() {
        let (half, widened) = pair(seed: 75)
        XCTAssertEqual(AlignedUMAP.nearestNeighbours(of: half, k: 8, metric: .cosine, search: .approximate, threads: 2),
                       AlignedUMAP.nearestNeighbours(of: widened, k: 8, metric: .cosine, search: .approximate, threads: 2))
    }

    func testChangingTheValuesOfABinary16SliceMakesItFloat32AndNoLongerVouched() {
        var (half, _) = pair(seed: 76)
        half.values[5] = .infinity
        guard case .float = half.storage else { return XCTFail("still binary16") }
        XCTAssertThrowsError(try half.validate(index: 2)) { error in
            XCTAssertEqual(error as? AlignedUMAPError, .nonFiniteValue(slice: 2, row: 0, column: 5))
        }
    }
}
