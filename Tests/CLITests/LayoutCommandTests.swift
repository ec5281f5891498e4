import Foundation
import XCTest

final class LayoutCommandTests: XCTestCase {
    private var folder: URL!
    private var run: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder()
        run = try GeneratedRun().write(to: folder.appendingPathComponent("tiny"))
    }

    private func layout(_ extra: [String]) throws -> NMRenderProcess.Result {
        try NMRenderProcess.run(["layout", run.path, "--quiet"] + FastArguments.layout + extra)
    }

    func testOutWritesALayoutsFolderThatInspectReadsAsLayouts() throws {
        let out = folder.appendingPathComponent("layouts")
        XCTAssertEqual(try layout(["--out", out.path, "--no-cache"]).status, 0)
        XCTAssertEqual(try contents(of: out),
                       [".nm-render-output", "block1.npy", "block2.npy", "classes.txt", "epochs.npy", "labels.npy", "layout.json", "metrics.csv"])
        let summary = try jsonObject(try runSucceeding(["inspect", out.path, "--json"]).stdout)
        XCTAssertEqual(summary["kind"] as? String, "layouts")
        XCTAssertEqual(summary["format"] as? String, "layouts-folder")
        XCTAssertEqual((summary["blocks"] as? [[String: Any]])?.compactMap { $0["dimension"] as? Int }, [2, 2])
        XCTAssertEqual(summary["epochs"] as? [Int], [0, 1, 2])
        XCTAssertEqual(summary["sampleCount"] as? Int, 60)
        let parameters = try XCTUnwrap(summary["layoutParameters"] as? [String: String])
        XCTAssertEqual(parameters["n_neighbors"], "5")
        XCTAssertEqual(parameters["n_epochs"], "20")
    }

    func testOutWithEpochsWritesOnlyThoseEpochs() throws {
        let out = folder.appendingPathComponent("layouts")
        XCTAssertEqual(try layout(["--out", out.path, "--no-cache", "--epochs", "1,2"]).status, 0)
        let summary = try jsonObject(try runSucceeding(["inspect", out.path, "--json"]).stdout)
        XCTAssertEqual(summary["epochs"] as? [Int], [1, 2])
    }

    func testBlockOptionLaysOutOnlyThatBlock() throws {
        let out = folder.appendingPathComponent("layouts")
        let result = try layout(["--out", out.path, "--no-cache", "--block", "block2", "--json"])
        XCTAssertEqual(try runReport(result, command: "layout")["cache_misses"] as? Int, 1)
        let summary = try jsonObject(try runSucceeding(["inspect", out.path, "--json"]).stdout)
        XCTAssertEqual((summary["blocks"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["block2"])
    }

    func testOutReplacesAnEarlierLayoutsFolder() throws {
        let out = folder.appendingPathComponent("layouts")
        XCTAssertEqual(try layout(["--out", out.path, "--no-cache"]).status, 0)
        XCTAssertEqual(try layout(["--out", out.path, "--no-cache", "--block", "block1"]).status, 0)
        XCTAssertFalse(try contents(of: out).contains("block2.npy"), "a stale block was left in \(out.path)")
    }

    func testSecondRunWithTheSameCacheIsACacheHit() throws {
        let cache = FastArguments.cache(in: folder)
        let first = try runReport(try layout(cache + ["--json"]), command: "layout")
        XCTAssertEqual(first["cache_misses"] as? Int, 2)
        XCTAssertEqual(first["cache_hits"] as? Int, 0)
        let second = try runReport(try layout(cache + ["--json"]), command: "layout")
        XCTAssertEqual(second["cache_hits"] as? Int, 2)
        XCTAssertEqual(second["cache_misses"] as? Int, 0)
    }

    func testChangedLayoutParameterMissesTheCache() throws {
        let cache = FastArguments.cache(in: folder)
        _ = try layout(cache)
        let changed = try runReport(try layout(cache + ["--seed", "8", "--json"]), command: "layout")
        XCTAssertEqual(changed["cache_hits"] as? Int, 0)
        XCTAssertEqual(changed["cache_misses"] as? Int, 2)
    }

    func testNoCacheComputesAfreshAndWritesNoCache() throws {
        let home = folder.appendingPathComponent("xdg")
        let result = try NMRenderProcess.run(["layout", run.path, "--quiet", "--no-cache", "--json"] + FastArguments.layout,
                                             environment: ["XDG_CACHE_HOME": home.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try runReport(result, command: "layout")
        XCTAssertEqual(report["cache_misses"] as? Int, 2)
        XCTAssertEqual(report["cache_hits"] as? Int, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.path), "--no-cache wrote \(home.path)")
    }

    func testSameSeedGivesIdenticalBytes() throws {
        let a = folder.appendingPathComponent("a"), b = folder.appendingPathComponent("b")
        XCTAssertEqual(try layout(["--no-cache", "--seed", "3", "--out", a.path]).status, 0)
        XCTAssertEqual(try layout(["--no-cache", "--seed", "3", "--out", b.path]).status, 0)
        for block in ["block1.npy", "block2.npy"] {
            XCTAssertEqual(try bytes(a.appendingPathComponent(block)), try bytes(b.appendingPathComponent(block)), block)
        }
    }

    func testDifferentSeedGivesDifferentLayouts() throws {
        let a = folder.appendingPathComponent("a"), b = folder.appendingPathComponent("b")
        XCTAssertEqual(try layout(["--no-cache", "--seed", "3", "--out", a.path]).status, 0)
        XCTAssertEqual(try layout(["--no-cache", "--seed", "4", "--out", b.path]).status, 0)
        XCTAssertNotEqual(try bytes(a.appendingPathComponent("block1.npy")), try bytes(b.appendingPathComponent("block1.npy")))
    }

    func testJSONReportHasCommandVersionOutputsAndStageSeconds() throws {
        let out = folder.appendingPathComponent("layouts")
        let report = try runReport(try layout(["--no-cache", "--json", "--out", out.path]), command: "layout")
        XCTAssertEqual(report["version"] as? String, try runSucceeding(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let outputs = try XCTUnwrap(report["outputs"] as? [[String: Any]])
        XCTAssertEqual(outputs.count, 1)
        XCTAssertEqual(outputs.first?["path"] as? String, out.path)
        XCTAssertEqual(outputs.first?["kind"] as? String, "layouts")
        let total = try contents(of: out).reduce(0) { $0 + (try bytes(out.appendingPathComponent($1)).count) }
        XCTAssertEqual(outputs.first?["bytes"] as? Int, total)
        XCTAssertNotNil((report["stage_seconds"] as? [String: Double])?["layout"])
    }

    func testReadyMadeLayoutsAreWrittenAsALayoutsFolderWithoutRecomputing() throws {
        let sample = try requireSharedData("neuromapper-sample")
        let out = folder.appendingPathComponent("cifar")
        let result = try NMRenderProcess.run(["layout", sample.path, "--out", out.path, "--quiet", "--json", "--no-cache"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try runReport(result, command: "layout")["cache_misses"] as? Int, 0)
        let summary = try jsonObject(try runSucceeding(["inspect", out.path, "--json"]).stdout)
        XCTAssertEqual(summary["format"] as? String, "layouts-folder")
        XCTAssertEqual((summary["blocks"] as? [[String: Any]])?.compactMap { $0["name"] as? String },
                       ["layer1", "layer2", "layer3", "layer4"])
        XCTAssertEqual(summary["epochs"] as? [Int], Array(stride(from: 5, through: 200, by: 5)))
        XCTAssertEqual(summary["sampleCount"] as? Int, 1000)
        XCTAssertEqual((summary["classes"] as? [[String: Any]])?.first?["name"] as? String, "airplane")
    }

    /// The cache only saves time: one that cannot be created is a warning (shown even with
    /// --quiet) suggesting --no-cache, and the layout is still computed.
    func testCacheFolderThatCannotBeCreatedIsAWarningSuggestingNoCache() throws {
        let file = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let cache = file.appendingPathComponent("cache")
        assertWarning(try layout(["--cache", cache.path]), mentioning: [cache.path, "--no-cache"])
    }

    func testMissingOutputFolderIsCannotCreateAndLeavesNothing() throws {
        let out = folder.appendingPathComponent("absent/layouts")
        let result = try layout(["--no-cache", "--out", out.path])
        assertError(result, status: ExitCode.cannotCreate, mentioning: [out.path, "does not exist"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("absent").path))
    }

    func testUnknownBlockIsAUsageErrorListingTheBlocks() throws {
        assertError(try layout(["--no-cache", "--block", "block9"]), status: ExitCode.usage,
                    mentioning: ["block9", "block1, block2"])
    }

    func testOutOfRangeLayoutParameterIsAUsageErrorGivingTheRange() throws {
        assertError(try layout(["--no-cache", "--n-neighbors", "1"]), status: ExitCode.usage,
                    mentioning: ["--n-neighbors", "'1'", "2 to 200"])
    }

    func testNaNInActivationsIsADataErrorNamingTheFile() throws {
        var generated = GeneratedRun()
        generated.nan = (block: "block1", epoch: 2, row: 10, column: 1)
        let bad = try generated.write(to: folder.appendingPathComponent("nan"))
        let result = try NMRenderProcess.run(["layout", bad.path, "--quiet", "--no-cache"] + FastArguments.layout)
        assertError(result, status: ExitCode.dataError, mentioning: ["epoch_002/block1.npy", "row 10", "column 1"])
    }
}
