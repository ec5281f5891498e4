import Foundation
import XCTest

extension NMRenderProcess {
    /// Runs a `/bin/sh -c` script (to set limits such as `ulimit -f` for nm-render).
    static func runShell(_ script: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension XCTestCase {
    /// A command that succeeds with exactly one warning line on stderr (`warning: ...`) holding
    /// every fragment, even with `--quiet`.
    func assertWarning(_ result: NMRenderProcess.Result, mentioning fragments: [String],
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, ExitCode.success, "stderr: \(result.stderr)", file: file, line: line)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        XCTAssertEqual(lines.count, 1, "expected one warning line, got: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("warning: "), result.stderr, file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(result.stderr.contains(fragment), "'\(fragment)' missing from: \(result.stderr)", file: file, line: line)
        }
    }

    /// Every file below `folder` (relative path → bytes), to show that a refused command left all
    /// of them intact.
    func tree(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            result[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return result
    }
}

/// Issue 13's destroying cases: each is refused with exit 73, one sentence, and every byte of
/// the folder or run intact.
final class OutputSafetyTests: XCTestCase {
    private var folder: URL!
    private var run: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder()
        run = try GeneratedRun().write(to: folder.appendingPathComponent("tiny"))
    }

    private func nmRender(_ arguments: [String]) throws -> NMRenderProcess.Result {
        try NMRenderProcess.run(arguments + FastArguments.layout + FastArguments.cache(in: folder) + ["--quiet"])
    }

    /// A folder of the user's files.
    private func userFolder(_ name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data("my notes".utf8).write(to: url.appendingPathComponent("notes.txt"))
        try Data([0x89, 0x50]).write(to: url.appendingPathComponent("photo.png"))
        return url
    }

    func testStripOverAnExistingFolderIsRefusedAndTheFolderKept() throws {
        let out = try userFolder("fig.png")
        let before = try tree(out)
        assertError(try nmRender(["strip", run.path, "-o", out.path]), status: ExitCode.cannotCreate,
                    mentioning: [out.path, "existing folder", "nothing was changed"])
        XCTAssertEqual(try tree(out), before)
    }

    func testVideoFileOverANonEmptyFolderIsRefusedAndTheFolderKept() throws {
        let out = try userFolder("x.mp4")
        let before = try tree(out)
        assertError(try nmRender(["video", run.path, "-o", out.path] + FastArguments.video), status: ExitCode.cannotCreate,
                    mentioning: [out.path, "existing folder"])
        XCTAssertEqual(try tree(out), before)
    }

    func testVideoFramesIntoTheInputRunIsRefusedAndTheRunKept() throws {
        let before = try tree(run)
        assertError(try nmRender(["video", run.path, "-o", run.path] + FastArguments.video), status: ExitCode.cannotCreate,
                    mentioning: [run.path, "is the input run"])
        XCTAssertEqual(try tree(run), before)
    }

    func testVideoFramesInsideTheInputRunIsRefusedAndTheRunKept() throws {
        let before = try tree(run)
        let inside = run.appendingPathComponent("epoch_002")
        assertError(try nmRender(["video", run.path, "-o", inside.path] + FastArguments.video), status: ExitCode.cannotCreate,
                    mentioning: [inside.path, "inside the input run"])
        XCTAssertEqual(try tree(run), before)
    }

    func testOutputContainingTheInputRunIsRefused() throws {
        let before = try tree(folder)
        assertError(try nmRender(["video", run.path, "-o", folder.path] + FastArguments.video), status: ExitCode.cannotCreate,
                    mentioning: ["contains the input run"])
        XCTAssertEqual(try tree(folder), before)
    }

    func testLayoutOutIntoAFolderOfOtherFilesIsRefusedAndTheFilesKept() throws {
        let out = try userFolder("layouts")
        let before = try tree(out)
        assertError(try nmRender(["layout", run.path, "--out", out.path]), status: ExitCode.cannotCreate,
                    mentioning: [out.path, "did not write"])
        XCTAssertEqual(try tree(out), before)
    }

    /// Folders written before the marker existed keep being replaced, so CI jobs keep working.
    func testFramesAndLayoutsFoldersOfTheLastReleaseAreStillReplaced() throws {
        let frames = folder.appendingPathComponent("frames")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: false)
        for i in 1 ... 5 { try Data([1]).write(to: frames.appendingPathComponent(String(format: "frame_%06d.png", i))) }
        XCTAssertEqual(try nmRender(["video", run.path, "-o", frames.path] + FastArguments.video).status, 0)
        XCTAssertEqual(try contents(of: frames), [".nm-render-output", "frame_000001.png", "frame_000002.png", "frame_000003.png"])

        let layouts = folder.appendingPathComponent("layouts")
        XCTAssertEqual(try nmRender(["layout", run.path, "--out", layouts.path]).status, 0)
        try FileManager.default.removeItem(at: layouts.appendingPathComponent(".nm-render-output"))
        XCTAssertEqual(try nmRender(["layout", run.path, "--out", layouts.path]).status, 0, "a legacy layouts folder is replaced")
    }
}

