import Foundation
import Runs
#if canImport(Glibc)
import Glibc
#endif

/// The SHA-256 of input files' bytes, each file hashed once and then remembered by its
/// identity (device, inode, size, modification time in nanoseconds) in a sidecar index in the
/// cache folder, so an unchanged run is not read again to build its cache keys.
///
/// The index is a folder of one small file per identity (`<cache>/digests/d<dev>-i<ino>-s<size>-m<ns>`)
/// holding the digest. One file per identity, each written under a unique name and renamed
/// into place, needs no lock however many processes on however many machines use the cache at
/// once; two that hash the same file at the same time write the same digest, so either rename
/// may win. An identity reused after a file was replaced has a new modification time (or a new
/// inode), so a stale digest is never read for new bytes.
public struct ContentDigest: Sendable {
    /// The folder of remembered digests; nil hashes every time and remembers nothing.
    public let indexFolder: URL?

    public init(indexFolder: URL?) {
        self.indexFolder = indexFolder
    }

    /// The index that lives in `cache`'s folder.
    public init(cache: LayoutCache) {
        self.init(indexFolder: cache.folder.appendingPathComponent("digests"))
    }

    /// The SHA-256 of the file at `path`, as 64 hex digits.
    public func digest(ofFile path: String) throws -> String {
        let identity = try FileIdentity(path: path)
        let remembered = indexFolder.map { $0.appendingPathComponent(identity.name) }
        if let remembered, let text = try? String(contentsOf: remembered, encoding: .utf8) {
            let digest = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if ContentDigest.isDigest(digest) { return digest }
        }
        let digest = try ContentDigest.hash(path: path)
        // Re-check the identity: a file rewritten while it was read must not be remembered
        // under the old identity with bytes from two versions.
        if let remembered, (try? FileIdentity(path: path)) == identity {
            remember(digest, at: remembered)
        }
        return digest
    }

    /// Writes `digest` at `url` under a unique name and renames it into place. A failure only
    /// costs a later re-hash, so it is ignored (an unwritable cache is reported elsewhere).
    private func remember(_ digest: String, at url: URL) {
        let folder = url.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UniqueName.token)")
        guard (try? Data((digest + "\n").utf8).write(to: temporary)) != nil else { return }
        if rename(temporary.path, url.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
    }

    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48 ... 57).contains($0) || (97 ... 102).contains($0) }
    }

    /// Reads the file in 1 MiB pieces into SHA-256.
    static func hash(path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RunError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var sha = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw RunError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
            if n == 0 { break }
            buffer.withUnsafeBytes { sha.update(UnsafeRawBufferPointer(rebasing: $0[0 ..< n])) }
        }
        return sha.hexDigest()
    }
}

/// What tells one file version from another without reading it.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modifiedNanoseconds: Int64

    init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw RunError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }

    /// The index file's name.
    var name: String { "d\(device)-i\(inode)-s\(size)-m\(modifiedNanoseconds)" }
}

/// A name no other process on any machine sharing a folder is using: host, process id and a
/// random number (the host alone tells machines apart, the pid processes, the number threads).
enum UniqueName {
    static var token: String {
        var host = [CChar](repeating: 0, count: 256)
        let name = gethostname(&host, host.count) == 0 ? String(cString: host) : "host"
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        return "tmp-\(safe)-\(getpid())-\(UInt32.random(in: 0 ... .max))"
    }
}
