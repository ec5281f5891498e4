import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The entries of a run folder, sorted into what the formats look for.
struct FolderListing {
    /// Epoch number -> entry names (`epoch_5`, `epoch_005.npz`, ...).
    var epochEntries: [Int: [String]] = [:]
    var files: Set<String> = []
    var folders: [String] = []
    var isEmpty: Bool { files.isEmpty && folders.isEmpty }

    init(url: URL) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw RunError.cannotOpen(path: url.path, reason: "cannot list the folder")
        }
        for name in names where !name.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory)
            if isDirectory.boolValue { folders.append(name) } else { files.insert(name) }
            if let epoch = Self.epochNumber(name, isDirectory: isDirectory.boolValue) {
                epochEntries[epoch, default: []].append(name)
            }
        }
        folders = NaturalOrder.sorted(folders)
    }

    /// `epoch_<digits>` folders and `epoch_<digits>.npz` files.
    static func epochNumber(_ name: String, isDirectory: Bool) -> Int? {
        guard name.hasPrefix("epoch_") else { return nil }
        var stem = name.dropFirst(6)
        if !isDirectory {
            guard stem.hasSuffix(".npz") else { return nil }
            stem = stem.dropLast(4)
        }
        guard !stem.isEmpty, stem.allSatisfy(\.isASCII), stem.allSatisfy(\.isNumber) else { return nil }
        return Int(stem)
    }

    /// The size of the file at `path` from its metadata (0 when it cannot be read: sizes are
    /// only reported, the file is checked when it is opened).
    static func fileSize(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    /// Sum of the sizes of every file under `url`.
    static func totalBytes(_ url: URL) -> Int64 {
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey]) else { return 0 }
        var total: Int64 = 0
        for case let file as URL in walker {
            if let values = try? file.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]), values.isRegularFile == true {
                total += Int64(values.fileSize ?? 0)
            }
        }
        return total
    }
}
