/// Decimal numbers of CSV cells (`3.823250055313110352e+00`, `8.000000000000000000e+00`, `0.25`)
/// read without the C library in the common case, to exactly the value `strtod` gives: NumPy's
/// `savetxt` writes 19 significant digits, which send glibc's `strtod` to multi-precision
/// arithmetic (about 150 ns a number; most of the time of reading a NeuroMapper folder).
///
/// Each parser returns nil when it cannot be sure, and the caller then uses `strtod`, so the
/// result (and every error message) is the same as before; only the time differs.
enum DecimalNumber {
    /// Exact powers of ten as doubles: 10^0 ... 10^22 (10^23 is not a double).
    static let powers: [Double] = (0 ... 22).map { e in (0 ..< e).reduce(1.0) { value, _ in value * 10 } }

    /// A cell of the form `[+-]digits[.digits][(e|E)[+-]digits]` (at least one digit before the
    /// exponent), as ±m · 10^exponent with m holding at most 19 significant digits and no
    /// trailing zeros; nil for any other text (which `strtod` then reads or rejects).
    static func parts(_ text: UnsafeBufferPointer<UInt8>) -> (negative: Bool, m: UInt64, exponent: Int)? {
        var i = 0
        let n = text.count
        var negative = false
        if i < n, text[i] == 43 || text[i] == 45 { negative = text[i] == 45; i += 1 }
        var m: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        while i < n, text[i] &- 48 < 10 {
            if m != 0 || text[i] != 48 { significant += 1; m = m &* 10 &+ UInt64(text[i] &- 48) }
            digits += 1
            i += 1
        }
        if i < n, text[i] == 46 {
            i += 1
            while i < n, text[i] &- 48 < 10 {
                if m != 0 || text[i] != 48 { significant += 1; m = m &* 10 &+ UInt64(text[i] &- 48) }
                exponent -= 1
                digits += 1
                i += 1
            }
        }
        guard digits > 0, significant <= 19 else { return nil }
        if i < n, text[i] == 101 || text[i] == 69 {
            i += 1
            var negativeExponent = false
            if i < n, text[i] == 43 || text[i] == 45 { negativeExponent = text[i] == 45; i += 1 }
            var value = 0
            var exponentDigits = 0
            while i < n, text[i] &- 48 < 10 {
                value = min(value * 10 + Int(text[i] &- 48), 100_000)
                exponentDigits += 1
                i += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += negativeExponent ? -value : value
        }
        guard i == n else { return nil }
        while m != 0, m % 10 == 0 { m /= 10; exponent += 1 }
        return (negative, m, exponent)
    }

    /// The double `strtod` gives, when Clinger's fast path applies (m < 2^53 and |exponent| <=
    /// 22: one correctly rounded multiplication or division of exact values), else nil.
    static func double(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let (negative, m, exponent) = parts(text) else { return nil }
        guard let magnitude = exactMagnitude(m, exponent) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// `Float(strtod(text))`: exact via the double fast path, or else from an approximation
    /// (within 3 double ulps: one rounding of m, one of the scaling) when that lies clearly
    /// inside one float's rounding interval, so that the exact double lies there too.
    static func float(_ text: UnsafeBufferPointer<UInt8>) -> Float? {
        guard let (negative, m, exponent) = parts(text) else { return nil }
        if let magnitude = exactMagnitude(m, exponent) { return Float(negative ? -magnitude : magnitude) }
        guard abs(exponent) <= 22 else { return nil }
        let approximate = exponent >= 0 ? Double(m) * powers[exponent] : Double(m) / powers[-exponent]
        // Normal floats only (no subnormal or overflowing results).
        guard approximate > 1e-37, approximate < 1e38 else { return nil }
        let candidate = Float(approximate)
        let below = (Double(candidate) + Double(candidate.nextDown)) / 2
        let above = (Double(candidate) + Double(candidate.nextUp)) / 2
        let margin = 8 * approximate.ulp
        guard approximate - below > margin, above - approximate > margin else { return nil }
        return negative ? -candidate : candidate
    }

    private static func exactMagnitude(_ m: UInt64, _ exponent: Int) -> Double? {
        if m == 0 { return 0 }
        guard m < 1 << 53, abs(exponent) <= 22 else { return nil }
        return exponent >= 0 ? Double(m) * powers[exponent] : Double(m) / powers[-exponent]
    }
}
