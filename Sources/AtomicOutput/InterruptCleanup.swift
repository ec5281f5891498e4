import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Removes unfinished outputs when the process is interrupted (SIGINT/SIGTERM), then exits with
/// 128 + signal, as shells expect.
///
/// The signals are delivered through dispatch sources rather than raw handlers, so the cleanup
/// runs as ordinary code (removing folders recursively is not async-signal-safe).
public final class InterruptCleanup: @unchecked Sendable {
    public static let shared = InterruptCleanup()

    private let lock = NSLock()
    private var paths: Set<String> = []
    private var sources: [DispatchSourceSignal] = []
    private var installed = false

    private init() {}

    /// Installs the handlers once; later calls do nothing. Call early in `main`.
    public func install(message: (@Sendable (Int32) -> Void)? = nil) {
        lock.lock(); defer { lock.unlock() }
        guard !installed else { return }
        installed = true
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [unowned self] in
                self.removeAll()
                message?(sig)
                exit(128 + sig)
            }
            source.resume()
            sources.append(source)
        }
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
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}
