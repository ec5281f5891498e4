import Foundation

/// Flags that keep a command fast in the debug build the tests run: small AlignedUMAP settings,
/// small frames, few frames, no progress output.
enum FastArguments {
    /// AlignedUMAP on a generated run of 60 samples: a fraction of a second in debug.
    static let layout = ["--layout-epochs", "20", "--n-neighbors", "5"]

    /// 320x180 at 5 fps, 0.2 s per epoch step and no holds: 3 epochs give 3 frames.
    static let video = ["--size", "320x180", "--fps", "5", "--seconds-per-epoch", "0.2", "--hold", "0", "--quiet"]

    /// `--cache` in a test's own folder, never the user's ~/.cache.
    static func cache(in folder: URL) -> [String] {
        ["--cache", folder.appendingPathComponent("cache").path]
    }
}
