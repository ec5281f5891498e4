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

    func testRunningEveryPlannedUnitLeavesTheRenderNothingToCompute() throws {
        let before = try plan(["--blocks", "block1"])
        // block1 is shown and oriented from its own layout: one unit per run.
        XCTAssertEqual(before["layouts"] as? Int, 2)
        XCTAssertEqual(before["cached"] as? Int, 0)
        let units = try XCTUnwrap(before["units"] as? [[String: Any]])
        XCTAssertEqual(units.compactMap { $0["block"] as? String }, ["block1", "block1"])
        XCTAssertEqual(Set(units.compactMap { $0["key"] as? String }).count, 2)
        for unit in units {
            let argv = try XCTUnwrap(unit["argv"] as? [String])
            XCTAssertFalse(argv.contains { $0.hasPrefix("--threads") }, "the scheduler gives --threads")
            let report = try runReport(try runSucceeding(argv + ["--threads", "1", "--quiet", "--json"]), command: "layout")
            XCTAssertEqual(report["cache_misses"] as? Int, 1, "a unit computes its one block: \(argv)")
        }
        let after = try plan(["--blocks", "block1"])
        XCTAssertEqual(after["cached"] as? Int, 2)
        XCTAssertEqual((after["units"] as? [Any])?.count, 0)
        let strip = try runReport(try runSucceeding(["strip"] + runs.map(\.path) + FastArguments.layout
                                                    + FastArguments.cache(in: folder)
                                                    + ["--block", "block1", "-o", folder.appendingPathComponent("s.png").path,
                                                       "--quiet", "--json"]), command: "strip")
        XCTAssertEqual(strip["cache_misses"] as? Int, 0)
        XCTAssertEqual(strip["cache_hits"] as? Int, 2)
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
