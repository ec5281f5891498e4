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
        if let key = duplicateKey(in: bytes) {
            throw RunError.badManifest(path: path, reason: "the key \"\(key)\" appears twice in one object; keep one")
        }
        guard let object = parsed as? [String: Any] else {
            throw RunError.badManifest(path: path, reason: "it must hold one JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !allowedKeys.contains($0) }) {
            throw RunError.badManifest(path: path, reason: "unknown key \"\(unknown)\" (known keys: \(allowedKeys.joined(separator: ", ")))")
        }
        return object
    }

    /// The first key repeated within one object of a valid JSON text, nil if none.
    /// JSONSerialization keeps one of the two silently; a run file that says two things is a
    /// mistake to report. One pass, no recursion: a stack of the keys of the open objects.
    static func duplicateKey(in bytes: [UInt8]) -> String? {
        var stack: [Set<[UInt8]>?] = []  // nil for arrays
        var expectingKey = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "{"):
                stack.append([]); expectingKey = true
            case UInt8(ascii: "["):
                stack.append(nil); expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast(); expectingKey = false
            case UInt8(ascii: ","):
                expectingKey = stack.last.map { $0 != nil } ?? false
            case UInt8(ascii: "\""):
                var j = i + 1
                while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
                    j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1
                }
                if expectingKey, var keys = stack.last ?? nil {
                    let key = Array(bytes[min(i + 1, bytes.count) ..< min(j, bytes.count)])
                    if !keys.insert(key).inserted { return String(decoding: key, as: UTF8.self) }
                    stack[stack.count - 1] = keys
                    expectingKey = false
                }
                i = j
            default:
                break
            }
            i += 1
        }
        return nil
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
