/// A distance computed through a cheaper monotone surrogate (squared euclidean, 1 − dot of
/// unit rows), so neighbour searches compare surrogates and convert only the k kept ones.
protocol PointDistance: Sendable {
    /// Monotone in the true distance; smaller is closer.
    static func surrogate(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float
    /// The metric distance for a surrogate value.
    static func distance(fromSurrogate s: Float) -> Float
}

enum EuclideanDistance: PointDistance {
    @inline(__always)
    static func surrogate(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        squaredEuclidean(a, b, count)
    }
    @inline(__always)
    static func distance(fromSurrogate s: Float) -> Float { s.squareRoot() }
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
}

/// Σ (aᵢ − bᵢ)² with two 8-lane accumulators; the summation order is fixed, so results are
/// bit-identical whatever thread computes them.
@inline(__always)
func squaredEuclidean(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
    var i = 0
    while i + 16 <= count {
        let d0 = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            - rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        let d1 = ra.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self)
            - rb.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self)
        acc0 += d0 * d0
        acc1 += d1 * d1
        i += 16
    }
    if i + 8 <= count {
        let d0 = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            - rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        acc0 += d0 * d0
        i += 8
    }
    var s = (acc0 + acc1).sum()
    while i < count {
        let d = a[i] - b[i]
        s += d * d
        i += 1
    }
    return s
}

/// Σ aᵢ bᵢ, with the same fixed summation order as `squaredEuclidean`.
@inline(__always)
func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
    var i = 0
    while i + 16 <= count {
        acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        acc1 += ra.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self)
            * rb.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self)
        i += 16
    }
    if i + 8 <= count {
        acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        i += 8
    }
    var s = (acc0 + acc1).sum()
    while i < count {
        s += a[i] * b[i]
        i += 1
    }
    return s
}

/// Rows ready for a metric: a copy scaled to unit length for cosine, the values as given otherwise.
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
