import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Removes unfinished outputs when the process is interrupted (SIGINT/SIGTERM), then exits with
/// 128 + signal, as shells expect (130 and 143).
///
/// The signals are delivered through dispatch sources rather than raw handlers, so the cleanup
/// runs as ordinary code (removing folders recursively is not async-signal-safe).
///
/// The cleanup races the command's own threads, which may still be writing frames into the
/// folder being removed. So: the signal is recorded first (under the lock `commit()` takes, so
/// an output is either committed before it or never); removal is retried until the path is
/// gone; an error the removal provokes in the command is not reported (`waitIfInterrupting`);
/// and the process ends with `_exit`, which does not run exit handlers on other threads' state.
///
/// `@unchecked Sendable`: every mutable property is guarded by `lock`.
public final class InterruptCleanup: @unchecked Sendable {
    public static let shared = InterruptCleanup()

    private let lock = NSLock()
    private var paths: Set<String> = []
    private var sources: [DispatchSourceSignal] = []
    private var installed = false
    private var interruptingSignal: Int32?

    private init() {}

    /// Installs the handlers once; later calls do nothing. Call early in `main`.
    ///
    /// Also ignores SIGXFSZ, so that a file growing past `ulimit -f` makes `write` fail with
    /// EFBIG (reported as "File too large", exit 73) instead of killing the process silently.
    public func install(message: (@Sendable (Int32) -> Void)? = nil) {
        lock.lock(); defer { lock.unlock() }
        guard !installed else { return }
        installed = true
        signal(SIGXFSZ, SIG_IGN)
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [unowned self] in
                self.interrupt(sig)
                message?(sig)
                _exit(128 + sig)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Records the signal, then removes every registered output, retrying while other threads
    /// are still adding files to it.
    func interrupt(_ sig: Int32) {
        lock.lock()
        if interruptingSignal == nil { interruptingSignal = sig }
        let all = paths
        paths.removeAll()
        lock.unlock()
        for path in all { Self.removeCompletely(path) }
    }

    static func removeCompletely(_ path: String) {
        for _ in 0 ..< 200 {
            try? FileManager.default.removeItem(atPath: path)
            var info = stat()
            if lstat(path, &info) != 0 { return }
            usleep(5_000)
        }
    }

    /// The signal whose cleanup has begun, if any.
    public var interrupting: Int32? {
        lock.lock(); defer { lock.unlock() }
        return interruptingSignal
    }

    /// Called where the command reports an error: when an interrupt's cleanup has begun, the
    /// error is most likely its consequence (a file removed under a writer), so instead of
    /// reporting it this waits for the handler, which exits with 128 + signal.
    public func waitIfInterrupting() {
        guard interrupting != nil else { return }
        while true { pause() }
    }

    /// Runs `body` unless an interrupt's cleanup has begun (then throws `interrupted`); the
    /// cleanup waits for `body` to finish.
    func unlessInterrupting<R>(_ body: () throws -> R) throws -> R {
        lock.lock(); defer { lock.unlock() }
        if let sig = interruptingSignal { throw OutputError.interrupted(signal: sig) }
        return try body()
    }

    func register(_ path: String) {
        lock.lock(); paths.insert(path); lock.unlock()
    }

    func unregister(_ path: String) {
        lock.lock(); paths.remove(path); lock.unlock()
    }

    /// Paths currently registered (unfinished outputs).
    public var pending: [String] {
        lock.lock(); defer { lock.unlock() }
        return paths.sorted()
    }

    /// Removes every registered temporary output.
    public func removeAll() {
        lock.lock()
        let all = paths
        paths.removeAll()
        lock.unlock()
        for path in all { Self.removeCompletely(path) }
    }
}
