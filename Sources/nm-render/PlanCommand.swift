import ArgumentParser
import Foundation
import Layout
import Runs

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "List the independent layout units a render of these runs needs, for a scheduler (Ray, Slurm).",
        discussion: """
            Each unit is the layouts of one block of one run over every saved epoch, stored in \
            the cache under a key made from the arrays' content and the layout settings. Units \
            already in the cache are counted, not listed. Run each unit anywhere that sees the \
            cache folder, with the command line the plan gives it (`argv`, after the executable), \
            then render with the same runs, settings and --cache: every layout is found there.

            Give it the render's own settings: those listed below decide the layouts (--block, \
            a strip's one block, is taken too), and every other setting of `video` and `strip` \
            is accepted and ignored, so one set of options serves the plan and the render. \
            Without --blocks or --block, every block is planned.

            With --json, one object on stdout: {"command", "version", "cache", "layouts", \
            "cached", "units": [{"run", "block", "key", "argv"}]}; `argv` has no --threads, so \
            the scheduler adds what it reserved.

            Examples:
              nm-render plan runs/lr-* --blocks layer4 --cache /shared/nm-cache --json
              nm-render plan runs/a runs/b --n-neighbors 30 --layout-epochs 100 --cache /shared/nm-cache

            \(SettingFlags.helpSection(for: .plan))
            """
    )

    @Argument(help: ArgumentHelp("Run folders of the render.", valueName: "run"))
    var runPaths: [String]

    @OptionGroup var cacheFlags: CacheFlags
    @OptionGroup var presets: PresetOptions
    @OptionGroup var report: ReportFlags

    /// What `--json` prints.
    struct Plan: Encodable {
        struct Unit: Encodable {
            /// The first (or only) run of the unit.
            var run: String
            /// Every run the unit lays out: one, or all runs of a joint layout.
            var runs: [String]
            var block: String
            var key: String
            var argv: [String]
        }

        var command = "plan"
        var version = toolVersion
        var cache: String
        /// Layouts the render needs, cached or not.
        var layouts: Int
        var cached: Int
        var units: [Unit]
    }

    func run() throws {
        guard !runPaths.isEmpty else { throw CLIError.usage("give at least one run folder") }
        guard let cache = cacheFlags.layoutCache else {
            throw CLIError.usage("plan lists work for the layout cache; drop --no-cache and give --cache DIR on storage every worker sees")
        }
        let settings = try presets.resolve()
        let stage = LayoutStage(settings: settings, cache: cache, progress: ProgressReporter(quiet: true))
        let flags = try unitFlags(cache: cache)
        var plan = Plan(cache: cache.folder.standardizedFileURL.path, layouts: 0, cached: 0, units: [])
        let runs = try runPaths.map { try Run.open(at: URL(fileURLWithPath: $0)) }
        // The render's blocks are the first run's (every run must hold them).
        let blocks = settings.block.map { [$0] } ?? (settings.blocks.isEmpty ? runs[0].blocks.map(\.name) : settings.blocks)
        for run in runs {
            for block in blocks { _ = try run.blockInfo(named: block) }
        }
        // Runs laid out together are one unit per block, whose `layout` command names them all.
        for unit in try stage.units(of: runs, showing: blocks) {
            plan.layouts += 1
            if unit.cached {
                plan.cached += 1
                continue
            }
            let paths = unit.runs.map { runs[$0].url.path }
            plan.units.append(Plan.Unit(run: paths[0], runs: paths, block: unit.block, key: unit.key,
                                        argv: ["layout"] + paths + ["--block", unit.block] + flags))
        }
        if report.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(plan), as: UTF8.self))
        } else {
            print("\(plan.layouts) layouts, \(plan.cached) cached, \(plan.units.count) to compute into \(plan.cache)")
            for unit in plan.units { print("nm-render \(unit.argv.joined(separator: " "))") }
        }
    }

    /// The flags every unit's `layout` command repeats so that it computes exactly the layouts
    /// the render will look for: the cache, the preset and config file, and the layout
    /// settings given here. Settings `layout` does not take (what a picture shows) are left out,
    /// and so is --threads, which is the scheduler's to give.
    func unitFlags(cache: LayoutCache) throws -> [String] {
        var flags = ["--cache", cache.folder.standardizedFileURL.path]
        if let preset = presets.preset { flags += ["--preset", preset] }
        if let config = presets.config { flags += ["--config", URL(fileURLWithPath: config).standardizedFileURL.path] }
        let layoutKeys = Set(SettingKey.all(for: .layout).map(\.key)).subtracting(["threads", "epochs"])
        for pair in SettingFlags.given where layoutKeys.contains(pair.key) {
            flags.append("--\(pair.key)=\(pair.value)")
        }
        return flags
    }
}
