import Foundation
import XCTest

/// Presets, `--config` files and flags: precedence preset < config < flag, observed through the
/// frame count (`duration` x `fps` + the last frame) in the `--json` report, and their errors.
final class SettingsPrecedenceTests: XCTestCase {
    private var folder: URL!
    private var run: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder()
        run = try GeneratedRun().write(to: folder.appendingPathComponent("tiny"))
    }

    private func config(_ text: String) throws -> URL {
        let url = folder.appendingPathComponent("settings-\(UUID().uuidString).conf")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Frames of an MP4 of the tiny run rendered with `extra` settings.
    private func frames(_ extra: [String]) throws -> Int? {
        let result = try NMRenderProcess.run(["video", run.path, "-o", folder.appendingPathComponent("out.mp4").path,
                                              "--size", "320x180", "--quiet", "--json"]
                                             + FastArguments.layout + FastArguments.cache(in: folder) + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try runReport(result, command: "video")["frames"] as? Int
    }

    func testPresetSetsTheVideoTiming() throws {
        // readme-gif: fps 15, duration 8 s.
        XCTAssertEqual(try frames(["--preset", "readme-gif"]), 8 * 15 + 1)
    }

    func testConfigFileOverridesThePreset() throws {
        let file = try config("# slower\nfps = 10\n")
        XCTAssertEqual(try frames(["--preset", "readme-gif", "--config", file.path]), 8 * 10 + 1)
    }

    func testFlagOverridesTheConfigFile() throws {
        let file = try config("fps = 10\n")
        XCTAssertEqual(try frames(["--preset", "readme-gif", "--config", file.path, "--fps", "5"]), 8 * 5 + 1)
    }

    func testConfigFileAcceptsCommentsBlankLinesAndQuotedValues() throws {
        let file = try config("# description: a test\n\nfps = 5\n  duration = \"2\"  \n\n# no holds\nhold = 0\ntitle = \"a = b\"\n")
        XCTAssertEqual(try frames(["--config", file.path]), 2 * 5 + 1)
    }

    func testUnknownKeyInAConfigFileIsAUsageErrorWithFileLineAndTheValidKeys() throws {
        let file = try config("# mine\nfps = 10\nframerate = 12\n")
        let result = try NMRenderProcess.run(["video", run.path, "-o", folder.appendingPathComponent("out.mp4").path,
                                              "--config", file.path])
        assertError(result, status: ExitCode.usage,
                    mentioning: ["\(file.path):3", "'framerate'", "valid settings: size, fps, seconds-per-epoch"])
    }

    func testBadValueInAConfigFileIsAUsageErrorGivingTheRange() throws {
        let file = try config("fps = 500\n")
        let result = try NMRenderProcess.run(["strip", run.path, "-o", folder.appendingPathComponent("out.png").path,
                                              "--config", file.path])
        assertError(result, status: ExitCode.usage, mentioning: ["\(file.path):1", "'500'", "fps", "1 to 120"])
    }

    func testLineWithoutEqualsSignIsAUsageErrorQuotingTheLine() throws {
        let file = try config("fps 10\n")
        let result = try NMRenderProcess.run(["layout", run.path, "--config", file.path, "--no-cache"])
        assertError(result, status: ExitCode.usage, mentioning: ["\(file.path):1", "'fps 10'", "key = value"])
    }

    func testMissingConfigFileIsAUsageErrorNamingIt() throws {
        let missing = folder.appendingPathComponent("absent.conf")
        let result = try NMRenderProcess.run(["video", run.path, "-o", folder.appendingPathComponent("out.mp4").path,
                                              "--config", missing.path])
        assertError(result, status: ExitCode.usage, mentioning: [missing.path])
    }

    func testUnknownPresetIsAUsageErrorListingThePresets() throws {
        let result = try NMRenderProcess.run(["video", run.path, "-o", folder.appendingPathComponent("out.mp4").path,
                                              "--preset", "talk-8k"])
        assertError(result, status: ExitCode.usage, mentioning: ["'talk-8k'", "readme-gif", "talk-1080p"])
    }

    func testBadFlagValueNamesTheFlagAndTheRange() throws {
        let result = try NMRenderProcess.run(["video", run.path, "-o", folder.appendingPathComponent("out.mp4").path,
                                              "--fps", "0"])
        assertError(result, status: ExitCode.usage, mentioning: ["--fps", "'0'", "1 to 120"])
    }
}
