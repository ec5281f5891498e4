import CHalfFloats
import XCTest
import LayoutModel
@testable import Runs

final class HalfFloatTests: XCTestCase {
    func testEveryHalfConvertsExactlyLikeTheHardwareType() {
        #if arch(x86_64) || arch(arm64)
        for bits in 0 ... UInt16.max {
            let mine = HalfFloat.toFloat(bits)
            let reference = Float(Float16(bitPattern: bits))
            if reference.isNaN {
                XCTAssertTrue(mine.isNaN, "bits \(bits)")
            } else {
                XCTAssertEqual(mine.bitPattern, reference.bitPattern, "bits \(bits)")
            }
        }
        #endif
    }

    func testConvertingABufferGivesEachHalfsValueWhateverItsLength() {
        // `convert` takes F16C where the CPU has it, eight at a time plus a tail: every bit
        // pattern, in buffers of lengths around multiples of eight.
        let all = (0 ... UInt16.max).map { $0 }
        for length in [1, 7, 8, 9, 65_536] {
            for start in stride(from: 0, to: all.count, by: max(length, 4099)) {
                let part = Array(all[start ..< min(all.count, start + length)])
                var out = [Float](repeating: 0, count: part.count)
                part.withUnsafeBytes { raw in
                    out.withUnsafeMutableBufferPointer { HalfFloat.convert(raw, into: $0, bigEndian: false) }
                }
                for (h, v) in zip(part, out) {
                    let expected = HalfFloat.toFloat(h)
                    if expected.isNaN {
                        XCTAssertTrue(v.isNaN, "bits \(h)")
                    } else {
                        XCTAssertEqual(v.bitPattern, expected.bitPattern, "bits \(h), length \(length)")
                    }
                }
            }
        }
    }

    func testThePortableCConversionGivesEveryHalfsValue() {
        // The fallback of `nm_half_to_float` on CPUs without F16C (used by the layout engine too).
        let all = (0 ... UInt16.max).map { $0 }
        var out = [Float](repeating: 0, count: all.count)
        nm_half_to_float_portable(all, all.count, &out)
        for (h, v) in zip(all, out) {
            let expected = HalfFloat.toFloat(h)
            if expected.isNaN {
                XCTAssertTrue(v.isNaN, "bits \(h)")
            } else {
                XCTAssertEqual(v.bitPattern, expected.bitPattern, "bits \(h)")
            }
        }
    }

    func testEveryFiniteHalfSurvivesFloatAndBack() {
        for bits in 0 ... UInt16.max where bits & 0x7C00 != 0x7C00 {
            XCTAssertEqual(HalfFloat.fromFloat(HalfFloat.toFloat(bits)), bits)
        }
    }

    func testFloatToHalfRoundsToNearestEvenAndOverflowsToInfinity() {
        #if arch(x86_64) || arch(arm64)
        let samples: [Float] = [0.1, 1.0 / 3, 65504, 65519.99, 65520, 1e9, -1e9, 6e-8, 3e-8, 2.9802322e-8, 1e-10,
                                1 + 1.0 / 2048, 1 + 3.0 / 2048, .infinity, -.infinity, -0.0]
        for value in samples {
            XCTAssertEqual(HalfFloat.fromFloat(value), Float16(value).bitPattern, "\(value)")
        }
        // A deterministic sweep over float32 bit patterns (a prime step touches every exponent).
        for pattern in stride(from: UInt32(0), to: .max - 65_521, by: 65_521) {
            let value = Float(bitPattern: pattern)
            guard !value.isNaN else { continue }
            XCTAssertEqual(HalfFloat.fromFloat(value), Float16(value).bitPattern, "\(value)")
        }
        #endif
        XCTAssertTrue(HalfFloat.toFloat(HalfFloat.fromFloat(.nan)).isNaN)
    }
}
