import ArgumentParser
import LayoutModel

/// `--name NAME`, once per run in run order: the display names of the runs (row headers, the
/// title, metadata), instead of `run.json`'s `name`. One value per flag, so a name may hold
/// commas ("digits CNN, over-fit").
struct RunNameFlags: ParsableArguments {
    @Option(name: .customLong("name"), parsing: .singleValue,
            help: ArgumentHelp("Display name of a run, once per run in run order (default: the run's own name).", valueName: "name"))
    var names: [String] = []

    /// `layouts` with the given names applied (see `apply(_:to:)`).
    func apply(to layouts: [LayoutSet]) throws -> [LayoutSet] {
        try Self.apply(names, to: layouts)
    }

    /// `layouts` with `names` applied, first name to first run; more names than runs is a
    /// usage error, fewer leave the later runs their own names. A plain function, so callers
    /// that parse no command line (the demo, watch) need no parsed flags.
    static func apply(_ names: [String], to layouts: [LayoutSet]) throws -> [LayoutSet] {
        guard names.count <= layouts.count else {
            throw CLIError.usage("--name was given \(names.count) times for \(layouts.count) run\(layouts.count == 1 ? "" : "s"); give it once per run, in run order")
        }
        var named = layouts
        for (i, name) in names.enumerated() { named[i].runName = name }
        return named
    }
}
