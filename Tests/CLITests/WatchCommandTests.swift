import Foundation
import Synchronization
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

    /// Video settings whose render takes several times as long as the update of a tiny epoch,
    /// even for one epoch (a fixed 40 s at 12 fps), so that the next updates fall into it.
    private let slowVideo = ["--size", "640x360", "--fps", "12", "--duration", "40", "--hold", "0"]

    private func pythonWriter(_ demo: URL, run: URL, epochs: Int, handshake: URL? = nil) throws -> Process {
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        writer.arguments = ["python3", demo.path, run.path, "--epochs", "\(epochs)", "--samples", "240", "--dim", "8"]
            + (handshake.map { ["--handshake", $0.path] } ?? ["--interval", "0"])
        writer.standardOutput = FileHandle.nullDevice
        try writer.run()
        return writer
    }

    /// A run of `epochs` epochs written by the Python writer, as if training were still going:
    /// run.json without its "complete" mark.
    private func openRun(in folder: URL, epochs: Int) throws -> URL {
        let run = folder.appendingPathComponent("run")
        let writer = try pythonWriter(try requirePythonWriter(), run: run, epochs: epochs)
        writer.waitUntilExit()
        XCTAssertEqual(writer.terminationStatus, 0)
        let manifest = run.appendingPathComponent("run.json")
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [String: Any])
        object["complete"] = nil
        try JSONSerialization.data(withJSONObject: object).write(to: manifest, options: .atomic)
        return run
    }

    private func markComplete(_ run: URL) throws {
        let manifest = run.appendingPathComponent("run.json")
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [String: Any])
        object["complete"] = true
        try JSONSerialization.data(withJSONObject: object).write(to: manifest, options: .atomic)
    }

    private func createEmpty(_ url: URL) throws -> URL {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        return url
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

        let lines = LineQueue(out.fileHandleForReading)
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
                _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("go-\(epoch + 1)").path, contents: nil)
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

    func testAHalfWrittenEpochIsLaidOutOnlyOnceItIsWhole() throws {
        let folder = try temporaryFolder()
        let run = try openRun(in: folder, epochs: 2)
        let watch = try WatchProcess(["watch", run.path, "-o", folder.appendingPathComponent("s.png").path,
                                      "--json-lines", "--idle-exit", "120"] + fast)
        defer { watch.stop() }
        let first = try XCTUnwrap(watch.updates.next(timeout: 120), watch.stderr())
        XCTAssertTrue(first.contains("\"epochs\":[0,1]"), first)

        // A writer that writes in place: epoch 2 appears with block1 whole and block2 cut short.
        let epoch2 = run.appendingPathComponent("epoch_002")
        try FileManager.default.createDirectory(at: epoch2, withIntermediateDirectories: false)
        let block1 = try Data(contentsOf: run.appendingPathComponent("epoch_001/block1.npy"))
        let block2 = try Data(contentsOf: run.appendingPathComponent("epoch_001/block2.npy"))
        try block1.write(to: epoch2.appendingPathComponent("block1.npy"))
        let handle = try FileHandle(forWritingTo: createEmpty(epoch2.appendingPathComponent("block2.npy")))
        try handle.write(contentsOf: block2.prefix(block2.count / 2))
        XCTAssertNil(watch.updates.next(timeout: 2), "an update from a half-written epoch")
        try handle.write(contentsOf: block2.dropFirst(block2.count / 2))
        try handle.close()
        let second = try XCTUnwrap(watch.updates.next(timeout: 120), watch.stderr())
        XCTAssertTrue(second.contains("\"epochs\":[2]"), second)
        try markComplete(run)
        XCTAssertEqual(watch.wait(), 0, watch.stderr())
        XCTAssertTrue(watch.stderr().contains("waiting for epoch 2 to be whole") || watch.stderr().contains("waiting: "),
                      watch.stderr())
    }

    func testCtrlCEndsWith130AndLeavesEveryOutputWhole() throws {
        let folder = try temporaryFolder()
        let run = try openRun(in: folder, epochs: 3)
        let outputs = folder.appendingPathComponent("out")
        let scratch = folder.appendingPathComponent("tmp")  // watch's TMPDIR: its private layouts
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false)
        let strip = outputs.appendingPathComponent("live.png")
        let video = outputs.appendingPathComponent("live.mp4")
        let watch = try WatchProcess(["watch", run.path, "-o", strip.path, "-o", video.path, "--json-lines"]
                                     + slowVideo + layoutFlags + ["--poll", "0.1"], environment: ["TMPDIR": scratch.path])
        defer { watch.stop() }
        let update = try XCTUnwrap(watch.updates.next(timeout: 120), watch.stderr())
        XCTAssertTrue(update.contains("\"video\":\"started\""), update)
        Thread.sleep(forTimeInterval: 0.5)  // into the video render
        watch.interrupt()
        XCTAssertEqual(watch.wait(), 130, watch.stderr())
        XCTAssertTrue(watch.stderr().contains("interrupted (SIGINT)"), watch.stderr())
        let png = try Data(contentsOf: strip)
        XCTAssertEqual(Array(png.suffix(8)), [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82], "the strip is whole")
        let left = try FileManager.default.contentsOfDirectory(atPath: outputs.path).sorted()
        XCTAssertTrue(left == ["live.png"] || left == ["live.mp4", "live.png"], "partial outputs left: \(left)")
        if left.contains("live.mp4") { XCTAssertGreaterThan(try VideoProbe.probe(video).frames, 0) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path), [], "the private layouts folder is left behind")
    }

    func testAnUpdateDuringAVideoRenderIsSkippedAndTheVideoIsRenderedOnceMoreAtTheEnd() throws {
        let demo = try requirePythonWriter()
        let folder = try temporaryFolder()
        let run = folder.appendingPathComponent("live")
        let video = folder.appendingPathComponent("live.mp4")
        let layouts = folder.appendingPathComponent("layouts")
        let epochs = 4
        let watch = try WatchProcess(["watch", run.path, "-o", video.path, "--layouts", layouts.path, "--json-lines",
                                      "--idle-exit", "120", "--poll", "0.1"] + slowVideo + layoutFlags)
        defer { watch.stop() }
        let writer = try pythonWriter(demo, run: run, epochs: epochs, handshake: folder)
        var videoStates: [String] = []
        for epoch in 0 ..< epochs {
            let line = try XCTUnwrap(watch.updates.next(timeout: 120), "no update of epoch \(epoch): \(watch.stderr())")
            let update = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertEqual(update["epochs"] as? [Int], [epoch], line)
            videoStates.append(try XCTUnwrap(update["video"] as? String, line))
            // The next epoch comes at once: its update falls into the render this one started.
            if epoch + 1 < epochs { _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("go-\(epoch + 1)").path, contents: nil) }
        }
        writer.waitUntilExit()
        XCTAssertEqual(watch.wait(), 0, watch.stderr())
        let stderr = watch.stderr()
        XCTAssertEqual(videoStates.first, "started")
        XCTAssertTrue(videoStates.contains("busy"), "every update started a render: \(videoStates)")
        XCTAssertTrue(Set(videoStates).isSubset(of: ["started", "busy"]), "\(videoStates)")
        // One render per update that started one, plus the last one, of every epoch.
        let renders = stderr.split(separator: "\n").filter { $0.contains("watch: videos of ") }
        XCTAssertEqual(renders.count, videoStates.filter { $0 == "started" }.count + 1, "\(videoStates) \(stderr)")
        XCTAssertTrue(renders.last?.contains("videos of \(epochs) epochs") ?? false, stderr)
        // The last video is the one `video` draws from the layouts folder of every epoch.
        let again = folder.appendingPathComponent("again.mp4")
        let redraw = try NMRenderProcess.run(["video", layouts.path, "-o", again.path, "--quiet"] + slowVideo + layoutFlags)
        XCTAssertEqual(redraw.status, 0, redraw.stderr)
        XCTAssertEqual(try Data(contentsOf: video), try Data(contentsOf: again), "the final video misses epochs")
    }

    func testFinalRewritesTheLayoutsFolderWithTheBatchLayout() throws {
        let folder = try temporaryFolder()
        let run = try openRun(in: folder, epochs: 4)
        try markComplete(run)
        let layouts = folder.appendingPathComponent("layouts")
        let strip = folder.appendingPathComponent("s.png")
        let cache = folder.appendingPathComponent("cache")
        let result = try NMRenderProcess.run(["watch", run.path, "-o", strip.path, "--layouts", layouts.path, "--final",
                                              "--cache", cache.path, "--json-lines"] + fast)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("--final: batch layouts in "), result.stderr)
        XCTAssertTrue(result.stderr.contains("(CPU "), "the cost is said: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, "one update, then the final rewrite: \(lines)")
        XCTAssertTrue(lines.last!.contains("\"final\":true"), lines.last!)
        let batch = folder.appendingPathComponent("batch")
        let layout = try NMRenderProcess.run(["layout", run.path, "--out", batch.path, "--cache", cache.path, "--quiet"] + layoutFlags)
        XCTAssertEqual(layout.status, 0, layout.stderr)
        for name in ["block1.npy", "block2.npy", "epochs.npy"] {
            XCTAssertEqual(try Data(contentsOf: layouts.appendingPathComponent(name)), try Data(contentsOf: batch.appendingPathComponent(name)),
                           "\(name) of watch --final is not the batch layout")
        }
        let again = folder.appendingPathComponent("again.png")
        let redraw = try NMRenderProcess.run(["strip", batch.path, "-o", again.path, "--rows", "blocks", "--quiet"] + layoutFlags)
        XCTAssertEqual(redraw.status, 0, redraw.stderr)
        XCTAssertEqual(try Data(contentsOf: strip), try Data(contentsOf: again), "the strip was not redrawn from the batch layout")
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

/// A running `nm-render watch`: its update lines as they come, its stderr once it ended.
private final class WatchProcess {
    let process = Process()
    let updates: LineQueue
    private let errors: ReadAll

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = NMRenderProcess.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        updates = LineQueue(out.fileHandleForReading)
        errors = ReadAll(err.fileHandleForReading)
    }

    /// Ctrl-C.
    func interrupt() { kill(process.processIdentifier, SIGINT) }

    /// Waits for the end; the exit status.
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Everything watch wrote on stderr (waits for its end).
    func stderr() -> String {
        if process.isRunning { process.terminate() }
        return errors.text()
    }

    func stop() { if process.isRunning { process.terminate() } }
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

/// Lines of a pipe as they arrive, read on a background thread, so a test can wait for the next
/// one with a time limit (and so tell "no update" from "an update").
private final class LineQueue: Sendable {
    private let lines = Mutex<(ready: [String], ended: Bool)>(([], false))
    private let arrived = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex ..< newline], as: UTF8.self)
                    buffer = Data(buffer[(newline + 1)...])
                    lines.withLock { $0.ready.append(line) }
                    arrived.signal()
                }
            }
            lines.withLock { $0.ended = true }
            arrived.signal()
        }.start()
    }

    /// The next line, or nil when the pipe ended or `timeout` seconds passed without one.
    func next(timeout: Double = 300) -> String? {
        let deadline = DispatchTime.now() + timeout
        while true {
            let taken: (line: String?, ended: Bool) = lines.withLock { s in
                if !s.ready.isEmpty { return (s.ready.removeFirst(), false) }
                return (nil, s.ended)
            }
            if let line = taken.line { return line }
            if taken.ended { return nil }
            if arrived.wait(timeout: deadline) == .timedOut { return nil }
        }
    }
}
