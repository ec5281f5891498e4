import CHalfFloats

/// IEEE 754 binary16 <-> binary32 conversion on bit patterns, written out so it is exact on every
/// platform (Swift's `Float16` is missing on some) and fast in a loop (no branches on the common
/// path, no allocation).
enum HalfFloat {
    /// binary16 -> binary32, exact for every input including subnormals, ±Inf and NaN payloads.
    ///
    /// Shift the exponent+mantissa left by 13 and rebias the exponent by 127 - 15 = 112; Inf/NaN
    /// get another 112 so their exponent is all ones; subnormals are renormalised by subtracting
    /// 2^-14 after adding it as an implicit one (F. Giesen, "half_to_float_fast").
    @inline(__always)
    static func toFloat(_ h: UInt16) -> Float {
        let magic = Float(bitPattern: 113 << 23) // 2^-14
        let exponentMask: UInt32 = 0x7C00 << 13
        let shifted = UInt32(h & 0x7FFF) << 13
        let exponent = shifted & exponentMask
        let isInfOrNaN = exponent == exponentMask
        let isSubnormal = exponent == 0
        // Selects instead of branches, so the loop over a slice vectorises.
        var bits = shifted &+ ((127 - 15) << 23)
        bits &+= isInfOrNaN ? (128 - 16) << 23 : 0
        bits &+= isSubnormal ? 1 << 23 : 0
        let value = Float(bitPattern: bits) - (isSubnormal ? magic : 0)
        return Float(bitPattern: value.bitPattern | UInt32(h & 0x8000) << 16)
    }

    /// Converts a buffer of binary16 values (`bigEndian` swaps bytes first). Little-endian
    /// aligned data goes through `nm_half_to_float` (F16C where the CPU has it, the same
    /// values; 0.175 s of one core per 10k x 16,384 slice otherwise, on the path of every
    /// wide layout's reading), the rest through `toFloat`.
    static func convert(_ source: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Float>, bigEndian: Bool) {
        let count = out.count
        if !bigEndian, Int(bitPattern: source.baseAddress) % MemoryLayout<UInt16>.alignment == 0 {
            let halves = source.bindMemory(to: UInt16.self)
            if count > 0 { nm_half_to_float(halves.baseAddress, count, out.baseAddress) }
        } else {
            for i in 0 ..< count {
                let h = source.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)
                out[i] = toFloat(bigEndian ? h.byteSwapped : h)
            }
        }
    }

    /// Bit patterns in host byte order, widened.
    static func floats(_ bits: [UInt16]) -> [Float] {
        [Float](unsafeUninitializedCapacity: bits.count) { out, initialized in
            bits.withUnsafeBytes { convert($0, into: UnsafeMutableBufferPointer(rebasing: out[0 ..< bits.count]), bigEndian: false) }
            initialized = bits.count
        }
    }

    /// binary32 -> binary16 with round-to-nearest-even; overflow gives ±Inf, NaN stays NaN.
    static func fromFloat(_ f: Float) -> UInt16 {
        let bits = f.bitPattern
        let sign = UInt16(bits >> 16 & 0x8000)
        let exponent = Int(bits >> 23 & 0xFF)
        let mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF {
            return sign | 0x7C00 | (mantissa != 0 ? 0x200 | UInt16(mantissa >> 13) : 0)
        }
        let e = exponent - 127 + 15
        if e >= 0x1F { return sign | 0x7C00 }
        if e <= 0 {
            // Subnormal half (or zero): shift the mantissa with its implicit one into place.
            guard e >= -10 else { return sign }
            let full = mantissa | 0x80_0000
            let shift = UInt32(14 - e)
            var half = full >> shift
            let remainder = full & ((1 << shift) - 1)
            let halfway: UInt32 = 1 << (shift - 1)
            if remainder > halfway || (remainder == halfway && half & 1 == 1) { half += 1 }
            return sign | UInt16(half)
        }
        var half = UInt32(e) << 10 | mantissa >> 13
        let remainder = mantissa & 0x1FFF
        // Rounding may carry into the exponent, which correctly yields the next binade or Inf.
        if remainder > 0x1000 || (remainder == 0x1000 && half & 1 == 1) { half += 1 }
        return sign | UInt16(half)
    }
}
