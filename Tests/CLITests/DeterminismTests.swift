import Foundation
import XCTest

/// Same input, same settings, same bytes on any core count: each output rendered pinned to one
/// CPU (`taskset -c 0`) and on all CPUs must be byte-identical.
final class CoreCountDeterminismTests: XCTestCase {
    private var folder: URL!
    private var run: URL!

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") else {
            throw XCTSkip("taskset (util-linux) is not installed")
        }
        guard ProcessInfo.processInfo.activeProcessorCount > 1 else {
            throw XCTSkip("one CPU only: pinned and unpinned are the same run")
        }
        folder = try temporaryFolder()
        run = try GeneratedRun().write(to: folder.appendingPathComponent("tiny"))
    }

    /// Renders with `arguments` twice, pinned and unpinned (each computing its own layouts),
    /// and returns both outputs' bytes.
    private func pinnedAndUnpinned(_ command: String, _ name: String, _ extra: [String]) throws -> (Data, Data) {
        var outputs: [Data] = []
        for pinned in [true, false] {
            let out = folder.appendingPathComponent((pinned ? "pinned-" : "all-") + name)
            let arguments = [command, run.path, "-o", out.path, "--no-cache", "--quiet"] + FastArguments.layout + extra
            let prefix = pinned ? "exec /usr/bin/taskset -c 0 " : "exec "
            let script = prefix + ([NMRenderProcess.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
            let result = try NMRenderProcess.runShell(script)
            XCTAssertEqual(result.status, 0, result.stderr)
            outputs.append(try Data(contentsOf: out))
        }
        return (outputs[0], outputs[1])
    }

    func testMP4IsIdenticalOnOneCPUAndOnAll() throws {
        let (a, b) = try pinnedAndUnpinned("video", "v.mp4", FastArguments.video.filter { $0 != "--quiet" })
        XCTAssertEqual(a, b)
    }

    func testGIFIsIdenticalOnOneCPUAndOnAll() throws {
        let (a, b) = try pinnedAndUnpinned("video", "v.gif", FastArguments.video.filter { $0 != "--quiet" })
        XCTAssertEqual(a, b)
    }

    func testWebMIsIdenticalOnOneCPUAndOnAll() throws {
        let probe = try NMRenderProcess.run(["video", run.path, "-o", folder.appendingPathComponent("probe.webm").path, "--no-cache"]
                                            + FastArguments.video + FastArguments.layout)
        if probe.status == 69 { throw XCTSkip("this FFmpeg has no VP9 encoder") }
        let (a, b) = try pinnedAndUnpinned("video", "v.webm", FastArguments.video.filter { $0 != "--quiet" })
        XCTAssertEqual(a, b)
    }

    func testStripPNGIsIdenticalOnOneCPUAndOnAll() throws {
        let (a, b) = try pinnedAndUnpinned("strip", "s.png", ["--dpi", "60"])
        XCTAssertEqual(a, b)
    }

    func testStripPDFIsIdenticalOnOneCPUAndOnAll() throws {
        let (a, b) = try pinnedAndUnpinned("strip", "s.pdf", [])
        XCTAssertEqual(a, b)
    }
}

/// PDFs carry a fixed creation date unless SOURCE_DATE_EPOCH says otherwise.
final class PDFDateTests: XCTestCase {
    func testTwoPDFsMadeSecondsApartAreIdenticalAndSourceDateEpochIsHonoured() throws {
        let folder = try temporaryFolder()
        let run = try GeneratedRun().write(to: folder.appendingPathComponent("tiny"))
        func strip(_ name: String, _ environment: [String: String] = [:]) throws -> Data {
            let out = folder.appendingPathComponent(name)
            let result = try NMRenderProcess.run(["strip", run.path, "-o", out.path, "--quiet"] + FastArguments.layout
                                                 + FastArguments.cache(in: folder), environment: environment)
            XCTAssertEqual(result.status, 0, result.stderr)
            return try Data(contentsOf: out)
        }
        let first = try strip("a.pdf")
        Thread.sleep(forTimeInterval: 1.2)
        XCTAssertEqual(try strip("b.pdf"), first)
        let dated = try strip("c.pdf", ["SOURCE_DATE_EPOCH": "1700000000"])
        XCTAssertNotEqual(dated, first)
        XCTAssertTrue(String(decoding: dated, as: UTF8.self).contains("20231114221320"), "the date of SOURCE_DATE_EPOCH")
    }
}

/// A cached layout checks itself: damage is detected, reported in one line and recomputed.
final class CacheIntegrityTests: XCTestCase {
    private var folder: URL!
    private var run: URL!
    private var cache: URL { folder.appendingPathComponent("cache") }

    override func setUpWithError() throws {
        folder = try temporaryFolder()
        run = try GeneratedRun().write(to: folder.appendingPathComponent("tiny"))
    }

    private func layout(_ extra: [String] = []) throws -> NMRenderProcess.Result {
        try NMRenderProcess.run(["layout", run.path, "--block", "block2", "--quiet", "--no-orient", "--json",
                                 "--cache", cache.path] + FastArguments.layout + extra)
    }

    private func entry() throws -> URL {
        // Entries are named by their key; `digests` remembers the inputs' content digests.
        let names = try contents(of: cache).filter { !$0.hasPrefix(".") && $0 != "digests" }
        XCTAssertEqual(names.count, 1, "one cache entry: \(names)")
        return cache.appendingPathComponent(try XCTUnwrap(names.first))
    }

    private func hitsAndMisses(_ result: NMRenderProcess.Result) throws -> [Int] {
        let report = try runReport(result, command: "layout")
        return [report["cache_hits"] as? Int ?? -1, report["cache_misses"] as? Int ?? -1]
    }

    func testABitFlipInACachedLayoutIsDetectedAndRecomputed() throws {
        let computed = try layout()
        XCTAssertEqual(try hitsAndMisses(computed), [0, 1])
        let block = try entry().appendingPathComponent("block2.npy")
        var bytes = [UInt8](try Data(contentsOf: block))
        bytes[bytes.count - 7] ^= 0x10  // one bit of one coordinate
        try Data(bytes).write(to: block)

        let recomputed = try layout()
        XCTAssertEqual(try hitsAndMisses(recomputed), [0, 1], "the damaged entry is not a hit")
        let lines = recomputed.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, recomputed.stderr)
        XCTAssertTrue(recomputed.stderr.contains("damaged") && recomputed.stderr.contains("checksum"), recomputed.stderr)
        XCTAssertEqual(try hitsAndMisses(try layout()), [1, 0], "the entry was replaced by a sound one")
    }

    func testAnEntryReplacedByAFileIsRecomputedAndReplaced() throws {
        _ = try layout()
        let url = try entry()
        try FileManager.default.removeItem(at: url)
        try Data("not a layout".utf8).write(to: url)
        let result = try layout()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("damaged"), result.stderr)
        XCTAssertEqual(try hitsAndMisses(try layout()), [1, 0])
    }

    func testAnEntryCopiedFromOtherParametersIsNotUsed() throws {
        _ = try layout()
        let sound = try entry()
        let copy = folder.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: sound, to: copy)
        try FileManager.default.removeItem(at: cache)
        _ = try layout(["--seed", "9"])
        let other = try entry()
        try FileManager.default.removeItem(at: other)
        try FileManager.default.copyItem(at: copy, to: other)  // seed 0's layouts under seed 9's key
        let result = try layout(["--seed", "9"])
        XCTAssertEqual(try hitsAndMisses(result), [0, 1])
        XCTAssertTrue(result.stderr.contains("other inputs or parameters"), result.stderr)
    }
}
