import AtomicOutput
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Plain file writes for the writers.
enum FileBytes {
    /// Writes `bytes` to `path` (inside a folder that is itself being written atomically).
    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError.cannotCreate(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw OutputError.cannotCreate(path: path, reason: String(cString: strerror(errno))) }
            done += n
        }
    }

    static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Writes one file whole or not at all.
    static func writeAtomically(_ bytes: [UInt8], to url: URL) throws {
        let output = try AtomicOutput(destination: url)
        try write(bytes, to: output.temporary.path)
        try output.commit()
    }
}
