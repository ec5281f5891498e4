import Foundation
import XCTest

/// `nm-render watch` against the Python RunWriter writing a run epoch by epoch
/// (python/examples/watch_demo.py in handshake mode: it writes epoch e only after the test
/// has checked the update of epoch e - 1, so "one update per epoch" is checked, not raced).
final class WatchCommandTests: XCTestCase {
    private static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardizedFileURL
    private let layoutFlags = ["--layout-epochs", "20", "--n-neighbors", "5"]
    private var fast: [String] {
        layoutFlags + ["--size", "320x180", "--fps", "5", "--seconds-per-epoch", "0.2", "--hold", "0", "--poll", "0.1"]
    }

    private func requirePythonWriter() throws -> URL {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import numpy"]
        probe.standardError = FileHandle.nullDevice
        do { try probe.run() } catch { throw XCTSkip("python3 is not available") }
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else { throw XCTSkip("python3 with NumPy is not available") }
        return Self.repo.appendingPathComponent("python/examples/watch_demo.py")
    }

    func testOneUpdatePerEpochWithWholeOutputsAndExitOnComplete() throws {
        let demo = try requirePythonWriter()
        let folder = try temporaryFolder()
        let run = folder.appendingPathComponent("live")  // does not exist yet: watch waits for it
        let strip = folder.appendingPathComponent("live.png")
        let gif = folder.appendingPathComponent("live.gif")
        let layouts = folder.appendingPathComponent("layouts")
        let epochs = 4

        let watch = Process()
        watch.executableURL = NMRenderProcess.executable
        watch.arguments = ["watch", run.path, "-o", strip.path, "-o", gif.path, "--layouts", layouts.path,
                           "--json-lines", "--idle-exit", "120"] + fast
        let out = Pipe(), err = Pipe()
        watch.standardOutput = out
        watch.standardError = err
        try watch.run()
        let errRead = ReadAll(err.fileHandleForReading)
        defer { if watch.isRunning { watch.terminate() } }

        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        writer.arguments = ["python3", demo.path, run.path, "--epochs", "\(epochs)", "--samples", "240", "--dim", "8",
                            "--handshake", folder.path]
        writer.standardOutput = FileHandle.nullDevice
        try writer.run()

        var lines = LineReader(out.fileHandleForReading)
        var previousStrip = Data()
        for epoch in 0 ..< epochs {
            let line = try XCTUnwrap(lines.next(), "watch ended before the update of epoch \(epoch): \(errRead.text())")
            let update = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertEqual(update["epoch"] as? Int, epoch, line)
            XCTAssertEqual(update["epochs"] as? [Int], [epoch], "one update per epoch: \(line)")
            XCTAssertEqual(update["total_epochs"] as? Int, epoch + 1)
            XCTAssertEqual(Set(update["outputs"] as? [String] ?? []), [strip.path, layouts.path])
            XCTAssertNotNil(update["seconds"] as? Double)
            XCTAssertNotNil((update["stage_seconds"] as? [String: Double])?["layout"])
            // Whole outputs after each update: a complete PNG, a readable layouts folder of the
            // epochs so far that `inspect` agrees with.
            let png = try Data(contentsOf: strip)
            XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            XCTAssertEqual(Array(png.suffix(8)), [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82], "PNG ends with IEND")
            XCTAssertNotEqual(png, previousStrip, "the strip was not redrawn for epoch \(epoch)")
            previousStrip = png
            let inspect = try NMRenderProcess.run(["inspect", layouts.path])
            XCTAssertEqual(inspect.status, 0, inspect.stderr)
            let header = String(decoding: try Data(contentsOf: layouts.appendingPathComponent("epochs.npy")).prefix(128), as: UTF8.self)
            XCTAssertTrue(header.contains("'shape': (\(epoch + 1),)"), "the layouts folder holds epochs 0...\(epoch): \(header)")
            if epoch + 1 < epochs {
                FileManager.default.createFile(atPath: folder.appendingPathComponent("go-\(epoch + 1)").path, contents: nil)
            }
        }
        writer.waitUntilExit()
        XCTAssertEqual(writer.terminationStatus, 0)
        XCTAssertNil(lines.next(), "no update after the last epoch")
        watch.waitUntilExit()
        let stderr = errRead.text()
        XCTAssertEqual(watch.terminationStatus, 0, stderr)
        XCTAssertTrue(stderr.contains("the run is complete"), stderr)
        XCTAssertTrue(stderr.contains("waiting for \(run.path)"), stderr)
        let gifBytes = try Data(contentsOf: gif)
        XCTAssertEqual(String(decoding: gifBytes.prefix(6), as: UTF8.self), "GIF89a")
        // The final video covers every epoch: `strip` of the layouts folder draws what watch drew.
        let again = folder.appendingPathComponent("again.png")
        let redraw = try NMRenderProcess.run(["strip", layouts.path, "-o", again.path, "--rows", "blocks", "--quiet"] + layoutFlags)
        XCTAssertEqual(redraw.status, 0, redraw.stderr)
        XCTAssertEqual(try Data(contentsOf: again), try Data(contentsOf: strip), "strip of --layouts equals watch's strip")
    }

    func testUntilEpochStopsAndLastNPicksTheNewestEpochs() throws {
        let demo = try requirePythonWriter()
        let folder = try temporaryFolder()
        let run = folder.appendingPathComponent("done")
        let made = Process()
        made.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        made.arguments = ["python3", demo.path, run.path, "--epochs", "5", "--samples", "150", "--dim", "6", "--interval", "0"]
        made.standardOutput = FileHandle.nullDevice
        try made.run()
        made.waitUntilExit()
        let layouts = folder.appendingPathComponent("layouts")
        let result = try NMRenderProcess.run(["watch", run.path, "--layouts", layouts.path, "-o", folder.appendingPathComponent("s.svg").path,
                                              "--until-epoch", "2", "--epochs", "last:2", "--json-lines"] + fast)
        XCTAssertEqual(result.status, 0, result.stderr)
        let updates = result.stdout.split(separator: "\n")
        XCTAssertEqual(updates.count, 1, "what exists is rendered as one update")
        XCTAssertTrue(updates[0].contains("\"epochs\":[0,1,2]"), String(updates[0]))
        XCTAssertTrue(result.stderr.contains("reached epoch 2"), result.stderr)
        let svg = try String(contentsOf: folder.appendingPathComponent("s.svg"), encoding: .utf8)
        XCTAssertTrue(svg.contains("epoch 2") || svg.contains("<svg"), "an SVG strip")
    }

    func testIdleExitEndsAWaitForARunThatNeverComes() throws {
        let folder = try temporaryFolder()
        let result = try NMRenderProcess.run(["watch", folder.appendingPathComponent("never").path, "-o",
                                              folder.appendingPathComponent("x.png").path, "--idle-exit", "0.5", "--poll", "0.1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("no epoch was rendered"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.png").path))
    }

    func testNoOutputIsAUsageError() throws {
        let result = try NMRenderProcess.run(["watch", "somewhere"])
        XCTAssertEqual(result.status, 64, result.stderr)
    }
}

/// Reads a pipe to its end on a background thread, so the child never blocks on a full pipe.
private final class ReadAll: @unchecked Sendable {
    // `@unchecked Sendable`: `data` is written by the reading thread only before `done` is
    // signalled and read by the test only after waiting for it.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func text() -> String {
        done.wait()
        done.signal()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Lines of a pipe as they arrive.
private struct LineReader {
    let handle: FileHandle
    var buffer = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    mutating func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex ..< newline]
                buffer = Data(buffer[(newline + 1)...])
                return String(decoding: line, as: UTF8.self)
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }
}
