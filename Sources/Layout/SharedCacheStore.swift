import Foundation
import LayoutModel
import Runs

extension LayoutCache {
    /// Stores `set` as the entry of `key`, safely when many processes on many machines write to
    /// one shared cache folder at once: the entry is written whole under a name unique to this
    /// host and process, then renamed into place in one step, so a reader sees a complete entry
    /// or none. When another process stored the same key first, its entry is kept and ours is
    /// dropped: entries of one key are identical (same input bytes, parameters and tool version
    /// give the same layout bytes), so losing that race costs only the duplicated work.
    func storeShared(_ set: LayoutSet, parameters: [String: String], key: CacheKey) throws {
        let entry = entry(for: key)
        let staging = folder.appendingPathComponent(".\(key.hex).\(UniqueName.token)")
        try LayoutsFolderWriter.write(set, parameters: parameters, to: staging)
        guard rename(staging.path, entry.path) != 0 else { return }
        let code = errno
        try? FileManager.default.removeItem(at: staging)
        // rename(2) refuses to replace a non-empty folder: the entry is there already.
        guard code == ENOTEMPTY || code == EEXIST else {
            throw LayoutCacheError.cannotCreate(folder: entry, reason: String(cString: strerror(code)))
        }
    }
}
