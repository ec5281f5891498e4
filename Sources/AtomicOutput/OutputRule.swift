import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What an output may replace (README, "Outputs"):
///
/// - a file output replaces an existing regular file (or symbolic link), never a folder, a
///   device, a FIFO or a socket;
/// - a folder output replaces a missing or empty folder, a folder nm-render wrote (it holds
///   `AtomicOutput.markerName`), or a folder written before the marker existed that holds only
///   what that kind of output writes (`legacyContents` decides from the entry names);
/// - neither replaces, lies inside or contains a path in `protected` (the command's input runs).
///
/// `Sendable`: immutable values and a `@Sendable` predicate.
public struct OutputRule: Sendable {
    public let isFolder: Bool
    /// For folder outputs: does a folder holding exactly these (non-hidden) names look like one
    /// this kind of output wrote before markers existed?
    public let legacyContents: (@Sendable ([String]) -> Bool)?
    /// Paths the output must not be, be inside of, or contain (resolved through symbolic links).
    public let protected: [URL]

    public init(isFolder: Bool, legacyContents: (@Sendable ([String]) -> Bool)? = nil, protected: [URL] = []) {
        self.isFolder = isFolder
        self.legacyContents = legacyContents
        self.protected = protected
    }

    /// A file output.
    public static let file = OutputRule(isFolder: false)

    /// A folder output recognising `legacyContents`.
    public static func folder(legacyContents: (@Sendable ([String]) -> Bool)? = nil) -> OutputRule {
        OutputRule(isFolder: true, legacyContents: legacyContents)
    }

    /// The same rule, also protecting `inputs`.
    public func protecting(_ inputs: [URL]) -> OutputRule {
        OutputRule(isFolder: isFolder, legacyContents: legacyContents, protected: protected + inputs)
    }

    /// Throws `OutputError.refused` (one sentence, the path and why) when `destination` may not be
    /// written under this rule. Reads only: nothing is created or removed.
    public func check(_ destination: URL) throws {
        let path = destination.standardizedFileURL.path
        func refuse(_ reason: String) -> OutputError { .refused(path: path, reason: reason) }

        let resolved = Self.resolved(destination)
        for input in protected {
            let run = Self.resolved(input)
            if resolved == run {
                throw refuse("it is the input run \(input.path)")
            }
            if Self.isInside(resolved, run) {
                throw refuse("it lies inside the input run \(input.path)")
            }
            if Self.isInside(run, resolved) {
                throw refuse("it contains the input run \(input.path)")
            }
        }

        var info = stat()
        guard lstat(path, &info) == 0 else { return }  // nothing there: nothing to replace
        let type = info.st_mode & S_IFMT
        if !isFolder {
            switch type {
            case S_IFREG, S_IFLNK: return
            case S_IFDIR: throw refuse("it is an existing folder, and this output is a file (remove the folder or choose another name)")
            default: throw refuse("it exists and is not a regular file")
            }
        }
        guard type == S_IFDIR else {
            throw refuse("it exists and is not a folder (remove it or choose another name)")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw refuse("its contents cannot be listed")
        }
        if names.isEmpty || names.contains(AtomicOutput.markerName) { return }
        let visible = names.filter { !$0.hasPrefix(".") }
        if visible.count == names.count, let legacyContents, legacyContents(visible) { return }
        throw refuse("it is a folder holding files nm-render did not write (empty it or choose another folder)")
    }

    /// `url` with symbolic links resolved for its longest existing prefix, so that `run/../run`,
    /// a link to the run, and a path not yet created inside the run compare correctly.
    static func resolved(_ url: URL) -> [String] {
        var existing = url.standardizedFileURL
        var tail: [String] = []
        while existing.path != "/", realpath(existing.path, nil) == nil {
            tail.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        var base = existing.path
        if let real = realpath(existing.path, nil) {
            base = String(cString: real)
            free(real)
        }
        return base.split(separator: "/").map(String.init) + tail
    }

    /// Whether `inner` lies strictly inside `outer` (both as path components).
    static func isInside(_ inner: [String], _ outer: [String]) -> Bool {
        inner.count > outer.count && Array(inner.prefix(outer.count)) == outer
    }
}
