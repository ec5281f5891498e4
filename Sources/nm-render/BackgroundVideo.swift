import Foundation
import Synchronization

/// At most one video render at a time, on its own thread: an update starts one only when the
/// previous one has finished, and an update that arrives while a render runs is skipped, never
/// queued behind it (the end of the watch renders once more, so the last epochs are never
/// missing). The stills never wait for a video.
///
/// `Sendable` through `Mutex`: the busy flag and the first error are the only shared state, and
/// the render closure owns everything it touches.
final class BackgroundVideo: Sendable {
    private struct State {
        var busy = false
        var error: (any Error)?
    }
    private let state = Mutex(State())
    private let done = DispatchGroup()

    var isIdle: Bool { state.withLock { !$0.busy } }

    /// Runs `body` on a new thread unless a render is running; returns whether it started. A
    /// body that is not started is dropped, not kept for later.
    @discardableResult
    func startIfIdle(_ body: @escaping @Sendable () throws -> Void) -> Bool {
        let claimed = state.withLock { s in
            if s.busy { return false }
            s.busy = true
            return true
        }
        guard claimed else { return false }
        done.enter()
        let thread = Thread { [self] in
            do { try body() } catch {
                state.withLock { if $0.error == nil { $0.error = error } }
            }
            state.withLock { $0.busy = false }
            done.leave()
        }
        thread.start()
        return true
    }

    /// Waits for the running render, if any.
    func waitUntilIdle() { done.wait() }

    /// The first error a render threw, once.
    func takeError() -> (any Error)? {
        state.withLock { s in
            defer { s.error = nil }
            return s.error
        }
    }
}
