import Foundation

/// Writes NumPy `.npy` files (format 1.0, little-endian, C order) for generated test runs, so
/// the CLI tests need neither the Layout module nor Python.
///
/// Layout of the file (numpy.lib.format): the magic `\x93NUMPY`, version bytes 1 and 0, a
/// little-endian UInt16 header length, then an ASCII dict padded with spaces and ended by `\n`
/// so that the data starts at a multiple of 64 bytes, then the raw elements.
enum NpyFileWriter {
    static func writeFloat32(_ values: [Float], shape: [Int], to url: URL) throws {
        precondition(values.count == shape.reduce(1, *), "values do not fill the shape")
        var data = header(descr: "<f4", shape: shape)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        try data.write(to: url)
    }

    static func writeInt64(_ values: [Int64], to url: URL) throws {
        var data = header(descr: "<i8", shape: [values.count])
        for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        try data.write(to: url)
    }

    private static func header(descr: String, shape: [Int]) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        let preamble = 10 // magic (6) + version (2) + header length (2)
        while (preamble + dict.utf8.count + 1) % 64 != 0 { dict += " " }
        dict += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        withUnsafeBytes(of: UInt16(dict.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(dict.utf8))
        return data
    }
}
