import Foundation
import XCTest

/// Runs the `ffprobe` program (tests only) and returns its JSON output.
enum FFprobe {
    static func path() throws -> String {
        for candidate in ["/usr/bin/ffprobe", "/usr/local/bin/ffprobe", "/opt/homebrew/bin/ffprobe"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw XCTSkip("ffprobe is not installed")
    }

    /// `ffprobe -v error -of json <arguments> <file>` parsed as a dictionary.
    static func json(_ file: URL, _ arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = ["-v", "error", "-of", "json"] + arguments + [file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw NSError(domain: "ffprobe", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "ffprobe failed on \(file.path)"])
        }
        return object
    }

    /// The first video stream, with frames counted by decoding (`nb_read_frames`).
    static func videoStream(_ file: URL) throws -> [String: Any] {
        let object = try json(file, ["-count_frames", "-select_streams", "v:0", "-show_streams"])
        return try XCTUnwrap((object["streams"] as? [[String: Any]])?.first)
    }

    static func format(_ file: URL) throws -> [String: Any] {
        try XCTUnwrap(json(file, ["-show_format"])["format"] as? [String: Any])
    }

    /// Per-packet durations in seconds.
    static func packetDurations(_ file: URL) throws -> [Double] {
        let object = try json(file, ["-select_streams", "v:0", "-show_entries", "packet=duration_time"])
        let packets = try XCTUnwrap(object["packets"] as? [[String: Any]])
        return packets.compactMap { ($0["duration_time"] as? String).flatMap(Double.init) }
    }
}
