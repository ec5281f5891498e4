/// Turns raw `.npy` data bytes into Swift numbers, honouring the dtype's size and byte order.
enum ElementDecoding {
    /// `count` elements of a float dtype as float32, in storage order.
    static func floats(_ raw: UnsafeRawBufferPointer, dtype: NpyDType, count: Int) -> [Float] {
        precondition(dtype.isFloat && raw.count >= count * dtype.size)
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            decodeFloats(raw, dtype: dtype, into: UnsafeMutableBufferPointer(rebasing: out[0 ..< count]))
            initialized = count
        }
    }

    /// Decodes `out.count` elements of a float dtype from `raw` into `out`, in storage order.
    static func decodeFloats(_ raw: UnsafeRawBufferPointer, dtype: NpyDType, into out: UnsafeMutableBufferPointer<Float>) {
        let count = out.count
        precondition(dtype.isFloat && raw.count >= count * dtype.size)
        switch (dtype.size, dtype.bigEndian) {
        case (4, false):
            UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0 ..< count * 4]))
        case (4, true):
            for i in 0 ..< count {
                out[i] = Float(bitPattern: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self).byteSwapped)
            }
        case (2, let big):
            HalfFloat.convert(UnsafeRawBufferPointer(rebasing: raw[0 ..< count * 2]),
                              into: UnsafeMutableBufferPointer(rebasing: out[0 ..< count]), bigEndian: big)
        default:
            let big = dtype.bigEndian
            for i in 0 ..< count {
                let bits = raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                out[i] = Float(Double(bitPattern: big ? bits.byteSwapped : bits))
            }
        }
    }

    /// `count` elements of an integer dtype as Int64. Values of uint64 above Int64.max are
    /// clamped (they cannot be labels, ids or epochs anyway).
    static func integers(_ raw: UnsafeRawBufferPointer, dtype: NpyDType, count: Int) -> [Int64] {
        precondition(!dtype.isFloat && raw.count >= count * dtype.size)
        let big = dtype.bigEndian
        let signed = dtype.kind == .signed
        var out = [Int64](repeating: 0, count: count)
        for i in 0 ..< count {
            let o = i * dtype.size
            switch dtype.size {
            case 1:
                let v = raw.load(fromByteOffset: o, as: UInt8.self)
                out[i] = signed ? Int64(Int8(bitPattern: v)) : Int64(v)
            case 2:
                var v = raw.loadUnaligned(fromByteOffset: o, as: UInt16.self)
                if big { v = v.byteSwapped }
                out[i] = signed ? Int64(Int16(bitPattern: v)) : Int64(v)
            case 4:
                var v = raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)
                if big { v = v.byteSwapped }
                out[i] = signed ? Int64(Int32(bitPattern: v)) : Int64(v)
            default:
                var v = raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)
                if big { v = v.byteSwapped }
                out[i] = signed ? Int64(bitPattern: v) : Int64(min(v, UInt64(Int64.max)))
            }
        }
        return out
    }

    /// `count` elements of a float dtype as Double (for labels written as floats).
    static func doubles(_ raw: UnsafeRawBufferPointer, dtype: NpyDType, count: Int) -> [Double] {
        if dtype.size == 8 {
            let big = dtype.bigEndian
            return (0 ..< count).map { i in
                let bits = raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                return Double(bitPattern: big ? bits.byteSwapped : bits)
            }
        }
        return floats(raw, dtype: dtype, count: count).map(Double.init)
    }

    /// Column-major [rows, cols] -> row-major, in cache-friendly tiles.
    static func transposeFromColumnMajor(_ values: [Float], rows: Int, cols: Int) -> [Float] {
        guard rows > 1, cols > 1 else { return values }
        let tile = 32
        return [Float](unsafeUninitializedCapacity: values.count) { out, initialized in
            values.withUnsafeBufferPointer { src in
                for r0 in stride(from: 0, to: rows, by: tile) {
                    for c0 in stride(from: 0, to: cols, by: tile) {
                        for c in c0 ..< min(c0 + tile, cols) {
                            for r in r0 ..< min(r0 + tile, rows) {
                                out[r * cols + c] = src[c * rows + r]
                            }
                        }
                    }
                }
            }
            initialized = values.count
        }
    }
}
