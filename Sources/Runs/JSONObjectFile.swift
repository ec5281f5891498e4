import Foundation

/// Reading a small JSON object file with clear errors.
enum JSONObjectFile {
    static func read(path: String, allowedKeys: [String]) throws -> [String: Any] {
        let bytes = try TextFiles.readBytes(path)
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw RunError.badManifest(path: path, reason: "it is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw RunError.badManifest(path: path, reason: "it must hold one JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !allowedKeys.contains($0) }) {
            throw RunError.badManifest(path: path, reason: "unknown key \"\(unknown)\" (known keys: \(allowedKeys.joined(separator: ", ")))")
        }
        return object
    }

    static func integers(_ value: Any, key: String, path: String) throws -> [Int] {
        guard let list = value as? [Any] else {
            throw RunError.badManifest(path: path, reason: "\"\(key)\" must be a list of whole numbers")
        }
        return try list.enumerated().map { index, item in
            // JSONSerialization gives NSNumber; fractions are rejected.
            guard let number = item as? NSNumber, let int = Int(exactly: number.doubleValue) else {
                throw RunError.badManifest(path: path, reason: "\"\(key)\" item \(index) is not a whole number")
            }
            return int
        }
    }
}
