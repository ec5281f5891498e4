import Foundation
import XCTest

/// What ffprobe reports about the first video stream of a file (ffprobe counts the frames by
/// decoding them, so a file it accepts is a playable file).
struct VideoProbe {
    var codec: String
    var pixelFormat: String?
    var width: Int
    var height: Int
    var frames: Int

    static var ffprobe: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("ffprobe")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Probes `file`; skips the test when ffprobe is not installed, fails it when ffprobe rejects the file.
    static func probe(_ file: URL) throws -> VideoProbe {
        guard let ffprobe else { throw XCTSkip("ffprobe is not installed") }
        let process = Process()
        process.executableURL = ffprobe
        process.arguments = ["-v", "error", "-select_streams", "v:0", "-count_frames",
                             "-show_entries", "stream=codec_name,pix_fmt,width,height,nb_read_frames",
                             "-of", "json", file.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, errors.isEmpty else {
            throw ProbeFailure(message: "ffprobe rejected \(file.path): \(errors)")
        }
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard let stream = (root?["streams"] as? [[String: Any]])?.first,
              let codec = stream["codec_name"] as? String,
              let width = stream["width"] as? Int, let height = stream["height"] as? Int,
              let frames = (stream["nb_read_frames"] as? String).flatMap({ Int($0) }) else {
            throw ProbeFailure(message: "ffprobe found no video stream in \(file.path): \(String(decoding: data, as: UTF8.self))")
        }
        return VideoProbe(codec: codec, pixelFormat: stream["pix_fmt"] as? String, width: width, height: height, frames: frames)
    }

    struct ProbeFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
