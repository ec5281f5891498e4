import AlignedUMAP
import ArgumentParser
import Encode
import Foundation
import Layout
import LayoutModel
import Render
import Runs
import Synchronization

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Keep strips, videos and a layouts folder of a run up to date while it is being written.",
        discussion: """
            Renders what the run holds, then polls it every --poll seconds for new epochs (polling \
            only, no inotify: it also works on network file systems). A run folder that does not \
            exist yet is waited for. Epoch folders are read only once they are there whole: \
            writers such as the Python RunWriter rename each finished epoch folder into place.

            Each new epoch is appended to every block's layout (its own neighbour graph, started \
            from and sprung to the epochs before it; earlier epochs stay exactly where they were, \
            and the orientation chosen at the first update is kept), then every still output \
            (.png, .pdf, .svg: a strip of the run so far, with strip's default epoch choice or \
            --epochs, e.g. last:5) and --layouts DIR are rewritten. A strip of several blocks \
            (--blocks) has one row per block. Video outputs (.gif, .mp4, .webm) are re-rendered \
            in the background whenever the previous video render has finished (never queued), \
            and once more at the end. Every output is replaced atomically.

            Ends with exit 0 at --until-epoch, after --idle-exit seconds without a new epoch, or \
            when run.json says "complete": true (the Python RunWriter's close()); Ctrl-C ends it \
            with 130 and leaves every output whole.

            Examples:
              nm-render watch runs/live -o live.png
              nm-render watch runs/live -o live.png -o live.mp4 --layouts live-layouts --json-lines
              nm-render watch runs/live -o last5.png --epochs last:5 --blocks layer3,layer4 --idle-exit 600

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

    @Option(help: ArgumentHelp("Seconds between looks at the run folder.", valueName: "seconds"))
    var poll: Double = 1

    @Flag(help: "Print one JSON object on stdout per update: epoch, epochs, outputs, seconds, stage_seconds.")
    var jsonLines = false

    @Flag(name: .shortAndLong, help: "No status lines on stderr.")
    var quiet = false

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
                                 jsonLines: jsonLines, quiet: quiet)
        try watcher.watch()
    }
}

/// The watch loop: looks at the run, lays out new epochs, rewrites the outputs. Runs on the
/// command's thread; only video renders run on a second thread (`BackgroundVideo`).
struct RunWatcher {
    let runURL: URL
    let settings: Settings
    let stills: [(url: URL, format: StillFormat)]
    let videos: [URL]
    let layoutsURL: URL?
    let untilEpoch: Int?
    let idleExit: Double?
    let poll: Double
    let jsonLines: Bool
    let quiet: Bool

    private var live: LiveLayout?
    private var lastWaitReason: String?

    init(runURL: URL, settings: Settings, stills: [(url: URL, format: StillFormat)], videos: [URL], layoutsURL: URL?,
         untilEpoch: Int?, idleExit: Double?, poll: Double, jsonLines: Bool, quiet: Bool) {
        self.runURL = runURL
        self.settings = settings
        self.stills = stills
        self.videos = videos
        self.layoutsURL = layoutsURL
        self.untilEpoch = untilEpoch
        self.idleExit = idleExit
        self.poll = poll
        self.jsonLines = jsonLines
        self.quiet = quiet
    }

    mutating func watch() throws {
        // Strips and videos are drawn from a layouts folder of the run so far (the --layouts
        // one, or a private one), so `strip`/`video` of --layouts draw exactly what watch drew.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nm-render-watch-\(UUID().uuidString)")
        let folder = layoutsURL ?? scratch.appendingPathComponent("layouts")
        if layoutsURL == nil {
            do {
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            } catch {
                throw CLIError.cannotCreate("cannot create the scratch folder \(scratch.path) (\(error.localizedDescription)); set TMPDIR to a writable folder")
            }
        }
        defer { if layoutsURL == nil { try? FileManager.default.removeItem(at: scratch) } }
        let background = BackgroundVideo()
        var lastNews = Date()
        var videoEpochs = 0
        status("watch: watching \(runURL.path)")
        while true {
            // Read the mark before listing epochs: the writer marks the run complete after its
            // last epoch is in place, so a listing made after seeing the mark holds every epoch.
            let complete = Self.isMarkedComplete(runURL)
            if let run = try openIfReady() {
                if live == nil { live = try startLayout(for: run) }
                let after = live!.epochs.last ?? Int.min
                let fresh = run.epochs.filter { $0 > after && $0 <= (untilEpoch ?? Int.max) }
                if !fresh.isEmpty {
                    try update(run: run, fresh: fresh, folder: folder, background: background, videoEpochs: &videoEpochs)
                    lastNews = Date()
                }
                if let untilEpoch, let last = live!.epochs.last, last >= untilEpoch {
                    status("watch: reached epoch \(untilEpoch)")
                    break
                }
                if complete {
                    status("watch: the run is complete")
                    break
                }
            }
            if let error = background.takeError() { throw error }
            if let idleExit, Date().timeIntervalSince(lastNews) >= idleExit {
                status("watch: no new epoch for \(Self.format(idleExit)) s; stopping")
                break
            }
            Thread.sleep(forTimeInterval: poll)
        }
        // Once more at the end: the last background render may predate the last epochs.
        background.waitUntilIdle()
        if let error = background.takeError() { throw error }
        if let live, !videos.isEmpty, videoEpochs < live.epochs.count {
            let comparison = try loadComparison(folder: folder)
            let started = Date()
            for url in videos {
                _ = try VideoRendering.render(comparison, settings: settings, to: url, progress: ProgressReporter(quiet: true))
            }
            status("watch: videos of \(live.epochs.count) epochs written in \(Self.format(Date().timeIntervalSince(started))) s")
        }
        if live?.epochs.isEmpty ?? true { status("watch: no epoch was rendered") }
    }

    /// The run as it is now, or nil while it cannot be read yet (missing folder, no epoch
    /// yet, side files not yet written); the reason is said once per change.
    private mutating func openIfReady() throws -> Run? {
        guard FileManager.default.fileExists(atPath: runURL.path) else {
            wait("watch: waiting for \(runURL.path) to appear")
            return nil
        }
        do {
            let run = try Run.open(at: runURL)
            guard run.kind == .activations else {
                throw CLIError.usage("\(runURL.path) holds ready-made 2D layouts; watch lays out activations runs")
            }
            lastWaitReason = nil
            return run
        } catch let error as RunError {
            // A run being started looks broken for a moment (no epoch yet, side files missing);
            // a really broken one keeps saying so here, and --idle-exit ends the wait.
            wait("watch: waiting: \(error)")
            return nil
        }
    }

    private mutating func wait(_ reason: String) {
        if reason != lastWaitReason { status(reason) }
        lastWaitReason = reason
    }

    /// The live layout of the blocks the settings choose (--blocks, else --block, else all).
    private func startLayout(for run: Run) throws -> LiveLayout {
        let names = !settings.blocks.isEmpty ? settings.blocks : (settings.block.map { [$0] } ?? run.blocks.map(\.name))
        let infos = try names.map { try run.blockInfo(named: $0) }
        return try LiveLayout(options: settings.layoutOptions, blocks: infos.map { (name: $0.name, title: $0.title) },
                              sampleCount: run.sampleCount, labels: run.samples.labels.map(Int.init))
    }

    /// One update: lay out `fresh`, rewrite the layouts folder and stills, start a video render.
    private mutating func update(run: Run, fresh: [Int], folder: URL, background: BackgroundVideo,
                                 videoEpochs: inout Int) throws {
        let appeared = fresh.compactMap { Self.appearance(of: $0, in: runURL) }.max() ?? Date()
        var stage: [String: Double] = [:]
        var clock = Date()
        func lap(_ name: String) {
            stage[name, default: 0] += Date().timeIntervalSince(clock)
            clock = Date()
        }
        for epoch in fresh {
            let slices = try live!.blocks.map { block in
                let s = try run.activations(block: block.name, epoch: epoch)
                return AlignedUMAPSliceInput.make(s)
            }
            lap("read")
            try live!.append(epoch: epoch, slices: slices)
            lap("layout")
        }
        let set = LayoutSet(runName: run.name, epochs: live!.epochs, blocks: live!.readOut(), samples: run.samples,
                            metrics: run.metrics)
        let stageForRecord = LayoutStage(settings: settings, cache: nil, progress: ProgressReporter(quiet: true))
        try LayoutsFolderWriter.write(set, parameters: stageForRecord.parameterRecord, to: folder)
        lap("layouts_folder")
        var written: [String] = layoutsURL.map { [$0.path] } ?? []
        var stripSettings = settings
        if set.blocks.count > 1 { stripSettings.rows = .blocks }
        stripSettings.epochs = Self.stillEpochs(settings.epochs, saved: set.epochs)
        for still in stills {
            _ = try StripRendering.render(runPaths: [folder.path], variant: nil, settings: stripSettings, stage: stageForRecord,
                                          format: still.format, to: still.url, names: [])
            written.append(still.url.path)
        }
        lap("strip")
        if !videos.isEmpty, background.isIdle {
            // Loaded here, before the next update replaces the folder; the render owns it then.
            let comparison = try loadComparison(folder: folder)
            let epochs = set.epochs.count
            videoEpochs = epochs
            let settings = self.settings, videos = self.videos, quiet = self.quiet
            background.start {
                let started = Date()
                for url in videos {
                    _ = try VideoRendering.render(comparison, settings: settings, to: url, progress: ProgressReporter(quiet: true))
                }
                if !quiet {
                    FileHandle.standardError.write(Data("watch: videos of \(epochs) epochs written in \(Self.format(Date().timeIntervalSince(started))) s\n".utf8))
                }
            }
            lap("video_start")
        }
        let seconds = max(0, Date().timeIntervalSince(appeared))
        let last = set.epochs.last!
        status("watch: epoch \(last) (\(set.epochs.count) epochs) -> \(written.count) outputs in \(Self.format(seconds)) s ("
            + stage.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.format($0.value)) s" }.joined(separator: ", ") + ")")
        if jsonLines {
            let object: [String: Any] = ["epoch": last, "epochs": fresh, "total_epochs": set.epochs.count,
                                         "outputs": written, "seconds": seconds, "stage_seconds": stage]
            var data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
        }
    }

    private func loadComparison(folder: URL) throws -> Comparison {
        var videoSettings = settings
        videoSettings.epochs = .all
        let stage = LayoutStage(settings: settings, cache: nil, progress: ProgressReporter(quiet: true))
        return try Comparison.load(paths: [folder.path], variant: nil, settings: videoSettings, stage: stage)
    }

    /// The epoch choice of a still: all (strip's default choice) and last:N as they are; a
    /// list or range is narrowed to the epochs laid out so far, so that `--epochs 10,50,200`
    /// draws 10 and 50 while the run has not reached 200 (and all of them until 10 exists).
    static func stillEpochs(_ spec: EpochSpec, saved: [Int]) -> EpochSpec {
        switch spec {
        case .all, .last: return spec
        case let .list(list):
            let have = list.filter(Set(saved).contains)
            return have.isEmpty ? .all : .list(have)
        case let .range(lo, hi):
            let have = saved.filter { $0 >= lo && $0 <= hi }
            return have.isEmpty ? .all : .list(StripRendering.defaultEpochs(have))
        }
    }

    /// When epoch `epoch`'s folder appeared: its modification time, which is when its last
    /// file was written just before the rename that made it visible.
    static func appearance(of epoch: Int, in run: URL) -> Date? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: run.path) else { return nil }
        for name in names where name.hasPrefix("epoch_") && Int(name.dropFirst(6)) == epoch {
            let attributes = try? FileManager.default.attributesOfItem(atPath: run.appendingPathComponent(name).path)
            return attributes?[.modificationDate] as? Date
        }
        return nil
    }

    /// Whether `run.json` says `"complete": true`; a missing or unreadable manifest says no.
    static func isMarkedComplete(_ run: URL) -> Bool {
        (try? RunManifest.read(path: run.appendingPathComponent("run.json").path))?.complete ?? false
    }

    private func status(_ line: String) {
        if !quiet { FileHandle.standardError.write(Data((TerminalText.safe(line) + "\n").utf8)) }
    }

    static func format(_ seconds: Double) -> String { String(format: "%.2f", seconds) }
}

/// An activation slice as the layout engine takes it.
private enum AlignedUMAPSliceInput {
    static func make(_ s: ActivationSlice) -> AlignedUMAPSlice {
        AlignedUMAPSlice(rows: s.rows, cols: s.cols, values: s.values, sampleIDs: s.sampleIndices)
    }
}

/// At most one video render at a time, on its own thread: an update starts one only when the
/// previous one has finished, so renders are never queued behind each other and the stills
/// never wait for a video. `Sendable` through `Mutex`: the busy flag and the first error are
/// the only shared state, and the render closure owns everything it touches.
final class BackgroundVideo: Sendable {
    private struct State {
        var busy = false
        var error: (any Error)?
    }
    private let state = Mutex(State())
    private let done = DispatchGroup()

    var isIdle: Bool { state.withLock { !$0.busy } }

    /// Runs `body` on a new thread; call only when `isIdle`.
    func start(_ body: @escaping @Sendable () throws -> Void) {
        state.withLock { $0.busy = true }
        done.enter()
        let thread = Thread { [self] in
            do { try body() } catch {
                state.withLock { if $0.error == nil { $0.error = error } }
            }
            state.withLock { $0.busy = false }
            done.leave()
        }
        thread.start()
    }

    func waitUntilIdle() { done.wait() }

    /// The first error a render threw, once.
    func takeError() -> (any Error)? {
        state.withLock { s in
            defer { s.error = nil }
            return s.error
        }
    }
}
