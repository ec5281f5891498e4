import Foundation
import Synchronization
import XCTest

@testable import nm_render

/// The parts of `watch` that decide when to look and what to start: the run-folder wait
/// (inotify plus polling), the epoch-folder snapshot and the one-at-a-time video render.
final class WatchWaitingTests: XCTestCase {
    func testAnUpdateWhileAVideoRendersIsSkippedNotQueued() throws {
        let background = BackgroundVideo()
        let release = DispatchSemaphore(value: 0)
        let ran = RunCount()
        XCTAssertTrue(background.startIfIdle { ran.add(); release.wait() })
        XCTAssertFalse(background.isIdle)
        XCTAssertFalse(background.startIfIdle { ran.add() }, "a render was started while another ran")
        release.signal()
        background.waitUntilIdle()
        XCTAssertEqual(ran.value, 1, "the skipped render ran after all: it was queued")
        XCTAssertTrue(background.isIdle)
        XCTAssertTrue(background.startIfIdle { ran.add() }, "an idle background does not start the next render")
        background.waitUntilIdle()
        XCTAssertEqual(ran.value, 2)
    }

    func testARenderErrorIsReportedOnce() throws {
        let background = BackgroundVideo()
        background.startIfIdle { throw CLIError.data("no frames") }
        background.waitUntilIdle()
        XCTAssertEqual(background.takeError().map { String(describing: $0) }, "no frames")
        XCTAssertNil(background.takeError())
    }

    func testInotifyWakesTheWaitLongBeforeThePollInterval() throws {
        let run = try temporaryFolder()
        let wait = RunFolderWait(run: run, poll: 20)
        try XCTSkipUnless(wait.usesInotify, "no inotify on this system")
        let started = Date()
        createAfter(0.3, folder: run.appendingPathComponent("epoch_000"))
        XCTAssertEqual(wait.wait(), .change)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "woken by the poll interval, not by inotify")
        XCTAssertEqual(wait.watchedPath, run.standardizedFileURL.path)
    }

    func testARunThatDoesNotExistYetIsWatchedThroughTheNearestFolderAboveIt() throws {
        let root = try temporaryFolder()
        let run = root.appendingPathComponent("runs/live")  // neither runs/ nor live/ exists
        let wait = RunFolderWait(run: run, poll: 20)
        try XCTSkipUnless(wait.usesInotify, "no inotify on this system")
        createAfter(0.3, folder: root.appendingPathComponent("runs"))
        XCTAssertEqual(wait.wait(), .change)
        XCTAssertEqual(wait.watchedPath, root.standardizedFileURL.path)
        createAfter(0.3, folder: run)
        XCTAssertEqual(wait.wait(), .change, "the run's parent, which appeared, is watched next")
        XCTAssertEqual(wait.watchedPath, root.appendingPathComponent("runs").standardizedFileURL.path)
        createAfter(0.3, folder: run.appendingPathComponent("epoch_000"))
        XCTAssertEqual(wait.wait(), .change)
        XCTAssertEqual(wait.watchedPath, run.standardizedFileURL.path)
    }

    func testWithoutAnEventTheWaitEndsAtThePollInterval() throws {
        // What a network file system looks like: nothing raises an event, the poll still looks.
        let run = try temporaryFolder()
        for inotify in [true, false] {
            let started = Date()
            XCTAssertEqual(RunFolderWait(run: run, poll: 0.2, inotify: inotify).wait(), .poll)
            XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.19)
        }
    }

    func testAnEpochFileRewrittenInPlaceChangesTheEpochState() throws {
        let run = try temporaryFolder()
        let epoch = run.appendingPathComponent("epoch_007")
        try FileManager.default.createDirectory(at: epoch, withIntermediateDirectories: true)
        let file = epoch.appendingPathComponent("block1.npy")
        try Data(repeating: 1, count: 100).write(to: file)
        let first = try XCTUnwrap(EpochFolderState.of(epoch: 7, in: run))
        XCTAssertEqual(first.entry, "epoch_007")
        XCTAssertEqual(first.files.map(\.name), ["block1.npy"])
        XCTAssertEqual(EpochFolderState.of(epoch: 7, in: run), first, "an unchanged epoch reads the same")
        XCTAssertNil(EpochFolderState.of(epoch: 8, in: run))
        Thread.sleep(forTimeInterval: 0.02)  // past the file system's timestamp granularity
        try Data(repeating: 2, count: 100).write(to: file)  // same size, new bytes
        XCTAssertNotEqual(EpochFolderState.of(epoch: 7, in: run), first)
        let later = try XCTUnwrap(EpochFolderState.of(epoch: 7, in: run))
        try Data(repeating: 3, count: 10).write(to: epoch.appendingPathComponent("block2.npy"))
        XCTAssertNotEqual(EpochFolderState.of(epoch: 7, in: run), later, "a file added to the epoch")
    }

    private func createAfter(_ seconds: Double, folder: URL) {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        }
    }
}

/// A counter the render closures (on the background thread) and the test share.
private final class RunCount: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
