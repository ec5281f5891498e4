import Foundation

/// `run.json`: optional choices about a run, all keys optional.
///
///     {
///       "name": "digits, well fit",
///       "blocks": ["block1", {"name": "block4", "title": "Logits"}],
///       "epochs": [0, 1, 2, 5, 10, 20],
///       "complete": true
///     }
///
/// `blocks` lists the blocks to use, in display order, each a name or `{name, title}`; blocks
/// not listed are left out. `epochs` lists the epochs to use. `complete` is written by the Python
/// `RunWriter.close()` once training has recorded its last epoch (and cleared when a run is
/// resumed), so a reader such as `watch` knows no more epochs will come. Unknown keys are
/// errors, so a typo does not pass silently.
public struct RunManifest: Sendable, Equatable {
    public struct Block: Sendable, Equatable {
        public var name: String
        public var title: String?
        public init(name: String, title: String? = nil) {
            self.name = name
            self.title = title
        }
    }

    public var name: String?
    public var blocks: [Block]?
    public var epochs: [Int]?
    /// True once the writer has closed the run: no more epochs will be added.
    public var complete: Bool

    public init(name: String? = nil, blocks: [Block]? = nil, epochs: [Int]? = nil, complete: Bool = false) {
        self.name = name
        self.blocks = blocks
        self.epochs = epochs
        self.complete = complete
    }

    static let keys = ["name", "blocks", "epochs", "complete"]

    /// Reads and validates `run.json`.
    public static func read(path: String) throws -> RunManifest {
        let object = try JSONObjectFile.read(path: path, allowedKeys: keys)
        return try parse(object, path: path)
    }

    static func parse(_ object: [String: Any], path: String) throws -> RunManifest {
        func bad(_ reason: String) -> RunError { .badManifest(path: path, reason: reason) }
        var manifest = RunManifest()
        if let name = object["name"] {
            guard let name = name as? String else { throw bad("\"name\" must be a string") }
            manifest.name = name
        }
        if let blocks = object["blocks"] {
            guard let list = blocks as? [Any] else { throw bad("\"blocks\" must be a list of names or {\"name\", \"title\"} objects") }
            manifest.blocks = try list.enumerated().map { index, item in
                if let name = item as? String { return Block(name: name) }
                guard let entry = item as? [String: Any], let name = entry["name"] as? String else {
                    throw bad("\"blocks\" item \(index) must be a name or an object with a \"name\" string")
                }
                let title = entry["title"]
                guard title == nil || title is String else { throw bad("\"blocks\" item \(index) has a \"title\" that is not a string") }
                return Block(name: name, title: title as? String)
            }
            guard !list.isEmpty else { throw bad("\"blocks\" is empty; list at least one block, or leave the key out for all") }
            let names = manifest.blocks!.map(\.name)
            if let repeated = RunSelection.firstRepeat(names) {
                throw bad("block \(repeated) is listed twice in \"blocks\"")
            }
        }
        if let epochs = object["epochs"] {
            manifest.epochs = try JSONObjectFile.integers(epochs, key: "epochs", path: path)
            guard manifest.epochs?.isEmpty == false else { throw bad("\"epochs\" is empty; list at least one epoch, or leave the key out for all") }
        }
        if let complete = object["complete"] {
            guard let flag = complete as? Bool else {
                throw bad("\"complete\" must be true or false")
            }
            manifest.complete = flag
        }
        return manifest
    }
}
