import Foundation

/// An output file or folder that appears whole or not at all.
///
/// Everything is written to a temporary path beside the destination (same folder, so the final
/// `rename(2)` is atomic); `commit()` moves it into place, replacing what was there only then.
/// Until committed, the temporary path is registered with `InterruptCleanup`, so SIGINT/SIGTERM
/// remove it, and `discard()` or deinit without commit remove it too.
public final class AtomicOutput: @unchecked Sendable {
    /// Where the output will appear.
    public let destination: URL
    /// Where to write meanwhile.
    public let temporary: URL
    private let lock = NSLock()
    private var finished = false

    /// Reserves a temporary path beside `destination`. Fails with `OutputError.cannotCreate` when
    /// the destination's folder does not exist or is not writable.
    public init(destination: URL, isDirectory: Bool = false) throws {
        let destination = destination.standardizedFileURL
        let folder = destination.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw OutputError.cannotCreate(path: destination.path, reason: "folder \(folder.path) does not exist")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw OutputError.cannotCreate(path: destination.path, reason: "folder \(folder.path) is not writable")
        }
        let token = "\(getpid())-\(UInt32.random(in: 0 ... .max))"
        self.destination = destination
        self.temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).partial-\(token)")
        if isDirectory {
            do {
                try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: false)
            } catch {
                throw OutputError.cannotCreate(path: destination.path, reason: error.localizedDescription)
            }
        }
        InterruptCleanup.shared.register(temporary.path)
    }

    deinit { discard() }

    /// Moves the finished output into place. An existing file or folder at the destination is
    /// replaced.
    public func commit() throws {
        lock.lock(); defer { lock.unlock() }
        guard !finished else { return }
        let fm = FileManager.default
        if rename(temporary.path, destination.path) != 0 {
            // rename(2) cannot replace a non-empty directory: move the old one aside first.
            let savedErrno = errno
            guard savedErrno == ENOTEMPTY || savedErrno == EEXIST || savedErrno == EISDIR else {
                throw OutputError.cannotCreate(path: destination.path, reason: String(cString: strerror(savedErrno)))
            }
            let aside = temporary.appendingPathExtension("old")
            guard rename(destination.path, aside.path) == 0 else {
                throw OutputError.cannotCreate(path: destination.path, reason: String(cString: strerror(errno)))
            }
            guard rename(temporary.path, destination.path) == 0 else {
                let reason = String(cString: strerror(errno))
                _ = rename(aside.path, destination.path)
                throw OutputError.cannotCreate(path: destination.path, reason: reason)
            }
            try? fm.removeItem(at: aside)
        }
        finished = true
        InterruptCleanup.shared.unregister(temporary.path)
    }

    /// Removes whatever was written; the destination is left untouched.
    public func discard() {
        lock.lock(); defer { lock.unlock() }
        guard !finished else { return }
        finished = true
        try? FileManager.default.removeItem(at: temporary)
        InterruptCleanup.shared.unregister(temporary.path)
    }
}

/// Errors about where output goes (sysexits EX_CANTCREAT, 73).
public enum OutputError: Error, CustomStringConvertible, Equatable {
    case cannotCreate(path: String, reason: String)
    case interrupted(signal: Int32)

    public var description: String {
        switch self {
        case let .cannotCreate(path, reason):
            return "cannot create \(path): \(reason)"
        case let .interrupted(signal):
            return "interrupted by \(signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"); partial output removed"
        }
    }
}
