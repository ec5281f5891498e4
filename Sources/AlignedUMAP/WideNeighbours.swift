import CHalfFloats
import CPairSums

/// Neighbours of wide slices (many features): candidates from a cheap reduction, the final
/// k chosen by exact distances in the full space.
///
/// **Deviation** (umap-learn measures every distance in full dimension): for D ≥
/// `WideNeighbours.threshold` the rows are first mapped to r = 128 dimensions by a very sparse
/// random projection (Li, Hastie & Church 2006: R_ij = ±√s with probability 1/(2s) each, 0
/// otherwise, s = √D; y = xR/√r preserves squared distances in expectation, JL-style), the
/// kc nearest candidates are found there, and those candidates are re-ranked by their true
/// distance. Below `AlignedUMAP.exactNeighbourLimit` points the kc candidates are the exact kc
/// nearest in the projection. From there on a kc-NN-descent in the projection cost about
/// (kc/k)² times a k-NN search (its local joins grow with the square of the list length), so
/// instead the k nearest are searched in the projection as for a narrow slice (NN-descent,
/// warm-started from the previous slice) and the kc candidates are the projection-nearest of
/// those neighbours, their neighbours, and the previous slice's neighbours ("a neighbour of a
/// neighbour is likely a neighbour", the NN-descent principle, applied once more).
/// Cost: n·r·√D for the projection, one narrow search, n·k²·r to score the pooled candidates,
/// and n·kc·D for the re-ranking, instead of the search's many distance evaluations per point
/// at D each. Recall against exact neighbours is printed by `umap-bench --recall`.
///
/// float16 slices are read as they are stored (`WideRows`): the projection widens a few rows
/// at a time, the re-ranking each element as it loads it (F16C), so the re-ranking, which
/// waits on memory, streams half the bytes, and the slice takes half the memory; widening is
/// exact, so the neighbours are those of the widened values, to the bit.
enum WideNeighbours {
    /// Slices with at least this many features take the reduced path.
    static let threshold = 1024
    /// Dimensions of the projection.
    static let reducedDims = 128
    /// Candidates per point, as a multiple of k: 2k gave recall@15 0.945 on the 4,096-d lift
    /// of the 1k digits block, 3k gives 0.977 (r = 256 with 2k: 0.976, at twice the search);
    /// on the 10k lift, pooled from neighbours' neighbours, 3k gives 0.977-0.980.
    static let candidateFactor = 3
    /// The same for a slice warm-started from the previous slice's neighbours, whose pool
    /// already holds most true neighbours: 2k kept recall@15 (warm) at 0.9771 on the 10k x
    /// 16,384 lift (3k cold: 0.9772) and 0.985 on the real CNN's 4,096-d block, for a third
    /// fewer pairs to re-rank.
    static let warmCandidateFactor = 2

    /// The `k` nearest neighbours (self first) of `rows` (n × p, prepared for `metric`; binary16
    /// rows for the euclidean metric only) through the projection; see the type's comment.
    static func neighbours(rows: SliceValues, count n: Int, dims p: Int, k: Int, metric: AlignedUMAPMetric,
                           search: NeighbourSearch, seed: UInt64, threads: Int,
                           warmStart: NeighbourList?) -> NeighbourList {
        let r = reducedDims
        let reduced = project(rows, count: n, dims: p, to: r, seed: seed, threads: threads)
        let approximate = search == .approximate || (search == .automatic && n >= AlignedUMAP.exactNeighbourLimit)
        let pooledFromWarmStart = approximate && warmStart?.count == n
        let kc = min(n - 1, (pooledFromWarmStart ? warmCandidateFactor : candidateFactor) * k)
        let candidates: NeighbourList
        if approximate {
            let near = AlignedUMAP.nearestNeighbours(preparedRows: reduced, count: n, dims: r, k: k, metric: .euclidean,
                                                     search: .approximate, seed: seed, threads: threads,
                                                     warmStart: warmStart)
            candidates = pooledCandidates(near, warmStart: warmStart, reduced: reduced, dims: r, k: kc, threads: threads)
        } else {
            candidates = exactNeighbours(rows: reduced, count: n, dims: r, k: kc, distance: EuclideanDistance.self,
                                         threads: threads)
        }
        switch metric {
        case .euclidean:
            return rerank(candidates, rows: rows, dims: p, k: k, distance: EuclideanDistance.self, threads: threads)
        case .cosine:
            return rerank(candidates, rows: rows, dims: p, k: k, distance: CosineDistance.self, threads: threads)
        }
    }

