import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An open regular file read by offset (`pread`), so looking at headers never loads the data.
/// Owns its descriptor and closes it in deinit; used by one thread at a time.
///
/// Only regular files are opened: the path is opened with `O_NONBLOCK` (so a FIFO without a
/// writer cannot block the open) and `fstat` then refuses FIFOs, devices and sockets. Data is
/// read with bounded `pread` calls rather than a memory map, so a file that shrinks while it is
/// read gives an error naming it, never SIGBUS.
final class ReadOnlyFile {
    let path: String
    let size: Int64
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw RunError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw RunError.cannotOpen(path: path, reason: reason)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw RunError.notRegularFile(path: path, kind: Self.kindName(info.st_mode))
        }
        self.fd = fd
        self.size = Int64(info.st_size)
    }

    deinit { close(fd) }

    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "not a regular file"
        }
    }

    /// Up to `count` bytes from `offset` (fewer at the end of the file as it was opened). A file
    /// that has since become shorter throws `changedWhileReading`.
    func read(offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0 else {
            throw RunError.cannotOpen(path: path, reason: "an offset or length in the file is out of range")
        }
        let wanted = max(0, min(Int64(count), size - offset))
        try MemoryBudget.check(Int64(wanted), path: path)
        // Not zeroed first: every byte is read into (or the read throws and the array is dropped).
        return try [UInt8](unsafeUninitializedCapacity: Int(wanted)) { buffer, initialized in
            try readFully(into: UnsafeMutableRawBufferPointer(buffer), offset: offset)
            initialized = buffer.count
        }
    }

    /// Fills `buffer` from `offset`; the file must hold every byte.
    func readFully(into buffer: UnsafeMutableRawBufferPointer, offset: Int64) throws {
        var done = 0
        while done < buffer.count {
            // Bounded chunks: one call never asks for more than 64 MiB.
            let n = pread(fd, buffer.baseAddress! + done, min(buffer.count - done, 64 << 20), off_t(offset) + off_t(done))
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN { continue }
            guard n > 0 else {
                if n == 0 { throw RunError.changedWhileReading(path: path) }
                throw RunError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            done += n
        }
    }

    /// Asks the system to start reading bytes `start ..< end` into the page cache in the
    /// background, so that a later read finds them in memory (a hint: failures are ignored).
    /// Linux caps one `POSIX_FADV_WILLNEED` at the device's read-ahead window (a few MiB), so
    /// the range is advised in chunks of `adviceChunk`; a 328 MB slice that took 1.5 s to read
    /// from this VM's disk read in 0.26 s once advised 2.5 s earlier.
    func adviseWillNeed(from start: Int64, to end: Int64) {
        #if os(Linux)
        var offset = max(0, start)
        let end = min(end, size)
        while offset < end {
            let n = min(Self.adviceChunk, end - offset)
            guard posix_fadvise(fd, off_t(offset), off_t(n), POSIX_FADV_WILLNEED) == 0 else { return }
            offset += n
        }
        #endif
    }

    static let adviceChunk: Int64 = 8 << 20

    /// Calls `body` with consecutive chunks of bytes `start ..< end` (default: the whole file),
    /// for scanning or decoding without holding them all. The range must lie in the file.
    func forEachChunk(size chunkSize: Int = 1 << 20, from start: Int64 = 0, to end: Int64? = nil,
                      _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let end = end ?? size
        var buffer = [UInt8](repeating: 0, count: Int(min(Int64(chunkSize), max(0, end - start))))
        var offset = start
        while offset < end {
            let n = Int(min(Int64(chunkSize), end - offset))
            try buffer.withUnsafeMutableBytes { raw in
                let part = UnsafeMutableRawBufferPointer(rebasing: raw[0 ..< n])
                try readFully(into: part, offset: offset)
                try body(UnsafeRawBufferPointer(part))
            }
            offset += Int64(n)
        }
    }
}

/// A ceiling on single allocations made for input data, so that a size declared by a file (or
/// a file too large for this machine) becomes an error naming it instead of an allocation
/// failure that aborts the process.
///
/// The ceiling is the smaller of physical memory and half the address-space limit (`ulimit -v`),
/// since decoding an array needs its bytes and its floats at once.
enum MemoryBudget {
    static let limit: Int64 = {
        var physical = Int64(ProcessInfo.processInfo.physicalMemory)
        if physical <= 0 { physical = Int64.max }
        var rl = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &rl) == 0, rl.rlim_cur != rlim_t.max, rl.rlim_cur < rlim_t(Int64.max) {
            physical = min(physical, Int64(rl.rlim_cur) / 2)
        }
        return physical
    }()

    static func check(_ bytes: Int64, path: String) throws {
        guard bytes <= limit else { throw RunError.tooLarge(path: path, bytes: bytes, limit: limit) }
    }
}
