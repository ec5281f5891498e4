import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An open file read by offset (`pread`), so looking at headers never loads the data.
/// Owns its descriptor and closes it in deinit; used by one thread at a time.
final class ReadOnlyFile {
    let path: String
    let size: Int64
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RunError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw RunError.cannotOpen(path: path, reason: reason)
        }
        self.fd = fd
        self.size = Int64(info.st_size)
    }

    deinit { close(fd) }

    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func read(offset: Int64, count: Int) throws -> [UInt8] {
        let wanted = max(0, min(Int64(count), size - offset))
        var bytes = [UInt8](repeating: 0, count: Int(wanted))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw RunError.cannotOpen(path: path, reason: n < 0 ? String(cString: strerror(errno)) : "unexpected end of file")
            }
            done += n
        }
        return bytes
    }

    /// Maps the whole file read-only; pages load only when touched.
    func map() throws -> MappedFile {
        try MappedFile(fd: fd, size: Int(size), path: path)
    }
}
