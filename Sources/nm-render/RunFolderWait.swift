import Foundation

/// How `watch` waits between two looks at the run: until inotify reports a change in the run
/// folder (or, while the run does not exist yet, in the nearest folder above it that does), and
/// never longer than the poll interval, because on a network file system an epoch written by
/// another machine raises no event at all. Without inotify it simply sleeps the poll interval.
struct RunFolderWait {
    /// How the last wait ended.
    enum Wake: Equatable {
        /// inotify reported a change.
        case change
        /// The poll interval passed.
        case poll
    }

    let run: URL
    /// Longest wait, seconds (--poll).
    let poll: Double
    /// After an event, how long the folder must stay quiet before the look: a writer renames an
    /// epoch into place and then writes its metrics row and manifest, and one look should see all.
    let settle: Double
    private let events: FolderEvents?

    init(run: URL, poll: Double, settle: Double = 0.1, inotify: Bool = true) {
        self.run = run.standardizedFileURL
        self.poll = poll
        self.settle = min(settle, poll)
        events = inotify ? FolderEvents() : nil
    }

    /// Whether changes are being watched by inotify (otherwise the wait is polling only).
    var usesInotify: Bool { events != nil }

    /// The folder inotify watches now: the run, or its nearest existing ancestor.
    var watchedPath: String? { events?.watchedPath }

    /// Waits for a change or the poll interval, whichever comes first.
    func wait() -> Wake {
        guard let events else {
            Thread.sleep(forTimeInterval: poll)
            return .poll
        }
        // Re-aimed before every wait: the run may have appeared (or been replaced) since.
        events.follow(Self.nearestFolder(to: run).path)
        let start = Date()
        guard events.wait(timeout: poll) else { return .poll }
        // A burst of events (epoch folder renamed in, then metrics.csv and run.json replaced)
        // makes one look: wait for a quiet `settle`, within the poll interval.
        while Date().timeIntervalSince(start) < poll, events.wait(timeout: settle) {}
        return .change
    }

    /// `url` if it is a folder, else the nearest folder above it (the root at worst).
    static func nearestFolder(to url: URL) -> URL {
        var candidate = url.standardizedFileURL
        while true {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), isFolder.boolValue {
                return candidate
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { return candidate }
            candidate = parent
        }
    }
}
