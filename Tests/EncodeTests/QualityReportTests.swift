import Encode
import Foundation
import XCTest

/// The quality report scores what a player shows against what was drawn.
final class QualityReportTests: XCTestCase {
    private var scratch: ScratchFolder!
    private let scene = SyntheticScene(width: 320, height: 180)

    override func setUpWithError() throws { scratch = try ScratchFolder(name) }
    override func tearDown() { scratch.remove() }

    private func encode(crf: Int, measure: Bool = true, container: VideoContainer = .mp4) throws -> VideoFileSink {
        let file = scratch.file("clip-\(crf).\(container == .webm ? "webm" : "mp4")")
        let settings = VideoSettings(fps: 24, crf: crf, maxBitrate: .none, measuresQuality: measure)
        let sink = try VideoFileSink(destination: file, width: scene.width, height: scene.height, settings: settings, container: container)
        try scene.encode(24, to: sink)
        return sink
    }

    func testEveryFrameIsScoredAndNearlyLosslessAtLowCRF() throws {
        let quality = try XCTUnwrap(try encode(crf: 4).quality)
        XCTAssertEqual(quality.frames, 24)
        XCTAssertGreaterThan(quality.ssim, 0.99)
        XCTAssertGreaterThan(quality.ssimY, 0.99)
        XCTAssertGreaterThan(quality.psnr, 45)
        XCTAssertLessThanOrEqual(quality.ssim, 1)
    }

    func testCoarserQuantisationScoresLower() throws {
        let fine = try XCTUnwrap(try encode(crf: 18).quality), coarse = try XCTUnwrap(try encode(crf: 48).quality)
        XCTAssertLessThan(coarse.ssim, fine.ssim)
        XCTAssertLessThan(coarse.psnr, fine.psnr - 5)
    }

    func testMatchesFFmpegsSSIMFilterAgainstTheSourceFrames() throws {
        // Same frames in yuv420p through the sink's own conversion: a lossless H.264 file (CRF 0)
        // decodes to exactly them, so ffmpeg's ssim filter between it and the lossy file is the
        // reference for the meter's figure.
        let lossless = try encode(crf: 0, measure: false)
        let lossy = try encode(crf: 40)
        let reported = try XCTUnwrap(lossy.quality)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-hide_banner", "-nostats", "-i", lossy.destination.path, "-i", lossless.destination.path,
                             "-lavfi", "ssim", "-f", "null", "-"]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { throw XCTSkip("the ffmpeg program is not installed") }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let all = try XCTUnwrap(text.range(of: #"All:([0-9.]+)"#, options: .regularExpression).map { Double(text[$0].dropFirst(4))! }, text)
        let y = try XCTUnwrap(text.range(of: #" Y:([0-9.]+)"#, options: .regularExpression).map { Double(text[$0].dropFirst(3))! }, text)
        XCTAssertEqual(reported.ssim, all, accuracy: 0.0005)
        XCTAssertEqual(reported.ssimY, y, accuracy: 0.0005)
    }

    func testNothingIsMeasuredUnlessAsked() throws {
        XCTAssertNil(try encode(crf: 20, measure: false).quality)
    }

    func testReportEncodesWithSnakeCaseKeys() throws {
        let data = try JSONEncoder().encode(QualityReport(frames: 3, ssim: 0.97, ssimY: 0.96, psnr: 38.5))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["frames", "ssim", "ssim_y", "psnr"])
    }
}
