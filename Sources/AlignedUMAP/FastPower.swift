/// x^y for x > 0 as 2^(y·log₂x), with short polynomials instead of libm's `powf`: several
/// times faster in the SGD inner loop, relative error about 1e-6 (the float32 rounding of
/// y·log₂x dominates; far below SGD noise), and the same bits on every platform because it
/// uses only basic arithmetic.
@inline(__always)
func fastPower(_ x: Float, _ y: Float) -> Float {
    fastExp2(y * fastLog2(x))
}

/// log₂x for finite x > 0: exponent plus log₂ of the mantissa scaled into [√½, √2), by the
/// series 2/ln2·(t + t³/3 + t⁵/5 + t⁷/7 + t⁹/9), t = (m − 1)/(m + 1), |t| ≤ 0.172.
@inline(__always)
func fastLog2(_ x: Float) -> Float {
    let bits = x.bitPattern
    var e = Float(Int32(bitPattern: (bits >> 23) & 0xFF) - 127)
    var m = Float(bitPattern: (bits & 0x7F_FFFF) | 0x3F80_0000)
    if m > 1.414_213_5 { m *= 0.5; e += 1 }
    let t = (m - 1) / (m + 1)
    let u = t * t
    let u2 = u * u
    // Estrin's scheme: short dependency chains (this sits on the SGD's critical path).
    let series = t * ((1 + u * (1.0 / 3)) + u2 * ((1.0 / 5 + u * (1.0 / 7)) + u2 * (1.0 / 9)))
    return e + 2.885_390_08 * series
}

/// 2^y: 2^round(y) from the exponent bits times e^{f·ln2} for f ∈ [−½, ½] by its Taylor series
/// to degree 7; saturates to 0 / +∞ outside the float range.
@inline(__always)
func fastExp2(_ y: Float) -> Float {
    if y < -126 { return 0 }
    if y > 127 { return .infinity }
    // Adding and subtracting 1.5·2²³ rounds to the nearest integer (ties to even) for |y| < 2²²,
    // without a libm call.
    let i = (y + 12_582_912) - 12_582_912
    let f = (y - i) * 0.693_147_18
    let f2 = f * f
    let f4 = f2 * f2
    let low = (1 + f) + f2 * (0.5 + f * (1.0 / 6))
    let high = (1.0 / 24 + f * (1.0 / 120)) + f2 * (1.0 / 720 + f * (1.0 / 5040))
    let p = low + f4 * high
    return p * Float(bitPattern: UInt32(Int32(i) + 127) << 23)
}