    /// Per point, the `k` − 1 projection-nearest (self first, as a neighbour list of width `k`)
    /// of its neighbours in `near`, their neighbours, and its neighbours in `warmStart`.
    ///
    /// A pool holds about k² entries of which about two thirds are distinct; each distinct one
    /// is scored once (a stamp per point marks those seen for the current row) and the best
    /// k − 1 by (distance, index) are kept in a bounded heap, so the result is the first k − 1
    /// of the pool sorted by that total order, whatever order the pool is visited in. (Sorting
    /// the pool to drop repeats, then sorting the scores, took 0.1 s of CPU a 10k-point slice.)
    static func pooledCandidates(_ near: NeighbourList, warmStart: NeighbourList?, reduced: [Float], dims r: Int,
                                 k: Int, threads: Int) -> NeighbourList {
        let n = near.count, kn = near.k, kept = k - 1
        precondition(kept >= 1, "a neighbour list of at least self and one neighbour")  // nearestNeighbours answers k < 2 itself
        let warm = warmStart.flatMap { $0.count == n ? $0 : nil }
        return reduced.withUnsafeBufferPointer { yb in
            let y = SharedBuffer(yb)
            return NeighbourList.filledInParallel(count: n, k: k, chunkSize: 64, threads: threads) { range, out in
                // seenBy[j] == i: j was considered for row i already (rows of a chunk are distinct).
                var seenBy = [Int32](repeating: -1, count: n)
                var heapDistances = [Float](repeating: 0, count: kept), heapIndices = [Int32](repeating: 0, count: kept)
                var scored: [(Float, Int32)] = []
                scored.reserveCapacity(kept)
                seenBy.withUnsafeMutableBufferPointer { seen in
                heapDistances.withUnsafeMutableBufferPointer { hd in
                heapIndices.withUnsafeMutableBufferPointer { hi in
                    let hdist = hd.baseAddress!, hidx = hi.baseAddress!
                    for i in range {
                        let stamp = Int32(i)
                        seen[i] = stamp  // never its own candidate
                        hd.update(repeating: .infinity)
                        hi.update(repeating: .max)
                        @inline(__always) func consider(_ j: Int32) {
                            if j < 0 || seen[Int(j)] == stamp { return }
                            seen[Int(j)] = stamp
                            let d = squaredEuclidean(y.base + i * r, y.base + Int(j) * r, r)
                            if heapGreater(hdist[0], hidx[0], d, j) { heapPush(hdist, hidx, kept, d, j) }
                        }
                        for a in 1..<kn {
                            let j = near.indices[i * kn + a]
                            if j < 0 { continue }
                            consider(j)
                            for b in 1..<kn { consider(near.indices[Int(j) * kn + b]) }
                        }
                        if let warm {
                            for a in 1..<warm.k { consider(warm.indices[i * warm.k + a]) }
                        }
                        scored.removeAll(keepingCapacity: true)
                        for c in 0..<kept where hidx[c] != .max { scored.append((hdist[c], hidx[c])) }
                        out.write(row: i, scored: &scored) { $0.squareRoot() }
                    }
                }}}
            }
        }
    }

