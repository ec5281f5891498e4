import Foundation

/// Where computed layouts are kept between commands, keyed by everything they depend on: the
/// content of the input arrays (never their path, see `ContentKey.swift`), the layout
/// parameters, the block, the epochs and the tool version. A changed input or parameter misses;
/// the same render twice hits, and so does the same run copied or seen at another mount point.
/// Many processes on many machines may share one cache folder (`SharedCacheStore.swift`).
public struct LayoutCache: Sendable {
    /// The cache folder; each entry is a layouts folder named by its key.
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    /// `--cache DIR`, else `$XDG_CACHE_HOME/nm-render`, else `~/.cache/nm-render`.
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("nm-render")
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        return home.appendingPathComponent(".cache/nm-render")
    }

    /// The entry for one key (a folder; it exists only once complete).
    func entry(for key: CacheKey) -> URL {
        folder.appendingPathComponent(key.hex)
    }

    func contains(_ key: CacheKey) -> Bool {
        FileManager.default.fileExists(atPath: entry(for: key).path)
    }

    /// Why a folder cannot be created, in words: the first existing ancestor is a file or is
    /// not writable.
    static func reason(creating folder: URL) -> String {
        var ancestor = folder.deletingLastPathComponent()
        while ancestor.path != "/" && !FileManager.default.fileExists(atPath: ancestor.path) {
            ancestor = ancestor.deletingLastPathComponent()
        }
        var isDir: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDir)
        if !isDir.boolValue { return "\(ancestor.path) is a file, not a folder" }
        if access(ancestor.path, W_OK) != 0 { return "\(ancestor.path) is not writable" }
        return "the file system refused"
    }

    /// Creates the cache folder; a cache that cannot be created is an output error.
    func prepare() throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw LayoutCacheError.cannotCreate(folder: folder, reason: LayoutCache.reason(creating: folder))
        }
    }
}

/// A 128-bit FNV-1a digest of a canonical description of the inputs (not cryptographic: it
/// only needs to tell different inputs apart).
struct CacheKey: Equatable {
    let hex: String

    init(_ parts: [String]) {
        let text = parts.joined(separator: "\u{1F}")
        var h1: UInt64 = 0xcbf2_9ce4_8422_2325
        var h2: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in text.utf8 {
            h1 = (h1 ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            h2 = (h2 ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 ^ (h2 >> 29)
        }
        hex = String(format: "%016llx%016llx", h1, h2)
    }
}

/// Why the cache could not be used.
public enum LayoutCacheError: Error, CustomStringConvertible {
    case cannotCreate(folder: URL, reason: String)

    public var description: String {
        switch self {
        case let .cannotCreate(folder, reason):
            return "cannot create the layout cache \(folder.path): \(reason) (use --cache DIR or --no-cache)"
        }
    }
}
