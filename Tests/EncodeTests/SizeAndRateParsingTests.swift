import Encode
import SettingSchema
import XCTest

/// Sizes are read as upload limits state them (decimal), bit rates as codecs count them.
final class SizeAndRateParsingTests: XCTestCase {
    func testMegabytesAreDecimal() {
        XCTAssertEqual(ByteSize(parsing: "10MB")?.bytes, 10_000_000)
        XCTAssertEqual(ByteSize(parsing: "10 mb")?.bytes, 10_000_000)
        XCTAssertEqual(ByteSize(parsing: "500kB")?.bytes, 500_000)
        XCTAssertEqual(ByteSize(parsing: "1.5GB")?.bytes, 1_500_000_000)
        XCTAssertEqual(ByteSize(parsing: "9.5M")?.bytes, 9_500_000)
    }

    func testBinaryUnitsAreAcceptedWhenNamed() {
        XCTAssertEqual(ByteSize(parsing: "10MiB")?.bytes, 10_485_760)
        XCTAssertEqual(ByteSize(parsing: "64KiB")?.bytes, 65_536)
        XCTAssertEqual(ByteSize(parsing: "1GiB")?.bytes, 1_073_741_824)
    }

    func testPlainNumbersAreBytes() {
        XCTAssertEqual(ByteSize(parsing: "2500000")?.bytes, 2_500_000)
        XCTAssertEqual(ByteSize(parsing: "2500000B")?.bytes, 2_500_000)
    }

    func testNonSizesAreRejected() {
        for text in ["", "ten MB", "-1MB", "0", "0MB", "10XB", "MB", "2TB"] {
            XCTAssertNil(ByteSize(parsing: text), text)
        }
    }

    func testSizesPrintAsTheyWereMeant() {
        XCTAssertEqual(ByteSize(bytes: 10_000_000).description, "10MB")
        XCTAssertEqual(ByteSize(bytes: 10_485_760).description, "10MiB")
        XCTAssertEqual(ByteSize(bytes: 1234).description, "1234B")
    }

    func testMaxSizeSettingTakesSizesOrNone() throws {
        let domain = VideoSettings.Setting.maxSize.domain
        XCTAssertEqual(try domain.parse("10MB"), ByteSize(bytes: 10_000_000))
        XCTAssertNil(try domain.parse("none"))
        XCTAssertThrowsError(try domain.parse("big"))
        XCTAssertNil(VideoSettings.Setting.maxSize.defaultValue, "no size limit unless asked")
    }

    func testBitRatesAreDecimal() {
        XCTAssertEqual(BitRate(parsing: "10M")?.bitsPerSecond, 10_000_000)
        XCTAssertEqual(BitRate(parsing: "10Mbit/s")?.bitsPerSecond, 10_000_000)
        XCTAssertEqual(BitRate(parsing: "10 Mbps")?.bitsPerSecond, 10_000_000)
        XCTAssertEqual(BitRate(parsing: "2500k")?.bitsPerSecond, 2_500_000)
        XCTAssertEqual(BitRate(parsing: "800000")?.bitsPerSecond, 800_000)
        for text in ["", "fast", "-3M", "5", "20G"] { XCTAssertNil(BitRate(parsing: text), text) }
    }

    func testMaxBitrateSettingTakesARateAutoOrNone() throws {
        let domain = VideoSettings.Setting.maxBitrate.domain
        XCTAssertEqual(try domain.parse("8M"), .rate(BitRate(bitsPerSecond: 8_000_000)))
        XCTAssertEqual(try domain.parse("auto"), .auto)
        XCTAssertEqual(try domain.parse("none"), BitRateCap.none)
        XCTAssertThrowsError(try domain.parse("lots"))
        XCTAssertEqual(VideoSettings.Setting.maxBitrate.defaultValue, .none)
        XCTAssertEqual(domain.format(.rate(BitRate(bitsPerSecond: 8_000_000))), "8Mbit/s")
    }
}