    /// Very sparse random projection of `rows` (n × p) to `r` columns, deterministic from `seed`.
    static func project(_ rows: SliceValues, count n: Int, dims p: Int, to r: Int, seed: UInt64, threads: Int) -> [Float] {
        // Per output column, the input indices with sign +1 and those with sign −1 (≈ √p/2
        // each), kept apart so the sums need no branch per tap.
        let s = max(1.0, Double(p).squareRoot())
        var rng = SeededRandom.stream(seed: seed, purpose: RandomPurpose.projectionTrees.rawValue, index: 0xD1_4E)
        var plus: [[Int32]] = Array(repeating: [], count: r), minus: [[Int32]] = Array(repeating: [], count: r)
        for c in 0..<r {
            for j in 0..<p {
                let u = rng.unit()
                if u < 1 / (2 * s) { plus[c].append(Int32(j)) } else if u < 1 / s { minus[c].append(Int32(j)) }
            }
        }
        let scale = Float((s / Double(r)).squareRoot())
        // The taps by input index: slot c adds to column c's positive sum, slot r + c to its
        // negative sum. Rows are then read once, in order, and every sum still adds its taps
        // in ascending index, as summing column by column did, so the values are unchanged.
        // (Column by column, each sum was a chain of dependent adds over values 64 KiB-row
        // gathers; 0.22 s of CPU a 10k x 16,384 slice.)
        var taps: [(input: Int32, slot: Int32)] = []
        taps.reserveCapacity(plus.reduce(0) { $0 + $1.count } + minus.reduce(0) { $0 + $1.count })
        for c in 0..<r {
            for j in plus[c] { taps.append((j, Int32(c))) }
            for j in minus[c] { taps.append((j, Int32(r + c))) }
        }
        taps.sort { ($0.input, $0.slot) < ($1.input, $1.slot) }
        let inputs = taps.map(\.input), slots = taps.map(\.slot)
        var out = [Float](repeating: 0, count: n * r)
        rows.withRows { x in
        inputs.withUnsafeBufferPointer { ib in
        slots.withUnsafeBufferPointer { sb in
            out.withUnsafeMutableBufferPointer { ob in
                let o = SharedMutableBuffer(ob), input = SharedBuffer(ib), slot = SharedBuffer(sb)
                // Chunk writes the projected rows of its own points only.
                parallelChunks(n, chunkSize: 64, threads: threads) { range in
                    // `projectionRows` rows at a time: each tap's index is read once for all,
                    // and their sums are independent adds (lanes of one vector).
                    let sums = UnsafeMutablePointer<SIMD4<Float>>.allocate(capacity: 2 * r)
                    defer { sums.deallocate() }
                    // binary16 rows are widened into `widened` first, a few rows at a time.
                    let widened = x.isHalf ? UnsafeMutablePointer<Float>.allocate(capacity: projectionRows * p) : nil
                    defer { widened?.deallocate() }
                    var i = range.lowerBound
                    while i < range.upperBound {
                        let lanes = min(projectionRows, range.upperBound - i)
                        let x0 = x.floats(rows: i ..< i + lanes, dims: p, scratch: widened)
                        // Lanes past the chunk's last row repeat it; they are not written.
                        let x1 = x0 + min(1, lanes - 1) * p, x2 = x0 + min(2, lanes - 1) * p
                        let x3 = x0 + min(3, lanes - 1) * p
                        sums.initialize(repeating: .zero, count: 2 * r)
                        for t in 0..<input.count {
                            let j = Int(input.base[t])
                            sums[Int(slot.base[t])] += SIMD4(x0[j], x1[j], x2[j], x3[j])
                        }
                        for lane in 0..<lanes {
                            for c in 0..<r { o[(i + lane) * r + c] = (sums[c][lane] - sums[r + c][lane]) * scale }
                        }
                        i += lanes
                    }
                }
            }
        }}}
        return out
    }

    /// Rows `project` sums at once (the lanes of its sums).
    static let projectionRows = 4