/// Bad inputs that used to hang, crash or print raw control characters.
final class HostileInputTests: XCTestCase {
    private var folder: URL!
    private var run: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder()
        run = try GeneratedRun().write(to: folder.appendingPathComponent("tiny"))
    }

    func testAFIFOInPlaceOfLabelsIsRefusedAtOnceNamingIt() throws {
        let labels = run.appendingPathComponent("labels.npy")
        try FileManager.default.removeItem(at: labels)
        XCTAssertEqual(mkfifo(labels.path, 0o644), 0)
        let start = Date()
        assertError(try NMRenderProcess.run(["inspect", run.path]), status: ExitCode.dataError,
                    mentioning: [labels.path, "FIFO", "regular file"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testControlCharactersInNamesAreEscapedInMessages() throws {
        let result = try NMRenderProcess.run(["strip", run.path, "-o", folder.appendingPathComponent("s.png").path,
                                              "--block", "\u{1B}[31mred\u{07}", "--no-cache"])
        assertError(result, status: ExitCode.usage, mentioning: ["\\e[31mred\\x07"])
        XCTAssertFalse(result.stderr.contains("\u{1B}"), "raw ESC on the terminal")
        XCTAssertFalse(result.stderr.contains("\u{07}"), "raw BEL on the terminal")
    }

    func testAMegabyteRunNameIsElidedAndRendersQuickly() throws {
        let name = String(repeating: "n", count: 1 << 20)
        try Data("{\"name\": \"\(name)\"}".utf8).write(to: run.appendingPathComponent("run.json"))
        let start = Date()
        let result = try NMRenderProcess.run(["inspect", run.path])
        XCTAssertEqual(result.status, 0, String(result.stderr.prefix(300)))
        XCTAssertLessThan(result.stdout.count, 20_000, "the name is elided for display")
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
    }

    func testAMillionClassNamesGiveALegendWithACountOfTheRest() throws {
        let classes = (0 ..< 1_000_000).map { "class \($0)" }.joined(separator: "\n") + "\n"
        try Data(classes.utf8).write(to: run.appendingPathComponent("classes.txt"))
        let start = Date()
        let out = folder.appendingPathComponent("strip.png")
        let result = try NMRenderProcess.run(["strip", run.path, "-o", out.path, "--dpi", "40", "--quiet", "--no-cache"]
                                             + FastArguments.layout)
        XCTAssertEqual(result.status, 0, String(result.stderr.prefix(300)))
        XCTAssertLessThan(Date().timeIntervalSince(start), 60)
    }

    func testAFileBeyondUlimitFIsCannotCreateWithAMessage() throws {
        let out = folder.appendingPathComponent("tiny.mp4")
        let command = ([NMRenderProcess.executable.path, "video", run.path, "-o", out.path, "--no-cache"]
                       + FastArguments.video + FastArguments.layout).map { "'\($0)'" }.joined(separator: " ")
        // 1 block of 512 bytes: the MP4 cannot be written.
        let result = try NMRenderProcess.runShell("ulimit -f 1; exec \(command)")
        assertError(result, status: ExitCode.cannotCreate, mentioning: [out.path, "too large"])
        XCTAssertEqual(try contents(of: folder).filter { $0.hasPrefix(".") || $0.hasSuffix(".mp4") }, [])
    }
}

/// The epoch rule is one rule for every run of a command.
final class EpochRuleTests: XCTestCase {
    private var folder: URL!
    private var run: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder()
        run = try GeneratedRun().write(to: folder.appendingPathComponent("tiny"))
    }

    private func strip(_ runs: [URL], _ epochs: String) throws -> NMRenderProcess.Result {
        try NMRenderProcess.run(["strip"] + runs.map(\.path) + ["-o", folder.appendingPathComponent("s.png").path,
                                "--epochs=\(epochs)", "--quiet"] + FastArguments.layout + FastArguments.cache(in: folder))
    }

    func testARangeIsClampedToTheSavedEpochs() throws {
        XCTAssertEqual(try strip([run], "-1:3").status, 0)
        XCTAssertEqual(try strip([run], "0:50").status, 0)
    }

    func testARangeHoldingNoSavedEpochNamesTheRunAndItsEpochs() throws {
        assertError(try strip([run], "30:40"), status: ExitCode.usage, mentioning: ["30:40", run.path, "saved epochs: 0..2 (3)"])
    }

    func testAnEpochMissingFromAnyRunIsTheSameUsageError() throws {
        var other = GeneratedRun()
        other.epochs = [0, 2]
        let second = try other.write(to: folder.appendingPathComponent("second"))
        assertError(try strip([run, second], "0,1"), status: ExitCode.usage, mentioning: ["epoch 1", second.path, "saved epochs"])
        assertError(try strip([second, run], "0,1"), status: ExitCode.usage, mentioning: ["epoch 1", second.path, "saved epochs"])
    }
}

/// SIGINT while PNG frames are written: the cleanup races the encoder thread that is still
/// adding frames, and must win every time: exit 130, nothing left beside the destination.
final class FramesInterruptTests: XCTestCase {
    func testSIGINTDuringPNGFramesExits130AndLeavesNothing() throws {
        let folder = try temporaryFolder()
        let run = try GeneratedRun().write(to: folder.appendingPathComponent("tiny"))
        let out = folder.appendingPathComponent("frames")
        // A layout first, so the interrupted run spends its time writing frames.
        let cache = FastArguments.cache(in: folder)
        let arguments = ["video", run.path, "-o", out.path, "--size", "640x360", "--fps", "30", "--seconds-per-epoch", "4",
                         "--quiet"] + FastArguments.layout + cache
        XCTAssertEqual(try NMRenderProcess.run(arguments).status, 0)
        try FileManager.default.removeItem(at: out)
        for round in 0 ..< 3 {
            let process = Process()
            process.executableURL = NMRenderProcess.executable
            process.arguments = arguments
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait until frames are being written into the partial folder.
            let deadline = Date().addingTimeInterval(60)
            var writing = false
            while Date() < deadline, process.isRunning, !writing {
                let partial = try contents(of: folder).first { $0.hasPrefix(".frames.partial-") }
                if let partial, (try? contents(of: folder.appendingPathComponent(partial)).count) ?? 0 > 2 + round * 5 { writing = true }
                usleep(2_000)
            }
            XCTAssertTrue(writing, "frames were never being written")
            process.interrupt()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .exit)
            XCTAssertEqual(process.terminationStatus, 130)
            XCTAssertEqual(try contents(of: folder).filter { $0 != "tiny" && $0 != "cache" }, [], "round \(round)")
        }
    }
}
