import AtomicOutput
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes NumPy `.npy` arrays (format 1.0, or 2.0 for huge headers) that `np.load` reads back
/// exactly; every file appears whole or not at all.
public enum NpyWriter {
    /// The bytes of a `.npy` holding `values` (C order, `shape.product` elements) as a float
    /// dtype (float16 rounds to nearest even). `fortranOrder` stores the same array column-major.
    public static func encode(floats values: [Float], shape: [Int], dtype: NpyDType = .float32,
                              fortranOrder: Bool = false) -> [UInt8] {
        precondition(dtype.isFloat, "encode(floats:) needs a float dtype")
        return encode(values, shape: shape, dtype: dtype, fortranOrder: fortranOrder) { out, i, v in
            switch dtype.size {
            case 2:
                let h = HalfFloat.fromFloat(v)
                out.storeBytes(of: dtype.bigEndian ? h.byteSwapped : h, toByteOffset: i * 2, as: UInt16.self)
            case 4:
                out.storeBytes(of: dtype.bigEndian ? v.bitPattern.byteSwapped : v.bitPattern, toByteOffset: i * 4, as: UInt32.self)
            default:
                let bits = Double(v).bitPattern
                out.storeBytes(of: dtype.bigEndian ? bits.byteSwapped : bits, toByteOffset: i * 8, as: UInt64.self)
            }
        }
    }

    /// The bytes of a `.npy` holding `values` as an integer dtype; values that do not fit the
    /// dtype are truncated to its width (choose a dtype wide enough).
    public static func encode(integers values: [Int64], shape: [Int], dtype: NpyDType = .int64,
                              fortranOrder: Bool = false) -> [UInt8] {
        precondition(!dtype.isFloat, "encode(integers:) needs an integer dtype")
        return encode(values, shape: shape, dtype: dtype, fortranOrder: fortranOrder) { out, i, v in
            let bits = UInt64(bitPattern: v)
            switch dtype.size {
            case 1: out.storeBytes(of: UInt8(truncatingIfNeeded: bits), toByteOffset: i, as: UInt8.self)
            case 2:
                let w = UInt16(truncatingIfNeeded: bits)
                out.storeBytes(of: dtype.bigEndian ? w.byteSwapped : w, toByteOffset: i * 2, as: UInt16.self)
            case 4:
                let w = UInt32(truncatingIfNeeded: bits)
                out.storeBytes(of: dtype.bigEndian ? w.byteSwapped : w, toByteOffset: i * 4, as: UInt32.self)
            default:
                out.storeBytes(of: dtype.bigEndian ? bits.byteSwapped : bits, toByteOffset: i * 8, as: UInt64.self)
            }
        }
    }

    /// Header, then every element (in the header's order) stored by `store(data, index, value)`.
    private static func encode<T>(_ values: [T], shape: [Int], dtype: NpyDType, fortranOrder: Bool,
                                  store: (UnsafeMutableRawBufferPointer, Int, T) -> Void) -> [UInt8] {
        precondition(values.count == shape.reduce(1, *), "values do not fill shape \(shape)")
        let ordered = fortranOrder ? FortranOrder.fromC(values, shape: shape) : values
        var bytes = NpyHeader.encode(dtype: dtype, shape: shape, fortranOrder: fortranOrder)
        let start = bytes.count
        bytes += [UInt8](repeating: 0, count: ordered.count * dtype.size)
        bytes.withUnsafeMutableBytes { raw in
            let out = UnsafeMutableRawBufferPointer(rebasing: raw[start...])
            for (i, v) in ordered.enumerated() { store(out, i, v) }
        }
        return bytes
    }

    /// Just the header of an array of `shape` (for writers that stream the data after it).
    public static func header(dtype: NpyDType, shape: [Int], fortranOrder: Bool = false) -> [UInt8] {
        NpyHeader.encode(dtype: dtype, shape: shape, fortranOrder: fortranOrder)
    }

    /// Writes a float array to `url` atomically.
    public static func write(floats values: [Float], shape: [Int], dtype: NpyDType = .float32, to url: URL) throws {
        try FileBytes.writeAtomically(encode(floats: values, shape: shape, dtype: dtype), to: url)
    }

    /// Writes an integer array to `url` atomically.
    public static func write(integers values: [Int64], shape: [Int], dtype: NpyDType = .int64, to url: URL) throws {
        try FileBytes.writeAtomically(encode(integers: values, shape: shape, dtype: dtype), to: url)
    }

}