    /// The k nearest among each row's `candidates` by the metric's true distance (self first).
    ///
    /// A pair that is a candidate both ways is measured once (the distance is symmetric to the
    /// bit: (a − b)² = (b − a)² and the summation order is fixed): row i measures its candidate
    /// j when j > i, or when i is not among j's candidates; otherwise it reads row j's value.
    ///
    /// Measuring is cache-blocked, because at thousands of dimensions it is memory-bound: a
    /// 16,384-d row is 64 KiB, so measuring each pair in one go streams both rows from memory
    /// for every pair (about 44 per point). Instead rows are visited in `localityOrder` (a
    /// neighbour's neighbours next to each other), and a group of `rerankGroup` consecutive
    /// rows measures all its pairs one block of `rerankBlock` dimensions at a time, so each
    /// block of a shared candidate is read from memory once per group and then from cache.
    /// The partial sums are those of `PointDistance.surrogate` in the same order, so the
    /// distances, and the neighbours, are bit-identical to measuring pair by pair.
    ///
    /// The sums run in C (`nm_pair_sums`: 8-lane AVX where the CPU has it, the same lanes and
    /// rounding as the Swift sums otherwise), two pairs of the same row at a time (its block is
    /// loaded once for both), prefetching the rows measured next. On the 10k x 16,384 lift
    /// (one thread) that took re-ranking from 1.6 s to 0.94 s a slice: AVX alone 1.3 s, with
    /// the prefetch 1.05 s.
    static func rerank<D: PointDistance>(_ candidates: NeighbourList, rows: SliceValues, dims p: Int, k: Int,
                                         distance: D.Type, threads: Int) -> NeighbourList {
        let n = candidates.count, kc = candidates.k
        // Each row's candidates ascending by index, self and −1 left out (Int32.max pads).
        var sorted = [Int32](repeating: .max, count: n * kc)
        sorted.withUnsafeMutableBufferPointer { sb in
            let order = SharedMutableBuffer(sb)
            // Chunk writes rows of its own points only.
            parallelChunks(n, chunkSize: 256, threads: threads) { range in
                var row: [Int32] = []
                for i in range {
                    row.removeAll(keepingCapacity: true)
                    for c in 0..<kc {
                        let j = candidates.indices[i * kc + c]
                        if j >= 0 && Int(j) != i { row.append(j) }
                    }
                    row.sort()
                    var w = 0
                    for (c, j) in row.enumerated() where c == 0 || j != row[c - 1] {
                        order[i * kc + w] = j
                        w += 1
                    }
                }
            }
        }
        let visit = localityOrder(sorted, count: n, width: kc)
        var measured = [Float](repeating: .nan, count: n * kc)
        rows.withRows { x in
        sorted.withUnsafeBufferPointer { sb in
        visit.withUnsafeBufferPointer { vb in
        measured.withUnsafeMutableBufferPointer { mb in
            let order = SharedBuffer(sb), visiting = SharedBuffer(vb), m = SharedMutableBuffer(mb)
            let blocked = SurrogateSum.blockedCount(p)
            // Pass 1: a chunk is a group of rows in visiting order; it writes those rows' values only.
            parallelChunks(n, chunkSize: rerankGroup, threads: threads) { range in
                var pairs: [(first: Int, second: Int, slot: Int)] = []
                for position in range {
                    let i = Int(visiting[position])
                    for c in 0..<kc {
                        let j = order[i * kc + c]
                        if j == .max { break }
                        if Int(j) > i || !contains(order, row: Int(j), width: kc, value: Int32(i)) {
                            pairs.append((i * p, Int(j) * p, i * kc + c))
                        }
                    }
                }
                // 16 lanes per pair (`SurrogateSum`'s, in the C kernel's order).
                var sums = [Float](repeating: 0, count: 16 * pairs.count)
                sums.withUnsafeMutableBufferPointer { sb in
                    let sums = sb.baseAddress!
                    var low = 0
                    while low < blocked {
                        let high = min(blocked, low + rerankBlock)
                        var q = 0
                        while q < pairs.count {
                            // Two pairs of the same row share its loads; the rows measured
                            // next are prefetched meanwhile.
                            let a = pairs[q].first, b = pairs[q].second
                            let twin = q + 1 < pairs.count && pairs[q + 1].first == pairs[q].first
                            let step = twin ? 2 : 1
                            let nextB = q + step < pairs.count ? pairs[q + step].second : b
                            if twin {
                                let c = pairs[q + 1].second
                                let nextC = q + 3 < pairs.count ? pairs[q + 3].second : c
                                x.pairSums(D.pairTerm, a, b, c, nextB, nextC, low, high, sums + 16 * q, sums + 16 * q + 16)
                            } else {
                                x.pairSums(D.pairTerm, a, b, nil, nextB, nil, low, high, sums + 16 * q, nil)
                            }
                            q += step
                        }
                        low = high
                    }
                    for (q, pair) in pairs.enumerated() {
                        let sum = SurrogateSum(lanes: UnsafeBufferPointer(start: sums + 16 * q, count: 16))
                        m[pair.slot] = x.finish(D.self, pair.first + blocked, pair.second + blocked, tail: p - blocked, sum)
                    }
                }
            }
        }}}}
        return sorted.withUnsafeBufferPointer { sb in
        measured.withUnsafeBufferPointer { mb in
            let order = SharedBuffer(sb), m = SharedBuffer(mb)
            // Pass 2: reads pass 1's values.
            return NeighbourList.filledInParallel(count: n, k: k, chunkSize: 256, threads: threads) { range, out in
                var scored: [(Float, Int32)] = []
                for i in range {
                    scored.removeAll(keepingCapacity: true)
                    for c in 0..<kc {
                        let j = order[i * kc + c]
                        if j == .max { break }
                        var s = m[i * kc + c]
                        if Int(j) < i, let slot = slot(order, row: Int(j), width: kc, value: Int32(i)) {
                            s = m[Int(j) * kc + slot]  // row j measured the pair
                        }
                        scored.append((s, j))
                    }
                    out.write(row: i, scored: &scored) { D.distance(fromSurrogate: $0) }
                }
            }
        }}
    }

