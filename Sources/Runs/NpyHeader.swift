/// The header of a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0):
/// magic `\x93NUMPY`, version bytes, header length (u16 in v1, u32 in v2/v3, little endian),
/// then a Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (N, D), }`.
public struct NpyHeader: Sendable, Equatable {
    public var dtype: NpyDType
    public var fortranOrder: Bool
    public var shape: [Int]
    /// Offset of the first data byte from the start of the file.
    public var dataOffset: Int

    /// Elements in the array. `parse` guarantees the product (times the element size) fits.
    public var elementCount: Int { shape.reduce(1, *) }
    public var dataByteCount: Int64 { Int64(elementCount) * Int64(dtype.size) }

    /// The longest header read: NumPy's own headers are a few hundred bytes (NumPy refuses
    /// above 10,000 by default); a larger declared length is damage, not a header to allocate.
    static let maxHeaderLength = 1 << 20
    /// Dimensions accepted in a shape (NumPy's own limit is 64).
    static let maxDimensions = 64

    /// The product of `shape` times `elementSize`, or nil when it does not fit in Int64.
    static func checkedByteCount(_ shape: [Int], elementSize: Int) -> Int64? {
        var total = Int64(elementSize)
        for dim in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: Int64(dim))
            if overflow { return nil }
            total = product
        }
        return total
    }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Bytes needed to know the header length.
    static let preambleLength = 12

    /// Total header length (preamble + dict), from the first bytes of the file.
    static func headerLength(prefix: [UInt8], path: String) throws -> Int {
        guard prefix.count >= 6, Array(prefix[0..<6]) == magic else { throw RunError.notNumpy(path: path) }
        guard prefix.count >= 10 else {
            throw RunError.truncated(path: path, expectedBytes: 10, actualBytes: Int64(prefix.count))
        }
        let major = prefix[6]
        switch major {
        case 1:
            return 10 + (Int(prefix[8]) | Int(prefix[9]) << 8)
        case 2, 3:
            guard prefix.count >= 12 else {
                throw RunError.truncated(path: path, expectedBytes: 12, actualBytes: Int64(prefix.count))
            }
            let length = Int(prefix[8]) | Int(prefix[9]) << 8 | Int(prefix[10]) << 16 | Int(prefix[11]) << 24
            guard length <= maxHeaderLength else {
                throw RunError.badNumpyHeader(path: path, reason: "the header claims \(length) bytes (at most \(maxHeaderLength) are read)")
            }
            return 12 + length
        default:
            throw RunError.badNumpyHeader(path: path, reason: "format version \(major).\(prefix[7]) is unknown (1, 2 and 3 are supported)")
        }
    }

    /// Parses the header from the file's first bytes (at least `headerLength` of them).
    static func parse(bytes: [UInt8], path: String) throws -> NpyHeader {
        let total = try headerLength(prefix: bytes, path: path)
        guard bytes.count >= total else {
            throw RunError.truncated(path: path, expectedBytes: Int64(total), actualBytes: Int64(bytes.count))
        }
        let dictStart = bytes[6] == 1 ? 10 : 12
        // v1/v2 headers are latin-1, v3 UTF-8; every field we read is ASCII either way.
        let text = String(decoding: bytes[dictStart..<total], as: UTF8.self)
        let literal: PythonLiteral
        do {
            literal = try PythonLiteral.parse(text)
        } catch let error as PythonLiteral.ParseError {
            throw RunError.badNumpyHeader(path: path, reason: error.reason)
        }
        guard case let .dict(fields) = literal else {
            throw RunError.badNumpyHeader(path: path, reason: "the header is not a dictionary")
        }
        guard let descrValue = fields["descr"] else {
            throw RunError.badNumpyHeader(path: path, reason: "no 'descr' key")
        }
        guard case let .string(descr) = descrValue else {
            throw RunError.unsupportedDType(path: path, descr: "structured", reason: "structured arrays are not supported; save a plain numeric array")
        }
        guard case let .bool(fortran) = fields["fortran_order"] else {
            throw RunError.badNumpyHeader(path: path, reason: "'fortran_order' is missing or not True/False")
        }
        guard case let .tuple(dims) = fields["shape"] else {
            throw RunError.badNumpyHeader(path: path, reason: "'shape' is missing or not a tuple")
        }
        guard dims.count <= maxDimensions else {
            throw RunError.badNumpyHeader(path: path, reason: "'shape' has \(dims.count) dimensions (at most \(maxDimensions))")
        }
        var shape: [Int] = []
        for dim in dims {
            guard case let .int(value) = dim, value >= 0 else {
                throw RunError.badNumpyHeader(path: path, reason: "'shape' holds something other than non-negative integers")
            }
            shape.append(value)
        }
        let dtype = try NpyDType.parse(descr: descr, path: path)
        guard let byteCount = checkedByteCount(shape, elementSize: dtype.size), byteCount <= Int64.max - Int64(total) else {
            throw RunError.badNumpyHeader(path: path, reason: "'shape' \(RunError.shapeText(shape)) holds more \(dtype.name) elements than any file can")
        }
        return NpyHeader(dtype: dtype, fortranOrder: fortran, shape: shape, dataOffset: total)
    }

    /// The header bytes NumPy would write (v1.0 when the dict fits in 65535 bytes, else v2.0),
    /// padded with spaces so the data starts on a 64-byte boundary.
    static func encode(dtype: NpyDType, shape: [Int], fortranOrder: Bool) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(dtype.descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        let v1 = dict.utf8.count + 1 + 10 <= 65535 + 10
        let preamble = v1 ? 10 : 12
        let unpadded = preamble + dict.utf8.count + 1
        let padding = (64 - unpadded % 64) % 64
        dict += String(repeating: " ", count: padding) + "\n"
        let length = dict.utf8.count
        var bytes = magic + [v1 ? 1 : 2, 0]
        if v1 {
            bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
        } else {
            bytes += [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)]
        }
        return bytes + Array(dict.utf8)
    }
}

extension NpyHeader {
    /// Checks that an array of `bytes` bytes (a file, or an archive member once inflated) holds
    /// exactly the data this header announces: fewer is truncated, more is trailing data.
    func checkSize(_ bytes: Int64, path: String) throws(RunError) {
        let expected = Int64(dataOffset) + dataByteCount
        guard bytes >= expected else { throw RunError.truncated(path: path, expectedBytes: expected, actualBytes: bytes) }
        guard bytes == expected else { throw RunError.trailingData(path: path, expectedBytes: expected, actualBytes: bytes) }
    }
}
