import Foundation
import XCTest

/// Behaviour that cuts across commands: one JSON schema, later settings layers replacing earlier
/// timing, help text that matches the exit codes, and plain messages for missing files.
final class CLIConsistencyTests: XCTestCase {
    private var folder: URL!
    private var run: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder()
        run = try GeneratedRun().write(to: folder.appendingPathComponent("tiny"))
    }

    /// `--json` has one schema for CI scripts: every documented key is present in every report
    /// (null where it does not apply), so `report["frames"]` never raises.
    func testEveryJSONReportHasEveryDocumentedKey() throws {
        let layout = try NMRenderProcess.run(["layout", run.path, "--quiet", "--json"]
                                             + FastArguments.layout + FastArguments.cache(in: folder))
        XCTAssertEqual(Set(try runReport(layout, command: "layout").keys), runReportKeys)
        let strip = try NMRenderProcess.run(["strip", run.path, "-o", folder.appendingPathComponent("s.png").path,
                                             "--quiet", "--json", "--dpi", "72"]
                                            + FastArguments.layout + FastArguments.cache(in: folder))
        XCTAssertEqual(Set(try runReport(strip, command: "strip").keys), runReportKeys)
    }

    /// A flag beats the preset: `--seconds-per-epoch` on the command line must replace the
    /// timing of the preset a .gif starts from (readme-gif sets `duration = 8`), as it does for .mp4.
    func testSecondsPerEpochFlagOverridesThePresetDuration() throws {
        let result = try NMRenderProcess.run(["video", run.path, "-o", folder.appendingPathComponent("t.gif").path, "--json"]
                                             + FastArguments.video + FastArguments.layout + FastArguments.cache(in: folder))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try runReport(result, command: "video")["frames"] as? Int, 3,
                       "--fps 5 --seconds-per-epoch 0.2 --hold 0 over 3 epochs gives 3 frames")
    }

    /// The same through an explicit preset and a config file: the later layer's
    /// `seconds-per-epoch` replaces an earlier layer's `duration`.
    func testConfigSecondsPerEpochOverridesThePresetDuration() throws {
        let file = folder.appendingPathComponent("timing.conf")
        try "seconds-per-epoch = 0.2\nhold = 0\nfps = 5\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try NMRenderProcess.run(["video", run.path, "-o", folder.appendingPathComponent("t.mp4").path,
                                              "--preset", "readme-gif", "--config", file.path, "--size", "320x180",
                                              "--quiet", "--json"] + FastArguments.layout + FastArguments.cache(in: folder))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try runReport(result, command: "video")["frames"] as? Int, 3)
    }

    /// `--help` lists "odd size" under 73, but an odd --size for .mp4 exits 64: the help must
    /// name the odd size under the code the CLI really uses.
    func testOddSizeExitsWithTheCodeTheHelpDocumentsForIt() throws {
        let result = try NMRenderProcess.run(["video", run.path, "-o", folder.appendingPathComponent("t.mp4").path,
                                              "--size", "321x181"] + FastArguments.layout + FastArguments.cache(in: folder))
        let help = try runSucceeding(["--help"]).stdout
        let codes = exitCodeLines(help)
        let documented = codes.first { $0.text.contains("odd size") }?.code
        XCTAssertEqual(documented, result.status, "help: \(codes.map { "\($0.code) \($0.text)" })")
    }

    /// The EXIT CODES block is a table: each code's text stays on its line (ArgumentParser
    /// re-wraps discussion text at 80 columns, so a longer line spills to column 0).
    func testExitCodesTableInHelpIsNotRewrapped() throws {
        for arguments in [["--help"], ["video", "--help"], ["strip", "--help"]] {
            let help = try runSucceeding(arguments).stdout
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let start = try XCTUnwrap(lines.firstIndex(of: "EXIT CODES:"), "no EXIT CODES in \(arguments)")
            for line in lines[(start + 1)...].prefix(while: { !$0.isEmpty }) {
                XCTAssertTrue(line.hasPrefix("  "), "nm-render \(arguments.joined(separator: " ")): stray line '\(line)'")
            }
        }
    }

    /// A missing --config file gets a plain sentence, not Foundation's generic
    /// "The operation could not be completed".
    func testMissingConfigFileMessageSaysTheFileDoesNotExist() throws {
        let missing = folder.appendingPathComponent("absent.conf")
        let result = try NMRenderProcess.run(["layout", run.path, "--no-cache", "--config", missing.path])
        assertError(result, status: ExitCode.usage, mentioning: [missing.path, "does not exist"])
        XCTAssertFalse(result.stderr.contains("could not be completed"), result.stderr)
    }

    /// A layouts folder written from ready-made layouts (here NeuroMapper's, made with
    /// n_neighbors = 20) must not record AlignedUMAP parameters nm-render never used: today
    /// layout.json claims n_neighbors = 15, n_epochs = 200, seed = 42 (the defaults).
    func testLayoutsFolderOfReadyMadeLayoutsDoesNotClaimParametersItDidNotUse() throws {
        let sample = try requireSharedData("neuromapper-sample")
        let out = folder.appendingPathComponent("cifar")
        XCTAssertEqual(try NMRenderProcess.run(["layout", sample.path, "--out", out.path, "--quiet", "--no-cache"]).status, 0)
        let summary = try jsonObject(try runSucceeding(["inspect", out.path, "--json"]).stdout)
        let parameters = summary["layoutParameters"] as? [String: String] ?? [:]
        XCTAssertNil(parameters["n_neighbors"], "layout.json parameters: \(parameters)")
        XCTAssertNil(parameters["n_epochs"])
    }

    /// A layout cache that cannot be created is reported in words a user can act on, not with
    /// Foundation's "(NSCocoaErrorDomain error 512.)".
    func testUncreatableCacheMessageSaysWhy() throws {
        let file = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let result = try NMRenderProcess.run(["layout", run.path, "--quiet", "--cache", file.appendingPathComponent("cache").path]
                                             + FastArguments.layout)
        assertWarning(result, mentioning: [file.path])
        XCTAssertFalse(result.stderr.contains("NSCocoaErrorDomain"), result.stderr)
        XCTAssertFalse(result.stderr.contains("could not be completed"), result.stderr)
    }

    /// (code, text) of each EXIT CODES row, joining rows that the help wrapped.
    private func exitCodeLines(_ help: String) -> [(code: Int32, text: String)] {
        var rows: [(code: Int32, text: String)] = []
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "EXIT CODES:") else { return [] }
        for line in lines[(start + 1)...].prefix(while: { !$0.isEmpty }) {
            let fields = line.split(separator: " ", maxSplits: 1)
            if line.hasPrefix("  "), let code = fields.first.flatMap({ Int32($0) }) {
                rows.append((code, fields.count > 1 ? String(fields[1]) : ""))
            } else if !rows.isEmpty {
                rows[rows.count - 1].text += " " + line.trimmingCharacters(in: .whitespaces)
            }
        }
        return rows
    }
}

/// The README's exit-code table is the one `--help` prints (both come from `ExitStatus`).
final class ExitCodeTableTests: XCTestCase {
    func testReadmeExitCodeTableMatchesHelp() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try XCTUnwrap(text.range(of: "## Exit codes")).upperBound
        let rows = text[section...].split(separator: "\n").drop { !$0.hasPrefix("| code") }.dropFirst(2)
            .prefix { $0.hasPrefix("|") }
            .map { line -> String in
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                return "\(cells[0]) \(cells[1])"
            }
        let help = try NMRenderProcess.run(["--help"]).stdout
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try XCTUnwrap(lines.firstIndex(of: "EXIT CODES:"))
        let helpRows = lines[(start + 1)...].prefix { !$0.isEmpty }.map {
            $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: #"^(\d+) +"#, with: "$1 ", options: .regularExpression)
        }
        XCTAssertEqual(rows, helpRows)
    }
}
