import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An output file or folder that appears whole or not at all, and never over what nm-render did
/// not write.
///
/// Everything is written to a temporary path beside the destination (same folder, so the final
/// `rename(2)` is atomic); `commit()` moves it into place, replacing what was there only then.
/// Until committed, the temporary path is registered with `InterruptCleanup`, so SIGINT/SIGTERM
/// remove it, and `discard()` or deinit without commit remove it too.
///
/// The temporary name carries the host and process id (`.<name>.partial-<host>-<pid>-<random>`),
/// so a later run can tell the debris of a killed process on this machine from the work of a
/// live one, or of another machine sharing the folder; `init` removes the former (see
/// `PartialFiles`).
///
/// What may be replaced is `OutputRule`'s decision, checked when reserving and again when
/// committing (the destination may change while a long render runs).
///
/// `@unchecked Sendable`: the mutable state (`finished`) is guarded by `lock`; the rest is
/// immutable after `init`.
public final class AtomicOutput: @unchecked Sendable {
    /// Where the output will appear.
    public let destination: URL
    /// Where to write meanwhile.
    public let temporary: URL
    /// What the destination is allowed to replace.
    public let rule: OutputRule
    private let lock = NSLock()
    private var finished = false

    /// The hidden file every output folder of nm-render holds, so that a later run knows it may
    /// replace the folder.
    public static let markerName = ".nm-render-output"

    /// Reserves a temporary path beside `destination`. Fails with `OutputError.cannotCreate` when
    /// the destination's folder does not exist or is not writable, and with `OutputError.refused`
    /// when `rule` does not allow replacing what is at the destination (nothing is touched then).
    public init(destination: URL, rule: OutputRule) throws {
        let destination = destination.standardizedFileURL
        let folder = destination.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw OutputError.cannotCreate(path: destination.path, reason: "folder \(folder.path) does not exist")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw OutputError.cannotCreate(path: destination.path, reason: "folder \(folder.path) is not writable")
        }
        try rule.check(destination)
        PartialFiles.removeStale(in: folder)
        self.destination = destination
        self.rule = rule
        self.temporary = folder.appendingPathComponent(PartialFiles.temporaryName(for: destination.lastPathComponent))
        if rule.isFolder {
            do {
                try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: false)
                let marker = temporary.appendingPathComponent(Self.markerName)
                try Data("written by nm-render; a later nm-render run may replace this folder\n".utf8).write(to: marker)
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw OutputError.cannotCreate(path: destination.path, reason: Self.reason(error))
            }
        }
        InterruptCleanup.shared.register(temporary.path)
    }

    /// A file output (`isDirectory: false`) or a folder output that replaces only empty or
    /// nm-render-marked folders.
    public convenience init(destination: URL, isDirectory: Bool = false) throws {
        try self.init(destination: destination, rule: isDirectory ? .folder() : .file)
    }

    deinit { discard() }

    /// Moves the finished output into place, replacing what the rule allows to be replaced.
    /// After SIGINT/SIGTERM has begun its cleanup this throws `interrupted` and moves nothing.
    public func commit() throws {
        lock.lock(); defer { lock.unlock() }
        guard !finished else { return }
        try rule.check(destination)
        try InterruptCleanup.shared.unlessInterrupting {
            if rename(temporary.path, destination.path) != 0 {
                // rename(2) cannot replace a non-empty directory. Swap the two atomically where the
                // kernel can (renameat2 RENAME_EXCHANGE), so that a kill at any moment leaves the
                // old or the new folder at the destination; else move the old one aside first.
                let savedErrno = errno
                guard rule.isFolder, savedErrno == ENOTEMPTY || savedErrno == EEXIST else {
                    throw OutputError.cannotCreate(path: destination.path, reason: String(cString: strerror(savedErrno)))
                }
                if Self.exchange(temporary.path, destination.path) {
                    // The old folder now sits at the temporary path, which is still registered
                    // for cleanup; remove it.
                    try? FileManager.default.removeItem(at: temporary)
                    finished = true
                    return
                }
                let aside = URL(fileURLWithPath: temporary.path + ".old")
                guard rename(destination.path, aside.path) == 0 else {
                    throw OutputError.cannotCreate(path: destination.path, reason: String(cString: strerror(errno)))
                }
                guard rename(temporary.path, destination.path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    _ = rename(aside.path, destination.path)
                    throw OutputError.cannotCreate(path: destination.path, reason: reason)
                }
                try? FileManager.default.removeItem(at: aside)
            }
            finished = true
        }
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

    private typealias Renameat2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// glibc's `renameat2`, looked up at run time (Swift's Glibc module does not declare it).
    private static let renameat2: Renameat2? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: Renameat2.self)
    }()

    /// Atomically exchanges two existing paths; false when the system or file system cannot.
    static func exchange(_ a: String, _ b: String) -> Bool {
        guard let renameat2 else { return false }
        let renameExchange: UInt32 = 2  // RENAME_EXCHANGE, <linux/fs.h>
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
    }

    static func reason(_ error: Error) -> String {
        if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return (error as NSError).localizedDescription
    }
}

/// Errors about where output goes (sysexits EX_CANTCREAT, 73).
public enum OutputError: Error, CustomStringConvertible, Equatable {
    /// The file system refused (missing folder, permissions, full disk, file too large).
    case cannotCreate(path: String, reason: String)
    /// The destination holds something nm-render must not replace; nothing was touched.
    case refused(path: String, reason: String)
    case interrupted(signal: Int32)

    public var description: String {
        switch self {
        case let .cannotCreate(path, reason):
            return "cannot create \(path): \(reason)"
        case let .refused(path, reason):
            return "refusing to write \(path): \(reason); nothing was changed"
        case let .interrupted(signal):
            return "interrupted by \(signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"); partial output removed"
        }
    }
}
