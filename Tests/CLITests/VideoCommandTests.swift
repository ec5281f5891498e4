import Foundation
import XCTest

final class VideoCommandTests: XCTestCase {
    private var folder: URL!
    private var run: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder()
        run = try GeneratedRun().write(to: folder.appendingPathComponent("tiny"))
    }

    /// `nm-render video RUNS -o OUT` with fast settings and the layout cache in the test folder.
    private func video(_ runs: [URL], to out: URL, _ extra: [String] = []) throws -> NMRenderProcess.Result {
        try NMRenderProcess.run(["video"] + runs.map(\.path) + ["-o", out.path] + FastArguments.video + FastArguments.layout
                                + FastArguments.cache(in: folder) + extra)
    }

    // MARK: outputs

    func testMP4IsH264Yuv420pWithTheReportedFrameCount() throws {
        let out = folder.appendingPathComponent("tiny.mp4")
        let result = try video([run], to: out, ["--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try runReport(result, command: "video")
        XCTAssertEqual(report["frames"] as? Int, 3) // 2 steps x 0.2 s x 5 fps, plus the last epoch
        let probe = try VideoProbe.probe(out)
        XCTAssertEqual(probe.codec, "h264")
        XCTAssertEqual(probe.pixelFormat, "yuv420p")
        XCTAssertEqual(probe.width, 320)
        XCTAssertEqual(probe.height, 180)
        XCTAssertEqual(probe.frames, 3)
    }

    func testMaxSizeReportsTheSizeAndQualityInJSON() throws {
        let out = folder.appendingPathComponent("capped.mp4")
        let result = try video([run], to: out, ["--max-size", "40kB", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try runReport(result, command: "video")
        XCTAssertEqual(report["size_limit_bytes"] as? Int, 40_000)
        let bytes = try XCTUnwrap((report["outputs"] as? [[String: Any]])?.first?["bytes"] as? Int)
        XCTAssertLessThanOrEqual(bytes, 40_000)
        let quality = try XCTUnwrap(report["quality"] as? [String: Any])
        XCTAssertEqual(quality["frames"] as? Int, 3)
        let ssim = try XCTUnwrap(quality["ssim"] as? Double)
        XCTAssertGreaterThan(ssim, 0.5)
        XCTAssertLessThanOrEqual(ssim, 1)
        XCTAssertNotNil(quality["psnr"] as? Double)
    }

    func testQualityIsNotMeasuredUnlessAsked() throws {
        let out = folder.appendingPathComponent("plain.mp4")
        let result = try video([run], to: out, ["--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try runReport(result, command: "video")
        XCTAssertTrue(report["quality"] is NSNull, "\(report)")
        let asked = try video([run], to: folder.appendingPathComponent("asked.mp4"), ["--report-quality", "--json"])
        XCTAssertNotNil(try runReport(asked, command: "video")["quality"] as? [String: Any])
    }

    func testMaxSizeOnAGIFIsAUsageError() throws {
        let out = folder.appendingPathComponent("x.gif")
        let result = try video([run], to: out, ["--max-size", "10MB"])
        assertError(result, status: ExitCode.usage, mentioning: ["--max-size", "x.gif"])
    }

    func testNeuroMapperSampleRendersToMP4WithoutComputingLayouts() throws {
        let sample = try requireSharedData("neuromapper-sample")
        let out = folder.appendingPathComponent("nm.mp4")
        let result = try video([sample], to: out, ["--epochs", "5:15", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try runReport(result, command: "video")
        XCTAssertEqual(report["cache_misses"] as? Int, 0, "ready 2D layouts must not be recomputed")
        XCTAssertEqual(report["frames"] as? Int, 3)
        let probe = try VideoProbe.probe(out)
        XCTAssertEqual(probe.codec, "h264")
        XCTAssertEqual(probe.frames, 3)
    }

    func testGIFIsAcceptedByFFprobeWithTheReportedFrameCount() throws {
        let out = folder.appendingPathComponent("tiny.gif")
        // A .gif starts from the readme-gif preset, whose `duration` the flag replaces.
        let result = try NMRenderProcess.run(["video", run.path, "-o", out.path, "--size", "320x180", "--fps", "5",
                                              "--duration", "1", "--hold", "0", "--quiet", "--json"]
                                             + FastArguments.layout + FastArguments.cache(in: folder))
        XCTAssertEqual(result.status, 0, result.stderr)
        let frames = try XCTUnwrap(try runReport(result, command: "video")["frames"] as? Int)
        XCTAssertEqual(frames, 6) // 1 s at 5 fps, plus the last epoch
        let probe = try VideoProbe.probe(out)
        XCTAssertEqual(probe.codec, "gif")
        XCTAssertEqual(probe.width, 320)
        XCTAssertEqual(probe.frames, frames)
    }

    func testGIFOfAHundredClassesFitsItsPaletteAndPlays() throws {
        // 100 classes give more class colours and blends than a GIF palette holds.
        let many = try GeneratedRun(sampleCount: 100, classNames: (0 ..< 100).map { "c\($0)" })
            .write(to: folder.appendingPathComponent("many"))
        let out = folder.appendingPathComponent("many.gif")
        let result = try NMRenderProcess.run(["video", many.path, "-o", out.path, "--size", "160x90", "--fps", "5",
                                              "--duration", "1", "--hold", "0", "--quiet"]
                                             + FastArguments.layout + FastArguments.cache(in: folder))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try VideoProbe.probe(out).codec, "gif")
    }

    func testWebMIsVP9WithTheReportedFrameCount() throws {
        let out = folder.appendingPathComponent("tiny.webm")
        let result = try video([run], to: out, ["--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual((try runReport(result, command: "video")["outputs"] as? [[String: Any]])?.first?["kind"] as? String, "webm")
        let probe = try VideoProbe.probe(out)
        XCTAssertEqual(probe.codec, "vp9")
        XCTAssertEqual(probe.frames, 3)
    }

    func testFolderOutputIsAPNGSequenceNumberedFromOne() throws {
        let out = folder.appendingPathComponent("frames")
        let result = try video([run], to: out, ["--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try runReport(result, command: "video")
        XCTAssertEqual(report["frames"] as? Int, 3)
        XCTAssertEqual((report["outputs"] as? [[String: Any]])?.first?["kind"] as? String, "png-sequence")
        XCTAssertEqual(try contents(of: out), [".nm-render-output", "frame_000001.png", "frame_000002.png", "frame_000003.png"])
        for name in try contents(of: out) where !name.hasPrefix(".") {
            XCTAssertTrue([UInt8](try bytes(out.appendingPathComponent(name))).starts(with: PNGTextChunks.signature), name)
        }
    }

    func testPNGSequenceReplacesAnOlderLongerSequenceInTheSameFolder() throws {
        let out = folder.appendingPathComponent("frames")
        XCTAssertEqual(try video([run], to: out, ["--seconds-per-epoch", "1"]).status, 0) // 11 frames
        XCTAssertEqual(try contents(of: out).count, 12, "11 frames and the marker")
        XCTAssertEqual(try video([run], to: out).status, 0)
        XCTAssertEqual(try contents(of: out), [".nm-render-output", "frame_000001.png", "frame_000002.png", "frame_000003.png"])
    }

    func testJSONReportHasEveryDocumentedKeyAndTheOutputSize() throws {
        let out = folder.appendingPathComponent("tiny.mp4")
        let result = try video([run], to: out, ["--json"])
        let report = try runReport(result, command: "video")
        XCTAssertEqual(Set(report.keys), runReportKeys)
        XCTAssertEqual(report["duration_seconds"] as? Double ?? 0, 0.6, accuracy: 1e-9)
        let output = try XCTUnwrap((report["outputs"] as? [[String: Any]])?.first)
        XCTAssertEqual(output["path"] as? String, out.path)
        XCTAssertEqual(output["kind"] as? String, "mp4")
        XCTAssertEqual(output["bytes"] as? Int, try bytes(out).count)
        let stages = try XCTUnwrap(report["stage_seconds"] as? [String: Double])
        XCTAssertEqual(Set(stages.keys), ["layout", "render"])
    }

    func testTwoRunsAreLaidOutAndRenderedSideBySide() throws {
        var other = GeneratedRun()
        other.seed = 8
        let second = try other.write(to: folder.appendingPathComponent("second"))
        let out = folder.appendingPathComponent("both.mp4")
        let result = try video([run, second], to: out, ["--json", "--no-cache"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try runReport(result, command: "video")
        XCTAssertEqual(report["cache_misses"] as? Int, 2, "two blocks, each laid out for both runs together")
        XCTAssertEqual(try VideoProbe.probe(out).frames, 3)
        let apart = try runReport(try video([run, second], to: out, ["--json", "--no-cache", "--independent-runs"]), command: "video")
        XCTAssertEqual(apart["cache_misses"] as? Int, 4, "two runs x two blocks")
    }

    func testRunsWithDifferentSamplesCannotBeComparedSideBySide() throws {
        var other = GeneratedRun()
        other.sampleCount = 45
        let second = try other.write(to: folder.appendingPathComponent("second"))
        let result = try video([run, second], to: folder.appendingPathComponent("both.mp4"))
        assertError(result, status: ExitCode.dataError, mentioning: [second.path, "same samples"])
    }

    /// The same mistake as an --epochs the first run lacks, so the same exit code (64).
    func testRunMissingAnEpochOfTheFirstRunIsAUsageErrorSuggestingEpochs() throws {
        var shorter = GeneratedRun()
        shorter.epochs = [0, 1]
        let second = try shorter.write(to: folder.appendingPathComponent("short"))
        let result = try video([run, second], to: folder.appendingPathComponent("both.mp4"))
        assertError(result, status: ExitCode.usage, mentioning: [second.path, "epoch 2", "saved epochs: 0, 1 (2)", "--epochs"])
    }

    func testTrackAutoDrawsTracksOverTheFrames() throws {
        let plain = folder.appendingPathComponent("plain"), tracked = folder.appendingPathComponent("tracked")
        XCTAssertEqual(try video([run], to: plain).status, 0)
        let result = try video([run], to: tracked, ["--track", "auto:2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try contents(of: tracked), try contents(of: plain))
        XCTAssertNotEqual(try bytes(tracked.appendingPathComponent("frame_000003.png")),
                          try bytes(plain.appendingPathComponent("frame_000003.png")))
    }

    func testQuietPrintsNothingOnStderrAndOtherwiseSaysWhatWasWritten() throws {
        let out = folder.appendingPathComponent("tiny.mp4")
        XCTAssertEqual(try video([run], to: out).stderr, "")
        let loud = try NMRenderProcess.run(["video", run.path, "-o", out.path, "--size", "320x180", "--fps", "5",
                                            "--seconds-per-epoch", "0.2", "--hold", "0"]
                                           + FastArguments.layout + FastArguments.cache(in: folder))
        XCTAssertEqual(loud.status, 0, loud.stderr)
        XCTAssertTrue(loud.stderr.contains("wrote \(out.path)"), loud.stderr)
        XCTAssertEqual(loud.stdout, "")
    }

    func testInterruptExits130AndRemovesThePartialOutput() throws {
        let sample = try requireSharedData("neuromapper-sample")
        let out = folder.appendingPathComponent("long.mp4")
        let process = Process()
        process.executableURL = NMRenderProcess.executable
        // 661 frames: seconds of rendering even in a fast build, so Ctrl-C lands mid-render.
        process.arguments = ["video", sample.path, "-o", out.path, "--size", "320x180", "--fps", "30", "--no-cache"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait for the render stage's first progress line (printed at once when not a terminal).
        var stderr = ""
        while !stderr.contains("render long.mp4") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break } // end of file: the process has ended
            stderr += String(decoding: chunk, as: UTF8.self)
        }
        process.interrupt()
        stderr += String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130, stderr)
        XCTAssertTrue(stderr.contains("interrupted (SIGINT); partial output removed"), stderr)
        XCTAssertEqual(try contents(of: folder), ["tiny"], "partial output left behind")
    }

    // MARK: bad flags and outputs

    func testUnknownExtensionIsAUsageErrorListingTheFormats() throws {
        let result = try video([run], to: folder.appendingPathComponent("tiny.avi"))
        assertError(result, status: ExitCode.usage, mentioning: [".avi", ".mp4", ".gif", "folder"])
    }

    func testOddSizeForMP4IsAUsageErrorSuggestingAnEvenSize() throws {
        let out = folder.appendingPathComponent("tiny.mp4")
        let result = try video([run], to: out, ["--size", "321x181"])
        assertError(result, status: ExitCode.usage, mentioning: ["321x181", "even", "320x180"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    func testMissingOutputFolderIsCannotCreateAndLeavesNoFileBehind() throws {
        let out = folder.appendingPathComponent("absent/tiny.mp4")
        let result = try video([run], to: out)
        assertError(result, status: ExitCode.cannotCreate, mentioning: [out.path, "does not exist"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("absent").path))
        XCTAssertEqual(try contents(of: folder).filter { $0.hasSuffix(".mp4") || $0.hasPrefix(".") }, [])
    }

    func testUnparsableEpochsIsAUsageErrorShowingTheForms() throws {
        let result = try video([run], to: folder.appendingPathComponent("tiny.mp4"), ["--epochs", "ten"])
        assertError(result, status: ExitCode.usage, mentioning: ["--epochs", "'ten'", "10:200"])
    }

    func testEpochRangeSelectingNothingIsAUsageErrorListingTheSavedEpochs() throws {
        let result = try video([run], to: folder.appendingPathComponent("tiny.mp4"), ["--epochs", "7:9"])
        assertError(result, status: ExitCode.usage, mentioning: ["7:9", "saved epochs: 0..2 (3)"])
    }

    func testEpochThatWasNotSavedIsAUsageError() throws {
        let result = try video([run], to: folder.appendingPathComponent("tiny.mp4"), ["--epochs", "0,5"])
        assertError(result, status: ExitCode.usage, mentioning: ["epoch 5", "saved epochs: 0..2 (3)"])
    }

    func testUnknownThemeIsAUsageErrorListingTheThemes() throws {
        let result = try video([run], to: folder.appendingPathComponent("tiny.mp4"), ["--theme", "neon"])
        assertError(result, status: ExitCode.usage, mentioning: ["--theme", "'neon'", "light, dark, paper"])
    }

    func testUnknownBlockIsAUsageErrorListingTheBlocks() throws {
        let result = try video([run], to: folder.appendingPathComponent("tiny.mp4"), ["--blocks", "block1,block9"])
        assertError(result, status: ExitCode.usage, mentioning: ["block9", "block1, block2"])
    }

    func testUnknownClassIsAUsageErrorListingTheClasses() throws {
        let result = try video([run], to: folder.appendingPathComponent("tiny.mp4"), ["--classes", "bird"])
        assertError(result, status: ExitCode.usage, mentioning: ["bird", "cat, dog, fox"])
    }

    func testUnknownMetricsColumnIsAUsageErrorListingTheColumns() throws {
        let result = try video([run], to: folder.appendingPathComponent("tiny.mp4"), ["--metrics", "loss"])
        assertError(result, status: ExitCode.usage, mentioning: ["'loss'", "val_acc"])
    }

    func testTrackingAnUnknownIdIsAUsageError() throws {
        let result = try video([run], to: folder.appendingPathComponent("tiny.mp4"), ["--track", "999"])
        assertError(result, status: ExitCode.usage, mentioning: ["--track", "'999'"])
    }

    func testMissingRunFolderIsAUsageErrorNamingIt() throws {
        let missing = folder.appendingPathComponent("no-such-run")
        let result = try video([missing], to: folder.appendingPathComponent("tiny.mp4"))
        assertError(result, status: ExitCode.usage, mentioning: [missing.path])
    }

    func testNaNInActivationsIsADataErrorAndWritesNothing() throws {
        var generated = GeneratedRun()
        generated.nan = (block: "block2", epoch: 1, row: 4, column: 3)
        let bad = try generated.write(to: folder.appendingPathComponent("nan"))
        let out = folder.appendingPathComponent("nan.mp4")
        let result = try video([bad], to: out, ["--no-cache"])
        assertError(result, status: ExitCode.dataError, mentioning: ["epoch_001/block2.npy", "row 4", "column 3"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    func testUnknownFlagIsAnArgumentParserUsageError() throws {
        let result = try video([run], to: folder.appendingPathComponent("tiny.mp4"), ["--framerate", "5"])
        assertArgumentError(result, mentioning: "--framerate")
    }

    func testMissingOutputIsAnArgumentParserUsageError() throws {
        assertArgumentError(try NMRenderProcess.run(["video", run.path]), mentioning: "--output")
    }
}