    /// Rows measured together by `rerank` (one chunk of its first pass). On the 10k x 16,384
    /// lift a group of 32 rows in locality order has 130-520 distinct rows among its ~900
    /// pairs (in index order: ~900), which is the reuse the blocking exploits.
    static let rerankGroup = 32
    /// Dimensions per block of `rerank`'s measuring: one block of a group's distinct rows
    /// (a few hundred blocks of 4 KiB) stays in cache while its pairs are summed. Measured on
    /// that lift (one thread, loaded machine): re-ranking 1.8 s pair by pair, 1.3-1.5 s with
    /// 1,024-float blocks; 64-256 were slower (short inner loops), 2,048-4,096 no faster.
    static let rerankBlock = 1024

    /// The rows in breadth-first order over the candidate lists (`sorted`, rows of `width`
    /// ascending indices padded with Int32.max), each component from its lowest row: rows
    /// that share candidates come close together. Deterministic, O(n · width).
    static func localityOrder(_ sorted: [Int32], count n: Int, width: Int) -> [Int32] {
        var order = [Int32]()
        order.reserveCapacity(n)
        var seen = [Bool](repeating: false, count: n)
        for start in 0..<n where !seen[start] {
            seen[start] = true
            var head = order.count
            order.append(Int32(start))
            while head < order.count {
                let i = Int(order[head])
                head += 1
                for c in 0..<width {
                    let j = sorted[i * width + c]
                    if j == .max { break }
                    if !seen[Int(j)] {
                        seen[Int(j)] = true
                        order.append(j)
                    }
                }
            }
        }
        return order
    }

