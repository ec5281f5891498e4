import CPairSums

/// A distance computed through a cheaper monotone surrogate (squared euclidean, 1 − dot of
/// unit rows), so neighbour searches compare surrogates and convert only the k kept ones.
protocol PointDistance: Sendable {
    /// Monotone in the true distance; smaller is closer.
    static func surrogate(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float
    /// The metric distance for a surrogate value.
    static func distance(fromSurrogate s: Float) -> Float
    /// The term `surrogate` sums, for the C kernels (`nm_pair_sums`) that measure pairs block
    /// by block (cache blocking) with the very same arithmetic.
    static var pairTerm: nm_pair_term { get }
    /// The surrogate from the sum of the first `SurrogateSum.blockedCount(count)` elements:
    /// adds the `tail` elements after them (at `aTail`, `bTail`) and reduces, exactly as
    /// `surrogate` does.
    static func finish(_ aTail: UnsafePointer<Float>, _ bTail: UnsafePointer<Float>, tail: Int, _ sum: SurrogateSum) -> Float
}

/// The two 8-lane accumulators of `squaredEuclidean` and `dot` part way through a pair.
struct SurrogateSum {
    var low = SIMD8<Float>(), high = SIMD8<Float>()

    init() {}

    init(low: SIMD8<Float>, high: SIMD8<Float>) {
        self.low = low
        self.high = high
    }

    /// From the 16 lanes of the C kernels' sums (`nm_pair_sums`): `low`'s, then `high`'s.
    init<C: Collection<Float>>(lanes: C) where C.Index == Int {
        let s = lanes.startIndex
        low = SIMD8((0..<8).lazy.map { lanes[s + $0] })
        high = SIMD8((0..<8).lazy.map { lanes[s + 8 + $0] })
    }

    /// The 16 lanes in the C kernels' order.
    var lanes: [Float] { (0..<8).map { low[$0] } + (0..<8).map { high[$0] } }

    /// Elements summed 16 at a time (the rest is summed by `finish`).
    @inline(__always)
    static func blockedCount(_ count: Int) -> Int { count & ~15 }
}

enum EuclideanDistance: PointDistance {
    @inline(__always)
    static func surrogate(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        squaredEuclidean(a, b, count)
    }
    @inline(__always)
    static func distance(fromSurrogate s: Float) -> Float { s.squareRoot() }
    static var pairTerm: nm_pair_term { nm_squared_difference }
    @inline(__always)
    static func finish(_ aTail: UnsafePointer<Float>, _ bTail: UnsafePointer<Float>, tail: Int, _ sum: SurrogateSum) -> Float {
        finishSum(SquaredDifference.self, aTail, bTail, tail: tail, sum)
    }
}

/// Cosine distance on rows scaled to unit length beforehand (zero rows stay zero, so they sit
/// at distance 1 from every row).
enum CosineDistance: PointDistance {
    @inline(__always)
    static func surrogate(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        max(0, 1 - dot(a, b, count))
    }
    @inline(__always)
    static func distance(fromSurrogate s: Float) -> Float { s }
    static var pairTerm: nm_pair_term { nm_product }
    @inline(__always)
    static func finish(_ aTail: UnsafePointer<Float>, _ bTail: UnsafePointer<Float>, tail: Int, _ sum: SurrogateSum) -> Float {
        max(0, 1 - finishSum(Product.self, aTail, bTail, tail: tail, sum))
    }
}

/// Σ (aᵢ − bᵢ)² with two 8-lane accumulators; the summation order is fixed, so results are
/// bit-identical whatever thread computes them, and whether the pair is summed in one go or
/// block by block (`termSum` then `finishSum`).
@inline(__always)
func squaredEuclidean(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var sum = SurrogateSum()
    let blocked = SurrogateSum.blockedCount(count)
    termSum(SquaredDifference.self, a, b, 0..<blocked, into: &sum)
    return finishSum(SquaredDifference.self, a + blocked, b + blocked, tail: count - blocked, sum)
}

/// Σ aᵢ bᵢ, with the same fixed summation order as `squaredEuclidean`.
@inline(__always)
func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var sum = SurrogateSum()
    let blocked = SurrogateSum.blockedCount(count)
    termSum(Product.self, a, b, 0..<blocked, into: &sum)
    return finishSum(Product.self, a + blocked, b + blocked, tail: count - blocked, sum)
}

/// The per-element term of a sum over a pair of rows, on 8 lanes or on one element.
protocol SumTerm {
    static func lanes(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float>
    static func scalar(_ a: Float, _ b: Float) -> Float
}

/// (a − b)², the terms of the squared euclidean distance.
enum SquaredDifference: SumTerm {
    @inline(__always)
    static func lanes(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { let d = a - b; return d * d }
    @inline(__always)
    static func scalar(_ a: Float, _ b: Float) -> Float { let d = a - b; return d * d }
}

/// a · b, the terms of the dot product.
enum Product: SumTerm {
    @inline(__always)
    static func lanes(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { a * b }
    @inline(__always)
    static func scalar(_ a: Float, _ b: Float) -> Float { a * b }
}

/// Adds the terms of elements `range` (bounds multiples of 16) to the accumulators: elements
/// i ..< i + 8 of each 16 to `low`, i + 8 ..< i + 16 to `high`.
@inline(__always)
func termSum<T: SumTerm>(_ term: T.Type, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ range: Range<Int>,
                         into sum: inout SurrogateSum) {
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var acc0 = sum.low, acc1 = sum.high
    var i = range.lowerBound
    while i < range.upperBound {
        acc0 += T.lanes(ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self),
                        rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
        acc1 += T.lanes(ra.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self),
                        rb.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self))
        i += 16
    }
    sum = SurrogateSum(low: acc0, high: acc1)
}

/// The terms past the last multiple of 16 (the `tail` < 16 elements from `a`, `b`: 8 more
/// lanes into `low` if there are 8, then one by one after the reduction), and the reduction
/// of the accumulators.
@inline(__always)
func finishSum<T: SumTerm>(_ term: T.Type, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, tail: Int,
                           _ sum: SurrogateSum) -> Float {
    var acc0 = sum.low
    var i = 0
    if 8 <= tail {
        acc0 += T.lanes(UnsafeRawPointer(a).loadUnaligned(as: SIMD8<Float>.self),
                        UnsafeRawPointer(b).loadUnaligned(as: SIMD8<Float>.self))
        i = 8
    }
    var s = (acc0 + sum.high).sum()
    while i < tail {
        s += T.scalar(a[i], b[i])
        i += 1
    }
    return s
}

/// Rows ready for a metric: a copy scaled to unit length for cosine, the values as given otherwise.
/// The rows of `slice` as the neighbour search takes them: binary16 rows as they are for
/// the euclidean metric (widened element by element as they are read), others as
/// `preparedRows`.
func preparedValues(_ slice: AlignedUMAPSlice, metric: AlignedUMAPMetric) -> SliceValues {
    if case .half = slice.storage, metric == .euclidean { return slice.storage }
    return .float(preparedRows(slice, metric: metric))
}

func preparedRows(_ slice: AlignedUMAPSlice, metric: AlignedUMAPMetric) -> [Float] {
    guard metric == .cosine else { return slice.values }
    var v = slice.values
    let p = slice.cols
    for r in 0..<slice.rows {
        var norm: Double = 0
        for c in 0..<p { norm += Double(v[r * p + c]) * Double(v[r * p + c]) }
        guard norm > 0 else { continue }
        let scale = Float(1 / norm.squareRoot())
        for c in 0..<p { v[r * p + c] *= scale }
    }
    return v
}
