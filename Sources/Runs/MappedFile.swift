import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A read-only memory map of a whole file, unmapped in deinit.
final class MappedFile {
    let bytes: UnsafeRawBufferPointer
    private let base: UnsafeMutableRawPointer?

    init(fd: Int32, size: Int, path: String) throws {
        guard size > 0 else {
            base = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let address, address != MAP_FAILED else {
            throw RunError.cannotOpen(path: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        base = address
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base { munmap(base, bytes.count) }
    }
}
