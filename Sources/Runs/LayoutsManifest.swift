import Foundation

/// `layout.json` of a layouts folder (what `nm-render layout --out` writes):
///
///     {
///       "format": "nm-render-layouts",
///       "version": 1,
///       "name": "digits, well fit",
///       "epochs": [0, 1, 2],
///       "blocks": [{"name": "block1", "title": "Hidden 1"}],
///       "parameters": {"n_neighbors": "15", "min_dist": "0.1", "seed": "42"}
///     }
///
/// Every key is optional when reading (`epochs` then comes from `epochs.npy`); the writer
/// always writes all of them. `parameters` records how the layouts were made (strings).
public struct LayoutsManifest: Sendable, Equatable, Codable {
    public static let formatName = "nm-render-layouts"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    public var name: String?
    public var epochs: [Int]?
    public var blocks: [BlockEntry]?
    public var parameters: [String: String]

    public struct BlockEntry: Sendable, Equatable, Codable {
        public var name: String
        public var title: String?
    }

    public init(name: String?, epochs: [Int]?, blocks: [BlockEntry]?, parameters: [String: String]) {
        self.format = Self.formatName
        self.version = Self.currentVersion
        self.name = name
        self.epochs = epochs
        self.blocks = blocks
        self.parameters = parameters
    }

    static func read(path: String) throws -> LayoutsManifest {
        let object = try JSONObjectFile.read(path: path, allowedKeys: ["format", "version", "name", "epochs", "blocks", "parameters"])
        func bad(_ reason: String) -> RunError { .badManifest(path: path, reason: reason) }
        if let format = object["format"] {
            guard format as? String == formatName else { throw bad("\"format\" must be \"\(formatName)\"") }
        }
        if let version = object["version"] {
            guard let v = version as? Int, v >= 1 else { throw bad("\"version\" must be a positive whole number") }
            guard v <= currentVersion else {
                throw bad("version \(v) is newer than this nm-render reads (\(currentVersion)); update nm-render")
            }
        }
        // name/blocks/epochs share run.json's rules.
        var shared = object
        shared["format"] = nil; shared["version"] = nil; shared["parameters"] = nil
        let common = try RunManifest.parse(shared, path: path)
        var parameters: [String: String] = [:]
        if let raw = object["parameters"] {
            guard let dict = raw as? [String: Any] else { throw bad("\"parameters\" must be an object") }
            for (key, value) in dict {
                switch value {
                case let s as String: parameters[key] = s
                case let n as NSNumber: parameters[key] = n.stringValue
                default: throw bad("parameter \"\(key)\" must be a string or a number")
                }
            }
        }
        return LayoutsManifest(name: common.name, epochs: common.epochs,
                               blocks: common.blocks?.map { BlockEntry(name: $0.name, title: $0.title) },
                               parameters: parameters)
    }
}
