import Encode
import Foundation
import Layout

/// The `--json` summary printed on stdout at the end of a command, for CI scripts.
struct RunReport: Encodable {
    struct Output: Encodable {
        var path: String
        var kind: String
        var bytes: Int64
    }

    var command: String
    var version = toolVersion
    var outputs: [Output] = []
    var frames: Int?
    var durationSeconds: Double?
    var stageSeconds: [String: Double] = [:]
    var cacheHits = 0
    var cacheMisses = 0
    /// SSIM/PSNR of a video against its drawn frames (video with --max-size or --report-quality).
    var quality: QualityReport?
    /// The --max-size limit in bytes, when one was given.
    var sizeLimitBytes: Int64?

    init(command: String) { self.command = command }

    enum CodingKeys: String, CodingKey {
        case command, version, outputs, frames
        case durationSeconds = "duration_seconds"
        case stageSeconds = "stage_seconds"
        case cacheHits = "cache_hits"
        case cacheMisses = "cache_misses"
        case quality
        case sizeLimitBytes = "size_limit_bytes"
    }

    /// Every key is always present (null where it does not apply), so CI scripts see one schema.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(command, forKey: .command)
        try c.encode(version, forKey: .version)
        try c.encode(outputs, forKey: .outputs)
        try c.encode(frames, forKey: .frames)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(stageSeconds, forKey: .stageSeconds)
        try c.encode(cacheHits, forKey: .cacheHits)
        try c.encode(cacheMisses, forKey: .cacheMisses)
        try c.encode(quality, forKey: .quality)
        try c.encode(sizeLimitBytes, forKey: .sizeLimitBytes)
    }

    /// The layout stage's share: cache hits and misses, and its seconds.
    mutating func record(_ stage: LayoutStage) {
        cacheHits = stage.cacheHits
        cacheMisses = stage.cacheMisses
        stageSeconds["layout"] = stage.seconds
    }

    mutating func addOutput(_ url: URL, kind: String) {
        outputs.append(Output(path: url.path, kind: kind, bytes: RunReport.size(of: url)))
    }

    /// Bytes of a file, or of every file in a folder (PNG sequences).
    static func size(of url: URL) -> Int64 {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDir) else { return 0 }
        if !isDir.boolValue {
            return (try? fm.attributesOfItem(atPath: url.path)[.size] as? NSNumber)??.int64Value ?? 0
        }
        let items = (try? fm.contentsOfDirectory(atPath: url.path)) ?? []
        return items.reduce(0) { $0 + size(of: url.appendingPathComponent($1)) }
    }

    func printJSON() {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) {
            print(text)
        }
    }
}
