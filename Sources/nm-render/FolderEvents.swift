import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Linux inotify on one folder at a time, so that `watch` wakes as soon as an entry is created,
/// renamed into, written, renamed away or removed there, instead of at its next poll.
///
/// inotify sees only changes made through this machine's kernel: on a network file system an
/// epoch written by another machine raises no event, which is why `RunFolderWait` polls as well.
///
/// Owns its inotify descriptor: opened by `init`, closed by `deinit`; nothing else holds it. Not
/// `Sendable`: the watch loop's thread is its only user.
final class FolderEvents {
    #if os(Linux)
    private let descriptor: Int32
    private var watch: (path: String, handle: Int32)?

    /// What wakes a waiting watch in the folder; the `_SELF` events say the folder itself went away
    /// (a run deleted or replaced while watched), so that the next `follow` watches it anew.
    private static let mask = UInt32(IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_DELETE
        | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    /// nil where inotify is unavailable (the per-user instance limit reached, or a kernel
    /// without it); watch then polls only.
    init?() {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// The folder watched now, if any.
    var watchedPath: String? { watch?.path }

    /// Watches `path` (a folder) instead of the folder watched so far. Returns false when it
    /// cannot be watched (gone, not a folder, the watch limit reached); nothing is watched then.
    @discardableResult
    func follow(_ path: String) -> Bool {
        if watch?.path == path { return true }
        stop()
        let handle = inotify_add_watch(descriptor, path, Self.mask)
        guard handle >= 0 else { return false }
        watch = (path, handle)
        return true
    }

    /// Waits up to `timeout` seconds for an event in the watched folder. Returns true when
    /// events arrived (all are read, so the next wait waits for new ones), false on timeout.
    /// Events of folders watched before (such as the IN_IGNORED that removing their watch
    /// queues) are read and passed over.
    func wait(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(left * 1000, Double(Int32.max)).rounded(.up))
            // 0: timeout; -1: EINTR or an error, and the caller looks at the run anyway.
            guard poll(&request, 1, milliseconds) > 0 else { return false }
            if drain() { return true }
        }
    }

    /// Reads every pending event; returns whether one was the watched folder's. An event saying
    /// that folder went away forgets the watch.
    private func drain() -> Bool {
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        var relevant = false
        while true {
            let count = read(descriptor, buffer, size)
            guard count > 0 else { return relevant }  // EAGAIN: nothing more for now
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                if let watch, event.wd == watch.handle {
                    relevant = true
                    if event.mask & UInt32(IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF) != 0 { self.watch = nil }
                }
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
            }
        }
    }

    private func stop() {
        if let watch { _ = inotify_rm_watch(descriptor, watch.handle) }
        watch = nil
    }
    #else
    /// Elsewhere there is no inotify; watch polls only.
    init?() { return nil }
    var watchedPath: String? { nil }
    @discardableResult func follow(_ path: String) -> Bool { false }
    func wait(timeout: Double) -> Bool { false }
    #endif
}
