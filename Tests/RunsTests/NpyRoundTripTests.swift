import XCTest
import LayoutModel
@testable import Runs

/// `.npy` written by NpyWriter reads back exactly, for every supported dtype, order and shape.
final class NpyRoundTripTests: XCTestCase {
    let shapes: [[Int]] = [[0], [5], [3, 4], [4, 1], [0, 3], [2, 3, 2]]
    let floatTypes: [NpyDType] = [.float16, .float32, .float64]
    let intTypes: [NpyDType] = [.int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64]

    func testFloatsRoundTripForEveryFloatDtypeByteOrderLayoutAndShape() throws {
        let folder = try TemporaryFolder()
        for dtype in floatTypes {
            for big in [false, true] {
                for fortran in [false, true] {
                    for shape in shapes {
                        let count = shape.reduce(1, *)
                        // Multiples of 1/4 in ±8 are exact in float16.
                        let values = (0 ..< count).map { Float($0 % 64) * 0.25 - 8 }
                        let type = big ? dtype.swappedToBigEndian : dtype
                        let url = try folder.file("a.npy", NpyWriter.encode(floats: values, shape: shape, dtype: type, fortranOrder: fortran))
                        let array = try NpyArrayRef.open(path: url.path)
                        XCTAssertEqual(array.shape, shape)
                        XCTAssertEqual(array.dtype, type)
                        XCTAssertEqual(array.header.fortranOrder, fortran)
                        XCTAssertEqual(try array.floats(), values, "\(type.descr) fortran=\(fortran) \(shape)")
                    }
                }
            }
        }
    }

    func testFloatsSpanningSeveralReadChunksReadBackExactlyForEveryFloatDtypeAndByteOrder() throws {
        // A C-order file is decoded chunk by chunk (`streamChunkBytes`): 2.5 chunks of float64,
        // 10 of float16, with a value at every chunk boundary that is not the ramp's.
        let folder = try TemporaryFolder()
        let count = NpyArrayRef.streamChunkBytes * 5 / 16
        for dtype in floatTypes {
            for big in [false, true] {
                var values = (0 ..< count).map { Float($0 % 64) * 0.25 - 8 }
                let perChunk = NpyArrayRef.streamChunkBytes / dtype.size
                for boundary in stride(from: perChunk, to: count, by: perChunk) {
                    values[boundary - 1] = 100
                    values[boundary] = -100
                }
                let type = big ? dtype.swappedToBigEndian : dtype
                let url = try folder.file("wide.npy", NpyWriter.encode(floats: values, shape: [count / 8, 8], dtype: type, fortranOrder: false))
                XCTAssertEqual(try NpyArrayRef.open(path: url.path).floats(), values, type.descr)
            }
        }
    }

    func testIntegersRoundTripForEveryIntegerDtypeByteOrderLayoutAndShape() throws {
        let folder = try TemporaryFolder()
        for dtype in intTypes {
            for big in [false, true] where dtype.size > 1 || !big {
                for fortran in [false, true] {
                    for shape in shapes {
                        let count = shape.reduce(1, *)
                        let sign: Int64 = dtype.kind == .signed ? -1 : 1
                        let values: [Int64] = (0 ..< count).map { i in
                            let magnitude = Int64(i * 7 % 100)
                            return i % 2 == 0 ? magnitude : magnitude * sign
                        }
                        let type = big ? dtype.swappedToBigEndian : dtype
                        let url = try folder.file("a.npy", NpyWriter.encode(integers: values, shape: shape, dtype: type, fortranOrder: fortran))
                        let array = try NpyArrayRef.open(path: url.path)
                        XCTAssertEqual(array.dtype, type)
                        XCTAssertEqual(try array.integers(), values, "\(type.descr) fortran=\(fortran) \(shape)")
                    }
                }
            }
        }
    }

    func testExtremeIntegersSurviveTheirWidestTypes() throws {
        let folder = try TemporaryFolder()
        let values: [Int64] = [.min, -1, 0, 1, .max]
        let url = try folder.file("a.npy", NpyWriter.encode(integers: values, shape: [5], dtype: .int64))
        XCTAssertEqual(try NpyArrayRef.open(path: url.path).integers(), values)
    }

    func testFloat64KeepsFullPrecisionForIntegerLabels() throws {
        let folder = try TemporaryFolder()
        let url = try folder.file("labels.npy", NpyWriter.encode(floats: [0, 3, 9], shape: [3], dtype: .float64))
        XCTAssertEqual(try NpyArrayRef.open(path: url.path).integers(), [0, 3, 9])
    }

    func testHeaderLongerThanTheFirstReadIsReadWhole() throws {
        // A valid v1 header padded far beyond the 4 kB first read.
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"
        dict += String(repeating: " ", count: 6000 - 10 - dict.utf8.count - 1) + "\n"
        let length = dict.utf8.count
        var bytes = NpyHeader.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(dict.utf8)
        bytes += NpyWriter.encode(floats: [1.5, -2], shape: [2]).suffix(8)
        let folder = try TemporaryFolder()
        let url = try folder.file("long.npy", bytes)
        XCTAssertEqual(try NpyArrayRef.open(path: url.path).floats(), [1.5, -2])
    }

    func testHeaderIsPaddedSoDataStartsOn64ByteBoundary() {
        for shape in [[1], [10, 2048], [40, 10000, 2]] {
            let header = NpyHeader.encode(dtype: .float32, shape: shape, fortranOrder: false)
            XCTAssertEqual(header.count % 64, 0)
            XCTAssertEqual(header.last, 10)
        }
    }
}
