import Foundation
import LayoutModel
import Runs

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

    /// Creates the cache folder; a cache that cannot be created throws `cannotCreate`, which
    /// the stage reports as a warning (the render goes on without the cache).
    func prepare() throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw LayoutCacheError.cannotCreate(folder: folder, reason: LayoutCache.reason(creating: folder))
        }
    }

    /// What a lookup found.
    enum Lookup {
        /// Per block asked for, per epoch, interleaved x, y.
        case hit([[[Float]]])
        case miss
        /// An entry exists but is damaged or belongs to another key; `reason` says how.
        case damaged(String)
    }

    /// Keys in an entry's `layout.json` parameters that seal it: the key it was stored under and
    /// a checksum of everything it holds.
    static let keyField = "cache_key"
    static let checksumField = "cache_checksum"

    /// The entry for `key`, verified: readable as a layouts folder, stored under this key with
    /// these `parameters`, holding `blocks` at `epochs` for `sampleCount` samples, and matching its
    /// checksum (so a flipped bit, a NaN written in, or coordinates scaled by hand are caught).
    /// One block is one run's block; a joint layout of several runs stores one block per run.
    func load(_ key: CacheKey, blocks: [String], epochs: [Int], sampleCount: Int, parameters: [String: String]) -> Lookup {
        let url = entry(for: key)
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return .miss }
        let run: Run
        let set: LayoutSet
        do {
            run = try Run.open(at: url)
            set = try run.layoutSet()
        } catch {
            return .damaged("it cannot be read (\(error))")
        }
        var stored = run.layoutParameters
        let storedKey = stored.removeValue(forKey: Self.keyField)
        let storedChecksum = stored.removeValue(forKey: Self.checksumField)
        guard storedKey == key.hex, stored == parameters else { return .damaged("it belongs to other inputs or parameters") }
        let stacks = blocks.compactMap { set.block(named: $0)?.positions }
        guard set.epochs == epochs, set.sampleCount == sampleCount, stacks.count == blocks.count else {
            return .damaged("it holds other epochs, samples or blocks")
        }
        guard storedChecksum == Self.checksum(key: key, blocks: blocks, epochs: epochs, sampleCount: sampleCount,
                                             stacks: stacks, parameters: parameters) else {
            return .damaged("its checksum does not match its data")
        }
        return .hit(stacks)
    }

    /// Writes the entry for `key`, replacing whatever is there (the cache folder is nm-render's
    /// own, so a damaged entry, even a stray file in its place, is removed first).
    /// `set`'s blocks are the entry's blocks (one, or one per run of a joint layout).
    func store(_ key: CacheKey, set: LayoutSet, parameters: [String: String]) throws {
        try prepare()
        let url = entry(for: key)
        let blocks = set.blocks.map(\.name)
        if case .damaged = load(key, blocks: blocks, epochs: set.epochs, sampleCount: set.sampleCount, parameters: parameters) {
            try? FileManager.default.removeItem(at: url)
        }
        var sealed = parameters
        sealed[Self.keyField] = key.hex
        sealed[Self.checksumField] = Self.checksum(key: key, blocks: blocks, epochs: set.epochs, sampleCount: set.sampleCount,
                                                   stacks: set.blocks.map(\.positions), parameters: parameters)
        try storeShared(set, parameters: sealed, key: key)
    }

    /// FNV-1a over the key, the blocks, the epochs, N, the parameters and the bit patterns of every
    /// coordinate (NaN payloads included), as 32 hex digits. (For one block, the same digest as
    /// before joint entries existed, so older entries stay valid.)
    static func checksum(key: CacheKey, blocks: [String], epochs: [Int], sampleCount: Int, stacks: [[[Float]]],
                         parameters: [String: String]) -> String {
        let positions = stacks.flatMap { $0 }
        var hash = CacheKey.Hasher()
        hash.add(key.hex)
        hash.add(blocks.joined(separator: ","))
        hash.add(epochs.map(String.init).joined(separator: ","))
        hash.add(String(sampleCount))
        for (k, v) in parameters.sorted(by: { $0.key < $1.key }) { hash.add("\(k)=\(v)") }
        for slice in positions {
            hash.add(String(slice.count))
            for value in slice { hash.add(value.bitPattern) }
        }
        return hash.hex
    }
}

/// A 128-bit FNV-1a digest of a canonical description of the inputs (not cryptographic: it
/// only needs to tell different inputs apart).
struct CacheKey: Equatable {
    let hex: String

    init(_ parts: [String]) {
        var hasher = Hasher()
        hasher.add(parts.joined(separator: "\u{1F}"))
        hex = hasher.hex
    }

    /// The two 64-bit FNV-1a lanes behind keys and entry checksums.
    struct Hasher {
        private var h1: UInt64 = 0xcbf2_9ce4_8422_2325
        private var h2: UInt64 = 0x8422_2325_cbf2_9ce4

        mutating func add(byte: UInt8) {
            h1 = (h1 ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            h2 = (h2 ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 ^ (h2 >> 29)
        }

        mutating func add(_ text: String) {
            for byte in text.utf8 { add(byte: byte) }
            add(byte: 0x1F)
        }

        mutating func add(_ word: UInt32) {
            add(byte: UInt8(truncatingIfNeeded: word)); add(byte: UInt8(truncatingIfNeeded: word >> 8))
            add(byte: UInt8(truncatingIfNeeded: word >> 16)); add(byte: UInt8(truncatingIfNeeded: word >> 24))
        }

        var hex: String { String(format: "%016llx%016llx", h1, h2) }
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
