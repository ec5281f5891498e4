import Foundation
import XCTest
@testable import AtomicOutput

/// The output rule (README, "Outputs"): what an output may replace, and that a refusal touches
/// nothing.
final class OutputRuleTests: XCTestCase {
    private var folder: URL!
    private let fm = FileManager.default

    override func setUpWithError() throws {
        folder = fm.temporaryDirectory.appendingPathComponent("rule-\(UUID().uuidString)")
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? fm.removeItem(at: folder)
    }

    /// A folder with two files of the user's; returns its path.
    private func userFolder(_ name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try fm.createDirectory(at: url, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: url.appendingPathComponent("notes.txt"))
        try Data([1, 2, 3]).write(to: url.appendingPathComponent("frame_000001.png"))
        return url
    }

    private func snapshot(_ url: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try fm.contentsOfDirectory(atPath: url.path) {
            result[name] = try Data(contentsOf: url.appendingPathComponent(name))
        }
        return result
    }

    private func assertRefused(_ body: @autoclosure () throws -> Any, mentioning fragment: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case let OutputError.refused(_, reason)? = error as? OutputError else {
                return XCTFail("expected a refusal, got \(error)", file: file, line: line)
            }
            XCTAssertTrue(reason.contains(fragment), reason, file: file, line: line)
        }
    }

    func testAFileOutputNeverReplacesAFolder() throws {
        let dest = try userFolder("fig.png")
        let before = try snapshot(dest)
        assertRefused(try AtomicOutput(destination: dest), mentioning: "existing folder")
        XCTAssertEqual(try snapshot(dest), before)
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: folder.path), ["fig.png"], "no temporary left")
    }

    func testAFileOutputReplacesARegularFile() throws {
        let dest = folder.appendingPathComponent("fig.png")
        try Data([9]).write(to: dest)
        let out = try AtomicOutput(destination: dest)
        try Data([1]).write(to: out.temporary)
        try out.commit()
        XCTAssertEqual(try Data(contentsOf: dest), Data([1]))
    }

    func testAFileOutputRefusesAFIFO() throws {
        let dest = folder.appendingPathComponent("pipe.mp4")
        XCTAssertEqual(mkfifo(dest.path, 0o644), 0)
        assertRefused(try AtomicOutput(destination: dest), mentioning: "not a regular file")
    }

    func testAFolderOutputRefusesAFolderOfOtherFiles() throws {
        let dest = try userFolder("frames")
        let before = try snapshot(dest)
        assertRefused(try AtomicOutput(destination: dest, isDirectory: true), mentioning: "did not write")
        XCTAssertEqual(try snapshot(dest), before)
    }

    func testAFolderOutputReplacesAnEmptyFolder() throws {
        let dest = folder.appendingPathComponent("frames")
        try fm.createDirectory(at: dest, withIntermediateDirectories: false)
        let out = try AtomicOutput(destination: dest, isDirectory: true)
        try out.commit()
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: dest.path), [AtomicOutput.markerName])
    }

    func testAFolderOutputReplacesALegacyFolderItRecognises() throws {
        let dest = folder.appendingPathComponent("frames")
        try fm.createDirectory(at: dest, withIntermediateDirectories: false)
        try Data([0]).write(to: dest.appendingPathComponent("frame_000001.png"))
        let rule = OutputRule.folder(legacyContents: { names in names.allSatisfy { $0.hasPrefix("frame_") } })
        let out = try AtomicOutput(destination: dest, rule: rule)
        try Data([1]).write(to: out.temporary.appendingPathComponent("frame_000001.png"))
        try out.commit()
        XCTAssertEqual(try Data(contentsOf: dest.appendingPathComponent("frame_000001.png")), Data([1]))
        // The same folder with one file of the user's added is not recognised.
        try Data("mine".utf8).write(to: dest.appendingPathComponent("notes.txt"))
        try fm.removeItem(at: dest.appendingPathComponent(AtomicOutput.markerName))
        assertRefused(try AtomicOutput(destination: dest, rule: rule), mentioning: "did not write")
    }

    func testAFolderOutputRefusesAFile() throws {
        let dest = folder.appendingPathComponent("frames")
        try Data("x".utf8).write(to: dest)
        assertRefused(try AtomicOutput(destination: dest, isDirectory: true), mentioning: "not a folder")
        XCTAssertEqual(try Data(contentsOf: dest), Data("x".utf8))
    }

    func testAFolderThatBecomesForeignWhileWritingIsNotReplacedAtCommit() throws {
        let dest = folder.appendingPathComponent("frames")
        let out = try AtomicOutput(destination: dest, isDirectory: true)
        _ = try userFolder("frames")
        assertRefused(try out.commit(), mentioning: "did not write")
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: dest.path).sorted(), ["frame_000001.png", "notes.txt"])
    }

    func testOutputsEqualToInsideOrContainingAnInputAreRefused() throws {
        let run = try userFolder("runs/wellfit")
        let rule = OutputRule.folder().protecting([run])
        assertRefused(try rule.check(run), mentioning: "is the input run")
        assertRefused(try rule.check(run.appendingPathComponent("epoch_020")), mentioning: "inside the input run")
        assertRefused(try rule.check(run.appendingPathComponent("new/deeper")), mentioning: "inside the input run")
        assertRefused(try rule.check(folder.appendingPathComponent("runs")), mentioning: "contains the input run")
        // Through a symbolic link, and with `..` in the path.
        let link = folder.appendingPathComponent("link")
        try fm.createSymbolicLink(at: link, withDestinationURL: run)
        assertRefused(try rule.check(link), mentioning: "is the input run")
        assertRefused(try rule.check(URL(fileURLWithPath: run.path + "/../wellfit")), mentioning: "is the input run")
        XCTAssertNoThrow(try rule.check(folder.appendingPathComponent("runs-out")))
    }
}

