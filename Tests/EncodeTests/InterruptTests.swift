import AtomicOutput
import Encode
import Foundation
import XCTest

/// SIGINT during an encode: the test runs this test bundle again as a child process that encodes
/// an MP4 until it is interrupted, then checks the exit code and that no file is left.
final class InterruptTests: XCTestCase {
    private static let destinationVariable = "NM_ENCODE_INTERRUPT_CHILD_DESTINATION"

    func testSigintRemovesThePartialOutputAndExits130() throws {
        guard ProcessInfo.processInfo.environment[Self.destinationVariable] == nil else {
            throw XCTSkip("running as the child")
        }
        let scratch = try ScratchFolder(name)
        defer { scratch.remove() }
        let destination = scratch.file("clip.mp4")

        var executable = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &executable, executable.count - 1)
        guard length > 0 else { throw XCTSkip("cannot find the test executable (/proc/self/exe)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: String(decoding: executable.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        process.arguments = ["EncodeTests.InterruptTests/testChildEncodesUntilInterrupted"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.destinationVariable] = destination.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()

        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        while !seen.contains("NM_CHILD_ENCODING"), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        guard seen.contains("NM_CHILD_ENCODING") else {
            process.terminate()
            return XCTFail("the child never started encoding: \(seen)")
        }
        XCTAssertEqual(try scratch.contents().count, 1, "a partial file exists while encoding")
        process.interrupt()
        _ = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 128 + SIGINT)
        XCTAssertEqual(try scratch.contents(), [], "no partial or final file after SIGINT")
    }

    /// The child half: skipped unless started by the test above.
    func testChildEncodesUntilInterrupted() throws {
        guard let path = ProcessInfo.processInfo.environment[Self.destinationVariable] else {
            throw XCTSkip("only runs as the child of testSigintRemovesThePartialOutputAndExits130")
        }
        InterruptCleanup.shared.install()
        let scene = SyntheticScene(width: 160, height: 90, radius: 6)
        let sink = try VideoFileSink(destination: URL(fileURLWithPath: path), width: 160, height: 90)
        let buffer = PixelBuffer(width: 160, height: 90)
        for index in 0..<2000 {
            scene.draw(frame: index % 50, into: buffer)
            try sink.write(buffer.frame)
            if index == 5 {
                FileHandle.standardOutput.write(Data("NM_CHILD_ENCODING\n".utf8))
            }
            usleep(10_000)
        }
        XCTFail("the child was not interrupted")
    }
}
