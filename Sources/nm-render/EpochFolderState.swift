import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one epoch's entry of a run holds at one moment (`epoch_<E>/` with its files, or
/// `epoch_<E>.npz`): every file's name, size and modification time.
///
/// `watch` takes it before and after reading an epoch's arrays and lays the epoch out only when
/// the two are equal. A writer that renames finished epochs into place (the Python RunWriter)
/// never trips this; one that writes an epoch in place would otherwise be read half-written
/// whenever a look falls between two of its writes, since the reader's checks (every block
/// present, sizes matching the headers) cannot see a file being rewritten.
struct EpochFolderState: Equatable {
    struct File: Equatable {
        var name: String
        var size: Int64
        var modified: timespec

        static func == (a: File, b: File) -> Bool {
            a.name == b.name && a.size == b.size && a.modified.tv_sec == b.modified.tv_sec
                && a.modified.tv_nsec == b.modified.tv_nsec
        }
    }

    /// The entry's name in the run folder, e.g. `epoch_007`.
    var entry: String
    /// When the entry last changed: for a folder renamed into place, when its last file was
    /// created, just before the rename.
    var modified: Date
    /// The entry itself (an .npz) or the files inside it, by name.
    var files: [File]

    /// The state of `epoch`'s entry in `run` now; nil when it has none (or it cannot be read).
    static func of(epoch: Int, in run: URL) -> EpochFolderState? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: run.path) else { return nil }
        for name in names where name.hasPrefix("epoch_") {
            let number = name.hasSuffix(".npz") ? name.dropFirst(6).dropLast(4) : name.dropFirst(6)
            guard Int(number) == epoch else { continue }
            let path = run.appendingPathComponent(name).path
            guard let own = file(at: path, name: name) else { return nil }
            let modified = Date(timeIntervalSince1970: Double(own.modified.tv_sec) + Double(own.modified.tv_nsec) / 1e9)
            if name.hasSuffix(".npz") { return EpochFolderState(entry: name, modified: modified, files: [own]) }
            let inside = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
            let files = inside.compactMap { file(at: path + "/" + $0, name: $0) }
            return EpochFolderState(entry: name, modified: modified, files: files)
        }
        return nil
    }

    private static func file(at path: String, name: String) -> File? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return File(name: name, size: Int64(info.st_size), modified: info.st_mtim)
    }
}