/// Temporary names carry host and pid; only a dead process's of this host are removed.
final class PartialFilesTests: XCTestCase {
    private var folder: URL!
    private let fm = FileManager.default

    override func setUpWithError() throws {
        folder = fm.temporaryDirectory.appendingPathComponent("partial-\(UUID().uuidString)")
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? fm.removeItem(at: folder)
    }

    /// A process id that is not running: a child that has exited and been reaped.
    private func deadPid() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    func testTemporaryNamesCarryHostAndPid() throws {
        let out = try AtomicOutput(destination: folder.appendingPathComponent("clip.mp4"))
        let owner = try XCTUnwrap(PartialFiles.owner(of: out.temporary.lastPathComponent))
        XCTAssertEqual(owner.host, PartialFiles.hostTag)
        XCTAssertEqual(owner.pid, getpid())
        out.discard()
    }

    func testADeadProcessesPartialIsRemovedAndOthersAreKept() throws {
        let dead = try deadPid()
        let host = PartialFiles.hostTag
        let names = [
            ".clip.mp4.partial-\(host)-\(dead)-12345",            // dead, this host: removed
            ".frames.partial-\(host)-\(dead)-7.old",              // its folder moved aside: removed
            ".clip.mp4.partial-\(host)-\(getpid())-99",           // live (this process): kept
            ".clip.mp4.partial-\(host)-1-5",                      // live (init): kept
            ".clip.mp4.partial-otherhost-\(dead)-5",              // another machine: kept
            ".clip.mp4.partial-\(dead)-5",                        // old form without host: kept
            "clip.mp4",                                           // the user's: kept
        ]
        for name in names { try Data([1]).write(to: folder.appendingPathComponent(name)) }
        try fm.createDirectory(at: folder.appendingPathComponent(".frames.partial-\(host)-\(dead)-8"), withIntermediateDirectories: false)
        try Data([2]).write(to: folder.appendingPathComponent(".frames.partial-\(host)-\(dead)-8/frame_000001.png"))

        _ = try AtomicOutput(destination: folder.appendingPathComponent("other.gif"))
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: folder.path).sorted(), Array(names[2...]).sorted())
    }
}