    /// Where `value` is in row `row` of ascending rows of `width` (nil if absent).
    @inline(__always)
    static func slot(_ sorted: SharedBuffer<Int32>, row: Int, width: Int, value: Int32) -> Int? {
        let base = sorted.base + row * width
        var lo = 0, hi = width
        while lo < hi { let mid = (lo + hi) / 2; if base[mid] < value { lo = mid + 1 } else { hi = mid } }
        return lo < width && base[lo] == value ? lo : nil
    }

    @inline(__always)
    static func contains(_ sorted: SharedBuffer<Int32>, row: Int, width: Int, value: Int32) -> Bool {
        slot(sorted, row: row, width: width, value: value) != nil
    }
}

/// A wide slice's rows as `WideNeighbours` reads them: float32, or binary16 widened as they
/// are read. Positions are element offsets (row × dims + column). Valid only inside
/// `SliceValues.withRows`; shared by the chunks that read it.
struct WideRows: @unchecked Sendable {  // read-only pointers into an array that outlives every chunk
    private let float: UnsafePointer<Float>?
    private let half: UnsafePointer<UInt16>?

    fileprivate init(float: UnsafePointer<Float>?, half: UnsafePointer<UInt16>?) {
        self.float = float
        self.half = half
    }

    var isHalf: Bool { half != nil }

    /// Rows `rows` (of `dims` each) as float32: in place, or widened into `scratch` (room for
    /// `rows.count × dims`, needed for binary16 rows).
    func floats(rows: Range<Int>, dims p: Int, scratch: UnsafeMutablePointer<Float>?) -> UnsafePointer<Float> {
        if let float { return float + rows.lowerBound * p }
        nm_half_to_float(half! + rows.lowerBound * p, rows.count * p, scratch!)
        return UnsafePointer(scratch!)
    }

    /// `nm_pair_sums` (or `nm_pair_sums_half`) of the rows at offsets a, b and c.
    @inline(__always)
    func pairSums(_ term: nm_pair_term, _ a: Int, _ b: Int, _ c: Int?, _ nextB: Int, _ nextC: Int?,
                  _ low: Int, _ high: Int, _ sumB: UnsafeMutablePointer<Float>, _ sumC: UnsafeMutablePointer<Float>?) {
        if let float {
            nm_pair_sums(term, float + a, float + b, c.map { float + $0 }, float + nextB, nextC.map { float + $0 },
                         low, high, sumB, sumC)
        } else if let half {
            nm_pair_sums_half(term, half + a, half + b, c.map { half + $0 }, half + nextB, nextC.map { half + $0 },
                              low, high, sumB, sumC)
        }
    }

    /// `D.finish` for the pair whose tails (the `tail` < 16 elements past the blocked sum)
    /// start at offsets a and b.
    @inline(__always)
    func finish<D: PointDistance>(_ distance: D.Type, _ a: Int, _ b: Int, tail: Int, _ sum: SurrogateSum) -> Float {
        if let float { return D.finish(float + a, float + b, tail: tail, sum) }
        var ta = SIMD16<Float>(), tb = SIMD16<Float>()
        return withUnsafeMutableBytes(of: &ta) { ra in
            withUnsafeMutableBytes(of: &tb) { rb in
                let pa = ra.baseAddress!.assumingMemoryBound(to: Float.self)
                let pb = rb.baseAddress!.assumingMemoryBound(to: Float.self)
                if tail > 0 {
                    nm_half_to_float(half! + a, tail, pa)
                    nm_half_to_float(half! + b, tail, pb)
                }
                return D.finish(pa, pb, tail: tail, sum)
            }
        }
    }
}

extension SliceValues {
    /// Calls `body` with the rows, which stay valid until it returns.
    func withRows<R>(_ body: (WideRows) -> R) -> R {
        switch self {
        case let .float(v): return v.withUnsafeBufferPointer { body(WideRows(float: $0.baseAddress, half: nil)) }
        case let .half(h): return h.withUnsafeBufferPointer { body(WideRows(float: nil, half: $0.baseAddress)) }
        }
    }
}
