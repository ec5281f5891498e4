import Foundation
import XCTest
@testable import Runs

/// DecimalNumber gives exactly what strtod gives, or leaves the cell to strtod.
final class DecimalNumberTests: XCTestCase {
    func strtodValue(_ text: String) -> Double {
        text.withCString { strtod($0, nil) }
    }

    func parsed<T>(_ text: String, _ parse: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        Array(text.utf8).withUnsafeBufferPointer { parse($0) }
    }

    func testNumPySavetxtCellsReadAsStrtodRoundedToFloatAndMostlyWithoutIt() throws {
        var generator = SystemRandomNumberGenerator()
        var quick = 0
        for _ in 0 ..< 20_000 {
            let value = Float(Double.random(in: -30 ... 30, using: &generator))
            let text = String(format: "%.18e", Double(value))
            let expected = Float(strtodValue(text))
            if let float = parsed(text, DecimalNumber.float) {
                XCTAssertEqual(float.bitPattern, expected.bitPattern, text)
                quick += 1
            }
        }
        XCTAssertGreaterThan(quick, 19_900, "float32 values written by savetxt take the quick path")
    }

    func testArbitraryDecimalsAreEitherExactOrLeftToStrtod() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0 ..< 20_000 {
            let digits = Int.random(in: 1 ... 21, using: &generator)
            let mantissa = String((0 ..< digits).map { _ in "0123456789".randomElement(using: &generator)! })
            let point = Int.random(in: 0 ... digits, using: &generator)
            let exponent = Int.random(in: -45 ... 45, using: &generator)
            let text = (Bool.random(using: &generator) ? "-" : "") + mantissa.prefix(point) + "." + mantissa.dropFirst(point)
                + "e\(exponent)"
            let expected = strtodValue(text)
            if let double = parsed(text, DecimalNumber.double) {
                XCTAssertEqual(double.bitPattern, expected.bitPattern, text)
            }
            if let float = parsed(text, DecimalNumber.float) {
                XCTAssertEqual(float.bitPattern, Float(expected).bitPattern, text)
            }
        }
    }

    func testLabelsWrittenAsFloatsAreExactDoubles() {
        XCTAssertEqual(parsed("8.000000000000000000e+00", DecimalNumber.double), 8)
        XCTAssertEqual(parsed("-0", DecimalNumber.double)?.sign, .minus)
        XCTAssertEqual(parsed("0.25", DecimalNumber.double), 0.25)
        XCTAssertEqual(parsed("5.", DecimalNumber.double), 5)
    }

    func testOtherTextIsLeftToStrtod() {
        for text in ["", "-", ".", "e5", "1e", "1e+", "nan", "inf", "0x1p3", "1,2", " 1", "1 ", "1.2.3", "12345678901234567890"] {
            XCTAssertNil(parsed(text, DecimalNumber.double), text)
            XCTAssertNil(parsed(text, DecimalNumber.float), text)
        }
    }
}
