import Foundation
import XCTest

/// `nm-render layout RUN1 RUN2 … [--out DIR]`: runs of the same samples laid out together, one
/// layouts folder per run under DIR.
final class LayoutCommandRunsTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder()
    }

    private func layout(_ runs: [URL], _ extra: [String]) throws -> NMRenderProcess.Result {
        try NMRenderProcess.run(["layout"] + runs.map(\.path) + ["--quiet"] + FastArguments.layout + extra)
    }

    func testOutGetsOneLayoutsFolderPerRunNamedByRunName() throws {
        let well = try GeneratedRun(seed: 7).write(to: folder.appendingPathComponent("wellfit"))
        let over = try GeneratedRun(seed: 8).write(to: folder.appendingPathComponent("overfit"))
        let out = folder.appendingPathComponent("layouts")
        let result = try layout([well, over], ["--out", out.path, "--no-cache"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try contents(of: out), ["overfit", "wellfit"])
        for name in ["wellfit", "overfit"] {
            let summary = try jsonObject(try runSucceeding(["inspect", out.appendingPathComponent(name).path, "--json"]).stdout)
            XCTAssertEqual(summary["kind"] as? String, "layouts")
            XCTAssertEqual(summary["epochs"] as? [Int], [0, 1, 2])
            let parameters = try XCTUnwrap(summary["layoutParameters"] as? [String: String])
            XCTAssertEqual(parameters["joint_runs"], "2", "laid out together by default")
        }
    }

    func testRepeatedRunNamesGetNumberedFolders() throws {
        let a = try GeneratedRun(seed: 7).write(to: folder.appendingPathComponent("a/tiny"))
        let b = try GeneratedRun(seed: 8).write(to: folder.appendingPathComponent("b/tiny"))
        let out = folder.appendingPathComponent("layouts")
        let result = try layout([a, b], ["--out", out.path, "--no-cache", "--independent-runs"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try contents(of: out), ["tiny", "tiny-2"])
        let summary = try jsonObject(try runSucceeding(["inspect", out.appendingPathComponent("tiny-2").path, "--json"]).stdout)
        let parameters = try XCTUnwrap(summary["layoutParameters"] as? [String: String])
        XCTAssertNil(parameters["joint_runs"], "--independent-runs lays each run out on its own")
    }

    func testAJointLayoutIsOneCacheEntryPerBlock() throws {
        let well = try GeneratedRun(seed: 7).write(to: folder.appendingPathComponent("wellfit"))
        let over = try GeneratedRun(seed: 8).write(to: folder.appendingPathComponent("overfit"))
        let cache = FastArguments.cache(in: folder)
        let joint = try runReport(try layout([well, over], cache + ["--json"]), command: "layout")
        XCTAssertEqual(joint["cache_misses"] as? Int, 2, "two blocks, each one joint entry")
        let again = try runReport(try layout([well, over], cache + ["--json"]), command: "layout")
        XCTAssertEqual(again["cache_hits"] as? Int, 2)
        let independent = try runReport(try layout([well, over], cache + ["--json", "--independent-runs"]), command: "layout")
        XCTAssertEqual(independent["cache_misses"] as? Int, 4, "independent layouts are other entries, one per run and block")
    }

    func testContradictoryFlagsAreAUsageError() throws {
        let well = try GeneratedRun(seed: 7).write(to: folder.appendingPathComponent("wellfit"))
        let over = try GeneratedRun(seed: 8).write(to: folder.appendingPathComponent("overfit"))
        let result = try layout([well, over], ["--no-cache", "--joint-runs", "--independent-runs"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("--joint-runs and --independent-runs"), result.stderr)
    }
}
