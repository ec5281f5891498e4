#if canImport(Glibc)
import Glibc
#endif

/// Asks Linux to back a large fresh buffer with 2 MiB pages (`madvise(MADV_HUGEPAGE)`; this
/// machine's transparent huge pages are `madvise`-only). A 10k x 16,384 slice's 655 MB of
/// floats is otherwise 160,000 page faults of 4 KiB, and the searches that read it across
/// rows 64 KiB apart miss the TLB on most rows. A hint: values and errors are unchanged.
enum HugePages {
    static let size = 2 << 20

    /// Advises the 2 MiB-aligned part of `buffer`, before it is first written; buffers under
    /// `minimumBytes` are left alone. Returns whether the kernel took the advice (false on
    /// other systems, and on kernels without transparent huge pages).
    @discardableResult
    static func advise(_ buffer: UnsafeMutableRawBufferPointer) -> Bool {
        #if os(Linux)
        guard let base = buffer.baseAddress, buffer.count >= minimumBytes else { return false }
        let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(size - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return false }
        return madvise(p, end - start, MADV_HUGEPAGE) == 0
        #else
        return false
        #endif
    }

    static let minimumBytes = 64 << 20
}
