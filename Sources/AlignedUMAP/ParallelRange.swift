import Foundation
import Dispatch

/// Runs `body` over fixed chunks of `0..<count` on up to `threads` threads.
///
/// The chunking depends only on `count` and `chunkSize`, never on the thread count, so any
/// computation whose chunks write disjoint outputs gives the same bytes on 1 or many threads.
///
/// Workers take the next chunk as they finish one, rather than a fixed share: when another
/// computation shares the cores (the chained schedule searches later slices while it
/// optimises one), a fixed half would leave the worker on the busy core last, and the whole
/// call would take as long as all of it on one core. Which worker runs a chunk does not change
/// what the chunk computes.
func parallelChunks(_ count: Int, chunkSize: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let size = max(1, chunkSize)
    let chunks = (count + size - 1) / size
    let workers = min(threads, chunks)
    if workers <= 1 {
        for c in 0..<chunks { body(c * size ..< min(count, (c + 1) * size)) }
        return
    }
    let next = ChunkDispenser(chunks: chunks)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while let c = next.take() {
            body(c * size ..< min(count, (c + 1) * size))
        }
    }
}

/// Hands out chunk indices 0, 1, 2, ... once each to whichever worker asks.
///
/// `@unchecked Sendable`: its one mutable field is read and written only with `lock` held.
private final class ChunkDispenser: @unchecked Sendable {
    private let lock = NSLock()
    private let chunks: Int
    private var handedOut = 0

    init(chunks: Int) { self.chunks = chunks }

    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard handedOut < chunks else { return nil }
        handedOut += 1
        return handedOut - 1
    }
}

/// A raw buffer shared by worker threads that each write a disjoint set of elements.
///
/// `@unchecked Sendable` because the type cannot prove the disjointness: every user documents
/// which indices each chunk writes, and nobody reads an element while another thread writes it.
/// The memory is owned by the caller (e.g. an array kept alive around the parallel section).
struct SharedMutableBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        // An empty buffer has no base address; a never-dereferenced aligned dummy stands in.
        base = buffer.baseAddress ?? UnsafeMutablePointer<Element>(bitPattern: MemoryLayout<Element>.alignment)!
        count = buffer.count
    }

    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// A read-only raw view shared by worker threads (no thread writes while it is in use).
struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafePointer<Element>
    let count: Int

    init(_ buffer: UnsafeBufferPointer<Element>) {
        base = buffer.baseAddress ?? UnsafePointer<Element>(bitPattern: MemoryLayout<Element>.alignment)!
        count = buffer.count
    }

    subscript(i: Int) -> Element { base[i] }
}
