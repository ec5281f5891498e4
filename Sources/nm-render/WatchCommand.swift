import ArgumentParser
import Encode
import Foundation
import Render
import Runs

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Keep strips, videos and a layouts folder of a run up to date while it is being written.",
        discussion: """
            Renders what the run holds, then waits for new epochs: woken by inotify where the \
            system has it, and looking every --poll seconds in any case (a network file system \
            shows no inotify event for files written by another machine). A run folder that does \
            not exist yet is waited for. An epoch is read only once it is whole: writers such as \
            the Python RunWriter rename each finished epoch folder into place, and an epoch whose \
            arrays are short or missing, or whose files change while they are read, is left for a \
            later look.

            Each new epoch is appended to every block's layout (its own neighbour graph, started \
            from and sprung to the epochs before it; earlier epochs stay exactly where they were, \
            and the orientation chosen at the first update is kept), then every still output \
            (.png, .pdf, .svg: a strip of the run so far, with strip's default epoch choice or \
            --epochs, e.g. last:5) and --layouts DIR are rewritten. A strip of several blocks \
            (--blocks) has one row per block. Video outputs (.gif, .mp4, .webm) are re-rendered \
            in the background whenever the previous video render has finished (an update during \
            a render is skipped, never queued), and once more at the end. Every output is \
            replaced atomically.

            --final recomputes the layouts at the end as `nm-render layout` does (every epoch \
            optimised together, through the layout cache) and rewrites every output from them: \
            the best final video, for the cost of one batch layout of the run (minutes of CPU \
            for 10,000 samples x 40 epochs per block; printed when done).

            Ends with exit 0 at --until-epoch, after --idle-exit seconds without a new epoch, or \
            when run.json says "complete": true (the Python RunWriter's close()); Ctrl-C ends it \
            with 130 and leaves every output whole.

            Examples:
              nm-render watch runs/live -o live.png
              nm-render watch runs/live -o live.png -o live.mp4 --layouts live-layouts --json-lines
              nm-render watch runs/live -o last5.png --epochs last:5 --blocks layer3,layer4 --idle-exit 600
              nm-render watch runs/live -o live.png -o talk.mp4 --final

            \(SettingFlags.helpSection(for: .watch))

            \(ExitStatus.helpText)
            """
    )

    @Argument(help: ArgumentHelp("The activations run folder being written (may not exist yet).", valueName: "run"))
    var runPath: String

    @Option(name: .shortAndLong, help: ArgumentHelp("An output, repeatable: .png/.pdf/.svg strip or .gif/.mp4/.webm video.", valueName: "out"))
    var output: [String] = []

    @Option(help: ArgumentHelp("Also rewrite a layouts folder here (the `layout --out` format) after each update.", valueName: "dir"))
    var layouts: String?

    @Option(help: ArgumentHelp("Stop once this epoch has been rendered (later epochs are ignored).", valueName: "epoch"))
    var untilEpoch: Int?

    @Option(help: ArgumentHelp("Stop after this many seconds without a new epoch.", valueName: "seconds"))
    var idleExit: Double?

    @Option(help: ArgumentHelp("Longest wait between two looks at the run folder (inotify wakes watch sooner).", valueName: "seconds"))
    var poll: Double = 1

    @Flag(help: "At the end, recompute batch layouts (as `layout` does, cached) and rewrite every output from them.")
    var final = false

    @Flag(help: "Print one JSON object on stdout per update: epoch, epochs, outputs, seconds, stage_seconds, video.")
    var jsonLines = false

    @Flag(name: .shortAndLong, help: "No status lines on stderr.")
    var quiet = false

    @OptionGroup var cacheFlags: CacheFlags
    @OptionGroup var presets: PresetOptions

    func validate() throws {
        guard !output.isEmpty || layouts != nil else {
            throw ValidationError("give at least one output: -o strip.png, -o video.mp4 or --layouts DIR")
        }
        guard poll > 0 else { throw ValidationError("--poll \(poll): give a positive number of seconds, e.g. 1") }
        if let idleExit, idleExit <= 0 { throw ValidationError("--idle-exit \(idleExit): give a positive number of seconds, e.g. 600") }
    }

    func run() throws {
        let settings = try presets.resolve()
        var stills: [(url: URL, format: StillFormat)] = []
        var videos: [URL] = []
        for path in output {
            let url = URL(fileURLWithPath: path)
            if let format = StillFormat(pathExtension: url.pathExtension.lowercased()) {
                stills.append((url, format))
            } else if let kind = try? OutputKind(destination: url), kind != .pngSequence {
                if kind == .mp4 || kind == .webm, settings.size.width % 2 != 0 || settings.size.height % 2 != 0 {
                    throw CLIError.usage("--size \(settings.size): H.264 and VP9 need even dimensions, e.g. \(settings.size.width / 2 * 2)x\(settings.size.height / 2 * 2)")
                }
                videos.append(url)
            } else {
                throw CLIError.usage("-o \(path): watch writes .png, .pdf or .svg strips and .gif, .mp4 or .webm videos")
            }
            try OutputDestination.check(url, kind: .file, inputs: [runPath])
        }
        let layoutsURL = layouts.map { URL(fileURLWithPath: $0) }
        if let layoutsURL { try OutputDestination.check(layoutsURL, kind: .layouts, inputs: [runPath]) }
        var watcher = RunWatcher(runURL: URL(fileURLWithPath: runPath), settings: settings, stills: stills, videos: videos,
                                 layoutsURL: layoutsURL, untilEpoch: untilEpoch, idleExit: idleExit, poll: poll,
                                 final: final, cache: final ? cacheFlags.layoutCache : nil, jsonLines: jsonLines, quiet: quiet)
        try watcher.watch()
    }
}
