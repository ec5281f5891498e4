import AtomicOutput
import Encode
import Foundation
import XCTest

/// Outputs that cannot be created or written fail with one clear error and leave nothing behind.
final class FailureCleanupTests: XCTestCase {
    private var scratch: ScratchFolder!
    private let scene = SyntheticScene(width: 160, height: 90, radius: 6)

    override func setUpWithError() throws { scratch = try ScratchFolder(name) }
    override func tearDown() { scratch.remove() }

    func testMissingFolderIsOutputCannotCreate() {
        let file = scratch.file("no-such-folder/clip.mp4")
        XCTAssertThrowsError(try VideoFileSink(destination: file, width: 64, height: 64)) { error in
            let error = error as? EncodeError
            guard case .output(.cannotCreate) = error else { return XCTFail("\(String(describing: error))") }
            XCTAssertTrue(error?.description.contains("does not exist") ?? false, "\(String(describing: error))")
        }
    }

    func testFolderThatIsAFileIsOutputCannotCreate() throws {
        try Data().write(to: scratch.file("plain-file"))
        for name in ["plain-file/clip.mp4", "plain-file/clip.gif", "plain-file/frames"] {
            XCTAssertThrowsError(try makeFrameSink(destination: scratch.file(name), width: 64, height: 64,
                                                   settings: EncodeSettings())) { error in
                guard case .output(.cannotCreate) = error as? EncodeError else { return XCTFail("\(name): \(error)") }
            }
        }
    }

    func testReadOnlyFolderIsOutputCannotCreate() throws {
        guard getuid() != 0 else { throw XCTSkip("root may write into read-only folders") }
        let folder = scratch.file("locked")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        chmod(folder.path, 0o555)
        defer { chmod(folder.path, 0o755) }
        XCTAssertThrowsError(try VideoFileSink(destination: folder.appendingPathComponent("clip.mp4"), width: 64, height: 64)) { error in
            guard case .output(.cannotCreate) = error as? EncodeError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("not writable"), "\(error)")
        }
    }

    /// A full disk, simulated with a file-size limit (RLIMIT_FSIZE): writes past it fail with
    /// EFBIG the way they fail with ENOSPC on a full disk.
    func testWriteFailureIsAnIOErrorAndLeavesNoFile() throws {
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
        #else
        let resource = RLIMIT_FSIZE
        #endif
        var saved = rlimit()
        getrlimit(resource, &saved)
        let previousHandler = signal(SIGXFSZ, SIG_IGN)
        var limit = saved
        limit.rlim_cur = 4096
        setrlimit(resource, &limit)
        defer {
            setrlimit(resource, &saved)
            signal(SIGXFSZ, previousHandler)
        }
        let file = scratch.file("clip.mp4")
        var thrown: EncodeError?
        do {
            let sink = try VideoFileSink(destination: file, width: scene.width, height: scene.height)
            // Enough frames to pass 4 KiB at the default CRF.
            try scene.encode(150, to: sink)
        } catch {
            thrown = error as? EncodeError
        }
        setrlimit(resource, &saved)
        let error = try XCTUnwrap(thrown)
        guard case let .ffmpeg(_, stage, _, _, _) = error, stage == .write || stage == .finish else {
            return XCTFail("expected a write failure, got \(error)")
        }
        XCTAssertTrue(error.description.contains("File too large"), "\(error)")
        XCTAssertEqual(try scratch.contents(), [])
    }

    func testInterruptCleanupRemovesAnOpenSinksPartialFile() throws {
        let file = scratch.file("clip.mp4")
        let sink = try VideoFileSink(destination: file, width: scene.width, height: scene.height)
        try sink.write(scene.buffer(frame: 0).frame)
        let partial = try scratch.contents()
        XCTAssertEqual(partial.count, 1)
        XCTAssertTrue(InterruptCleanup.shared.pending.contains { $0.hasSuffix(partial[0]) })
        InterruptCleanup.shared.removeAll()  // what the SIGINT/SIGTERM handler runs
        XCTAssertEqual(try scratch.contents(), [])
        sink.cancel()
    }
}
