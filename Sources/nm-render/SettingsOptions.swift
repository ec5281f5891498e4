import ArgumentParser
import Foundation

/// Flags given on the command line as `key = value` pairs, so that they go through the same
/// `SettingKey` table (and the same validation) as presets and config files.
struct FlagPairs {
    private(set) var pairs: [(key: String, value: String, origin: String)] = []

    /// Adds `--key value` when the flag was given.
    mutating func add(_ key: String, _ value: String?) {
        if let value { pairs.append((key, value, "--\(key)")) }
    }

    /// Adds `key = value` when a switch such as `--no-legend` was given.
    mutating func add(_ key: String, _ value: String, when given: Bool, flag: String) {
        if given { pairs.append((key, value, flag)) }
    }
}

/// `--preset` and `--config`, shared by the commands that render.
struct PresetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Start from a shipped preset (see `nm-render presets`).", valueName: "name"))
    var preset: String?

    @Option(help: ArgumentHelp("A settings file of `key = value` lines, applied after the preset and before flags.",
                               valueName: "file"))
    var config: String?

    /// Settings from defaults, then `defaultPreset` (if no --preset), the preset, the config file,
    /// then the given flag pairs.
    func resolve(flags: [(key: String, value: String, origin: String)], defaultPreset: String? = nil) throws -> Settings {
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

/// Layout (AlignedUMAP) parameters as flags.
struct LayoutFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Neighbours per point (default 15).", valueName: "k"))
    var nNeighbors: String?
    @Option(help: ArgumentHelp("Minimum distance between embedded points (default 0.1).", valueName: "d"))
    var minDist: String?
    @Option(help: ArgumentHelp("Scale of embedded points (default 1.0).", valueName: "s"))
    var spread: String?
    @Option(help: ArgumentHelp("Alignment regularisation: how strongly a point is pulled to itself in nearby epochs (default 0.01).",
                               valueName: "λ"))
    var alignment: String?
    @Option(help: ArgumentHelp("Epochs each side that pull on a point (default 3).", valueName: "W"))
    var alignmentWindow: String?
    @Option(help: ArgumentHelp("Optimisation epochs of AlignedUMAP (default 200).", valueName: "n"))
    var layoutEpochs: String?
    @Option(help: ArgumentHelp("Distance between activations: euclidean or cosine.", valueName: "metric"))
    var metric: String?
    @Option(help: ArgumentHelp("Random seed: the same seed gives the same layout (default 42).", valueName: "n"))
    var seed: String?
    @Flag(help: "Do not rotate/flip blocks and runs to match each other.")
    var noOrient = false
    @Option(help: ArgumentHelp("Folder for cached layouts (default: $XDG_CACHE_HOME/nm-render or ~/.cache/nm-render).",
                               valueName: "dir"))
    var cache: String?
    @Flag(help: "Compute layouts afresh and do not store them.")
    var noCache = false

    var pairs: [(key: String, value: String, origin: String)] {
        var flags = FlagPairs()
        flags.add("n-neighbors", nNeighbors)
        flags.add("min-dist", minDist)
        flags.add("spread", spread)
        flags.add("alignment", alignment)
        flags.add("alignment-window", alignmentWindow)
        flags.add("layout-epochs", layoutEpochs)
        flags.add("metric", metric)
        flags.add("seed", seed)
        flags.add("orient", "false", when: noOrient, flag: "--no-orient")
        return flags.pairs
    }
}

/// What a picture shows: blocks, epochs, classes, samples, look.
struct LookFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Blocks to show, in order (default: all).", valueName: "b1,b2"))
    var blocks: String?
    @Option(help: ArgumentHelp("Saved epochs to use: FIRST:LAST, a list, or all.", valueName: "10:200|10,50,200"))
    var epochs: String?
    @Option(help: ArgumentHelp("Classes to show, by name or index (default: all).", valueName: "c1,c2"))
    var classes: String?
    @Flag(help: "Draw the classes not chosen with --classes in grey instead of hiding them.")
    var context = false
    @Option(help: ArgumentHelp("Draw a class-stratified subset of N samples (default: all).", valueName: "N"))
    var samples: String?
    @Option(help: ArgumentHelp("light, dark or paper.", valueName: "theme"))
    var theme: String?
    @Option(help: ArgumentHelp("Class colours: standard (colour-blind safe) or neuromapper.", valueName: "palette"))
    var palette: String?
    @Option(help: ArgumentHelp("Title drawn above the panels.", valueName: "text"))
    var title: String?
    @Option(help: ArgumentHelp("Point radius in pixels at 1080p, or auto.", valueName: "px"))
    var pointRadius: String?
    @Option(help: ArgumentHelp("Point opacity 0.05-1, or auto.", valueName: "alpha"))
    var pointOpacity: String?
    @Option(help: ArgumentHelp("metrics.csv columns to chart under the panels.", valueName: "val_acc,train_acc"))
    var metrics: String?
    @Flag(help: "Leave out the class legend.")
    var noLegend = false

    var pairs: [(key: String, value: String, origin: String)] {
        var flags = FlagPairs()
        flags.add("blocks", blocks)
        flags.add("epochs", epochs)
        flags.add("classes", classes)
        flags.add("context", "true", when: context, flag: "--context")
        flags.add("samples", samples)
        flags.add("theme", theme)
        flags.add("palette", palette)
        flags.add("title", title)
        flags.add("point-radius", pointRadius)
        flags.add("point-opacity", pointOpacity)
        flags.add("metrics", metrics)
        flags.add("legend", "false", when: noLegend, flag: "--no-legend")
        return flags.pairs
    }
}

/// `--quiet` and `--json`.
struct ReportFlags: ParsableArguments {
    @Flag(name: .shortAndLong, help: "No progress on stderr.")
    var quiet = false
    @Flag(help: "Print one JSON object on stdout at the end: outputs, frames, seconds per stage, cache hits.")
    var json = false
}
