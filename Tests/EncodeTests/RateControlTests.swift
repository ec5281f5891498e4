import Encode
import XCTest

/// Capped CRF: the cap follows the frame size, and a size limit becomes a rate whose worst case fits.
final class RateControlTests: XCTestCase {
    func testAutoCapIsTenMegabitsAt1080p30AndScalesWithPixelsPerSecond() {
        XCTAssertEqual(Double(BitRateCap.auto.bitsPerSecond(width: 1920, height: 1080, fps: 30)!), 10_000_000, accuracy: 1)
        XCTAssertEqual(Double(BitRateCap.auto.bitsPerSecond(width: 3840, height: 2160, fps: 30)!), 40_000_000, accuracy: 4)
        XCTAssertEqual(Double(BitRateCap.auto.bitsPerSecond(width: 1920, height: 1080, fps: 15)!), 5_000_000, accuracy: 1)
        XCTAssertNil(BitRateCap.none.bitsPerSecond(width: 1920, height: 1080, fps: 30))
    }

    func testNoCapAndNoLimitIsPlainCRF() throws {
        let rc = try RateControl.make(crf: 20, cap: .none, sizeLimit: nil, width: 1920, height: 1080, fps: 30, frameCount: 900, path: "v.mp4")
        XCTAssertEqual(rc.crf, 20)
        XCTAssertNil(rc.maxBitsPerSecond)
        XCTAssertNil(rc.bufferBits)
    }

    func testBufferHoldsOneSecondAtTheCap() throws {
        let rc = try RateControl.make(crf: 20, cap: .rate(BitRate(bitsPerSecond: 6_000_000)), sizeLimit: nil,
                                      width: 1280, height: 720, fps: 30, frameCount: 300, path: "v.mp4")
        XCTAssertEqual(rc.maxBitsPerSecond, 6_000_000)
        XCTAssertEqual(rc.bufferBits, 6_000_000)
    }

    func testSizeLimitGivesARateWhoseWorstCaseFits() throws {
        let limit = ByteSize(bytes: 10_000_000)
        let rc = try RateControl.make(crf: 20, cap: .none, sizeLimit: limit, width: 1920, height: 1080, fps: 30, frameCount: 900, path: "v.mp4")
        let rate = Double(try XCTUnwrap(rc.maxBitsPerSecond)), buffer = Double(try XCTUnwrap(rc.bufferBits))
        // The VBV bounds 30 s of video by 0.9 x buffer + 30 s x rate.
        let worstBytes = (0.9 * buffer + 30 * rate) / 8
        XCTAssertLessThan(worstBytes, 10_000_000 - 900 * 20, "room is left for the container")
        XCTAssertGreaterThan(worstBytes, 0.9 * 10_000_000, "most of the limit goes to the picture")
        XCTAssertEqual(rc.sizeLimit, limit)
    }

    func testTheTighterOfCapAndSizeLimitWins() throws {
        let loose = try RateControl.make(crf: 20, cap: .auto, sizeLimit: ByteSize(bytes: 1_000_000_000), width: 1920, height: 1080,
                                         fps: 30, frameCount: 900, path: "v.mp4")
        XCTAssertEqual(Double(try XCTUnwrap(loose.maxBitsPerSecond)), 10_000_000, accuracy: 1)
        let tight = try RateControl.make(crf: 20, cap: .auto, sizeLimit: ByteSize(bytes: 1_000_000), width: 1920, height: 1080,
                                         fps: 30, frameCount: 900, path: "v.mp4")
        XCTAssertLessThan(try XCTUnwrap(tight.maxBitsPerSecond), 300_000)
    }

    func testALimitTooSmallForTheDurationIsRefused() {
        XCTAssertThrowsError(try RateControl.make(crf: 20, cap: .none, sizeLimit: ByteSize(bytes: 20_000), width: 640, height: 360,
                                                  fps: 30, frameCount: 900, path: "v.mp4")) { error in
            guard case EncodeError.sizeLimitTooSmall = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("--max-size"), "\(error)")
        }
    }
}
