import Foundation
import XCTest

/// `plan` lists the units a render needs; running them with their own argv fills the cache so
/// the render computes nothing; `--threads` changes no byte.
final class PlanCommandTests: XCTestCase {
    private var folder: URL!
    private var runs: [URL] = []

    override func setUpWithError() throws {
        folder = try temporaryFolder()
        runs = try [7, 8].map { seed in
            var run = GeneratedRun()
            run.seed = UInt64(seed)
            return try run.write(to: folder.appendingPathComponent("lr-\(seed)"))
        }
    }

    private func plan(_ extra: [String]) throws -> [String: Any] {
        try jsonObject(try runSucceeding(["plan"] + runs.map(\.path) + FastArguments.layout
                                         + FastArguments.cache(in: folder) + ["--json"] + extra).stdout)
    }

    /// Plans `block1`, runs every unit with its own argv, plans again and renders the strip:
    /// `flags` go to the plan and the strip alike.
    private func planRunAndRender(_ flags: [String], units expected: Int) throws -> [[String: Any]] {
        let before = try plan(["--blocks", "block1"] + flags)
        XCTAssertEqual(before["layouts"] as? Int, expected)
        XCTAssertEqual(before["cached"] as? Int, 0)
        let units = try XCTUnwrap(before["units"] as? [[String: Any]])
        XCTAssertEqual(units.compactMap { $0["block"] as? String }, Array(repeating: "block1", count: expected))
        XCTAssertEqual(Set(units.compactMap { $0["key"] as? String }).count, expected)
        for unit in units {
            let argv = try XCTUnwrap(unit["argv"] as? [String])
            XCTAssertFalse(argv.contains { $0.hasPrefix("--threads") }, "the scheduler gives --threads")
            let report = try runReport(try runSucceeding(argv + ["--threads", "1", "--quiet", "--json"]), command: "layout")
            XCTAssertEqual(report["cache_misses"] as? Int, 1, "a unit computes its one block: \(argv)")
        }
        let after = try plan(["--blocks", "block1"] + flags)
        XCTAssertEqual(after["cached"] as? Int, expected)
        XCTAssertEqual((after["units"] as? [Any])?.count, 0)
        let strip = try runReport(try runSucceeding(["strip"] + runs.map(\.path) + FastArguments.layout
                                                    + FastArguments.cache(in: folder) + flags
                                                    + ["--block", "block1", "-o", folder.appendingPathComponent("s.png").path,
                                                       "--quiet", "--json"]), command: "strip")
        XCTAssertEqual(strip["cache_misses"] as? Int, 0)
        XCTAssertEqual(strip["cache_hits"] as? Int, expected)
        return units
    }

    func testRunningEveryPlannedUnitLeavesTheRenderNothingToCompute() throws {
        // Two runs of the same samples are laid out together: one unit per block, naming both.
        let units = try planRunAndRender([], units: 1)
        XCTAssertEqual(units[0]["runs"] as? [String], runs.map(\.path))
        XCTAssertEqual(units[0]["run"] as? String, runs[0].path)
        XCTAssertEqual(Array((units[0]["argv"] as? [String] ?? []).prefix(3)), ["layout"] + runs.map(\.path))
    }

    func testIndependentRunsArePlannedAsOneUnitPerRunAndBlock() throws {
        let units = try planRunAndRender(["--independent-runs"], units: 2)
        XCTAssertEqual(units.compactMap { ($0["runs"] as? [String])?.count }, [1, 1])
        XCTAssertTrue(units.allSatisfy { ($0["argv"] as? [String] ?? []).contains { $0.hasPrefix("--independent-runs") } },
                      "a unit repeats the plan's layout settings")
    }

    func testAPlanForOtherLayoutSettingsFindsNothingCached() throws {
        let first = try plan([])
        for unit in try XCTUnwrap(first["units"] as? [[String: Any]]) {
            _ = try runSucceeding(try XCTUnwrap(unit["argv"] as? [String]) + ["--quiet"])
        }
        let other = try plan(["--seed", "8"])
        XCTAssertEqual(other["cached"] as? Int, 0)
        let argv = try XCTUnwrap((other["units"] as? [[String: Any]])?.first?["argv"] as? [String])
        XCTAssertTrue(argv.contains("--seed=8"), "a unit repeats the plan's layout settings: \(argv)")
    }

    func testPlanWithoutACacheIsAUsageError() throws {
        let result = try NMRenderProcess.run(["plan", runs[0].path, "--no-cache", "--json"])
        assertError(result, status: ExitCode.usage, mentioning: ["--cache"])
    }

    func testThreadCountChangesNoByteOfTheLayouts() throws {
        let one = folder.appendingPathComponent("one"), all = folder.appendingPathComponent("all")
        for (out, threads) in [(one, "1"), (all, "all")] {
            _ = try runSucceeding(["layout", runs[0].path, "--out", out.path, "--no-cache", "--threads", threads, "--quiet"]
                                  + FastArguments.layout)
        }
        for name in ["block1.npy", "block2.npy"] {
            XCTAssertEqual(try bytes(one.appendingPathComponent(name)), try bytes(all.appendingPathComponent(name)), name)
        }
    }

    func testThreadsOutOfRangeIsAUsageErrorGivingTheRange() throws {
        let result = try NMRenderProcess.run(["layout", runs[0].path, "--threads", "0", "--no-cache"])
        assertError(result, status: ExitCode.usage, mentioning: ["threads", "1 to 4096"])
    }
}
