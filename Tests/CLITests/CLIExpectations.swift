import Foundation
import XCTest

/// The documented exit codes (`nm-render --help`, EXIT CODES).
enum ExitCode {
    static let success: Int32 = 0
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let cannotCreate: Int32 = 73
}

/// The keys every `--json` run report has (README, "--json").
let runReportKeys: Set<String> = ["command", "version", "outputs", "frames", "duration_seconds", "stage_seconds",
                                  "cache_hits", "cache_misses", "quality", "size_limit_bytes"]

extension XCTestCase {
    /// Checks the error contract: the documented exit code, exactly one line on stderr,
    /// `nm-render: error: ...`, containing every one of `fragments`, and nothing on stdout (so a
    /// CI script reading `--json` never parses half a report).
    func assertError(_ result: NMRenderProcess.Result, status: Int32, mentioning fragments: [String],
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, status, "stderr: \(result.stderr)", file: file, line: line)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 2, "expected one line ending in a newline, got: \(result.stderr)", file: file, line: line)
        XCTAssertEqual(lines.last, "", "stderr does not end in a newline: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("nm-render: error: "), result.stderr, file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(result.stderr.contains(fragment), "'\(fragment)' missing from: \(result.stderr)", file: file, line: line)
        }
        XCTAssertEqual(result.stdout, "", "stdout of a failed command", file: file, line: line)
    }

    /// Checks ArgumentParser's own usage errors: exit 64, a first line `Error: ...` containing
    /// `fragment`, and a pointer to `--help` (ArgumentParser adds a usage block after it).
    func assertArgumentError(_ result: NMRenderProcess.Result, mentioning fragment: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, ExitCode.usage, result.stderr, file: file, line: line)
        let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertTrue(first.hasPrefix("Error: "), "first line: \(first)", file: file, line: line)
        XCTAssertTrue(first.contains(fragment), "'\(fragment)' missing from: \(first)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains("--help"), result.stderr, file: file, line: line)
        XCTAssertEqual(result.stdout, "", file: file, line: line)
    }

    /// Runs a command expected to succeed and returns its result.
    func runSucceeding(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> NMRenderProcess.Result {
        let result = try NMRenderProcess.run(arguments)
        XCTAssertEqual(result.status, ExitCode.success, "nm-render \(arguments.joined(separator: " ")): \(result.stderr)",
                       file: file, line: line)
        return result
    }

    /// The one JSON object a `--json` command prints on stdout.
    func jsonObject(_ stdout: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let data = Data(stdout.utf8)
        let object = try JSONSerialization.jsonObject(with: data)
        return try XCTUnwrap(object as? [String: Any], "stdout is not one JSON object: \(stdout)", file: file, line: line)
    }

    /// The `--json` run report of a successful command, checked for the documented keys.
    func runReport(_ result: NMRenderProcess.Result, command: String,
                   file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let report = try jsonObject(result.stdout, file: file, line: line)
        XCTAssertEqual(report["command"] as? String, command, file: file, line: line)
        return report
    }

    /// Bytes of a file.
    func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    /// Names in a folder, sorted.
    func contents(of folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }
}
