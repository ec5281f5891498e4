import ArgumentParser
import Foundation

/// `--preset` and `--config`, shared by the commands that render.
struct PresetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Start from a shipped preset (see `nm-render presets`).", valueName: "name"))
    var preset: String?

    @Option(help: ArgumentHelp("A settings file of `key = value` lines, applied after the preset and before flags.",
                               valueName: "file"))
    var config: String?

    /// Settings from defaults, then `defaultPreset` (if no --preset), the preset, the config file,
    /// then the setting flags of the command line.
    func resolve(flags: [(key: String, value: String, origin: String)] = SettingFlags.given,
                 defaultPreset: String? = nil) throws -> Settings {
        var settings = Settings()
        if let name = preset ?? defaultPreset {
            try settings.apply(PresetLibrary.load(name).pairs)
        }
        if let config {
            try settings.apply(SettingsFile(contentsOf: URL(fileURLWithPath: config)).pairs)
        }
        try settings.apply(flags)
        return settings
    }
}

/// Where layouts are cached.
struct CacheFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Folder for cached layouts (default: $XDG_CACHE_HOME/nm-render or ~/.cache/nm-render).",
                               valueName: "dir"))
    var cache: String?
    @Flag(help: "Compute layouts afresh and do not store them.")
    var noCache = false
}

/// `--quiet` and `--json`.
struct ReportFlags: ParsableArguments {
    @Flag(name: .shortAndLong, help: "No progress on stderr.")
    var quiet = false
    @Flag(help: "Print one JSON object on stdout at the end: outputs, frames, seconds per stage, cache hits.")
    var json = false
}
