import AlignedUMAP
import AtomicOutput
import Foundation
import Layout
import LayoutModel
import Render
import Runs

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
    /// Recompute batch layouts at the end and rewrite every output from them (--final).
    let final: Bool
    /// The layout cache --final reads and fills (nil: --no-cache).
    let cache: LayoutCache?
    let jsonLines: Bool
    let quiet: Bool

    private var live: LiveLayout?
    private var lastWaitReason: String?
    /// Epochs the latest video render started covers (0: none started yet).
    private var videoEpochs = 0

    init(runURL: URL, settings: Settings, stills: [(url: URL, format: StillFormat)], videos: [URL], layoutsURL: URL?,
         untilEpoch: Int?, idleExit: Double?, poll: Double, final: Bool, cache: LayoutCache?, jsonLines: Bool, quiet: Bool) {
        self.runURL = runURL
        self.settings = settings
        self.stills = stills
        self.videos = videos
        self.layoutsURL = layoutsURL
        self.untilEpoch = untilEpoch
        self.idleExit = idleExit
        self.poll = poll
        self.final = final
        self.cache = cache
        self.jsonLines = jsonLines
        self.quiet = quiet
    }

    mutating func watch() throws {
        // Strips and videos are drawn from a layouts folder of the run so far (the --layouts
        // one, or a private one), so `strip`/`video` of --layouts draw exactly what watch drew.
        // The private one is an output that is never committed: Ctrl-C and errors remove it.
        let scratch = layoutsURL == nil ? try Self.scratchFolder() : nil
        defer { scratch?.discard() }
        let folder = layoutsURL ?? scratch!.temporary.appendingPathComponent("layouts")
        let background = BackgroundVideo()
        let waiting = RunFolderWait(run: runURL, poll: poll)
        var lastNews = Date()
        status("watch: watching \(runURL.path) (\(waiting.usesInotify ? "inotify, and " : "")polling every \(Self.format(poll)) s)")
        while true {
            // Read the mark before listing epochs: the writer marks the run complete after its
            // last epoch is in place, so a listing made after seeing the mark holds every epoch.
            let complete = Self.isMarkedComplete(runURL)
            if let run = try openIfReady() {
                if live == nil { live = try startLayout(for: run) }
                let after = live!.epochs.last ?? Int.min
                let fresh = run.epochs.filter { $0 > after && $0 <= (untilEpoch ?? Int.max) }
                if !fresh.isEmpty, try update(run: run, fresh: fresh, folder: folder, background: background) {
                    lastNews = Date()
                }
                let caughtUp = live!.epochs.last == run.epochs.filter { $0 <= (untilEpoch ?? Int.max) }.last
                if let untilEpoch, let last = live!.epochs.last, last >= untilEpoch {
                    status("watch: reached epoch \(untilEpoch)")
                    break
                }
                if complete && caughtUp {
                    status("watch: the run is complete")
                    break
                }
            }
            if let error = background.takeError() { throw error }
            if let idleExit, Date().timeIntervalSince(lastNews) >= idleExit {
                status("watch: no new epoch for \(Self.format(idleExit)) s; stopping")
                break
            }
            _ = waiting.wait()
        }
        background.waitUntilIdle()
        if let error = background.takeError() { throw error }
        guard let live, !live.epochs.isEmpty else {
            status("watch: no epoch was rendered")
            return
        }
        if final {
            try rewriteFromBatchLayouts(folder: folder, live: live)
        } else if !videos.isEmpty, videoEpochs < live.epochs.count {
            // Once more at the end: the last render started may predate the last epochs.
            let meter = CostMeter()
            try renderVideos(try loadComparison(folder: folder))
            status("watch: videos of \(live.epochs.count) epochs written in \(Self.format(meter.wallSeconds)) s")
        }
    }

    /// A private folder for the layouts of the run so far, under $TMPDIR.
    private static func scratchFolder() throws -> AtomicOutput {
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("nm-render-watch-\(UUID().uuidString)")
        do {
            return try AtomicOutput(destination: destination, isDirectory: true)
        } catch {
            throw CLIError.cannotCreate("cannot create a scratch folder beside \(destination.path) (\(error)); set TMPDIR to a writable folder")
        }
    }

    /// The run as it is now, or nil while it cannot be read yet (missing folder, no epoch
    /// yet, side files not yet written, an epoch half written in place); the reason is said
    /// once per change.
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

    /// One update: lays out the whole epochs among `fresh`, then rewrites the layouts folder and
    /// stills and starts a video render. Returns false when no epoch was whole yet.
    private mutating func update(run: Run, fresh: [Int], folder: URL, background: BackgroundVideo) throws -> Bool {
        var stage: [String: Double] = [:]
        var clock = Date()
        func lap(_ name: String) {
            stage[name, default: 0] += Date().timeIntervalSince(clock)
            clock = Date()
        }
        var laidOut: [Int] = []
        var appeared = Date.distantPast
        for epoch in fresh {
            guard let slices = try wholeEpoch(epoch, of: run) else { break }
            appeared = max(appeared, slices.appeared)
            lap("read")
            try live!.append(epoch: epoch, slices: slices.slices)
            lap("layout")
            laidOut.append(epoch)
        }
        guard !laidOut.isEmpty else { return false }
        lastWaitReason = nil
        let set = LayoutSet(runName: run.name, epochs: live!.epochs, blocks: live!.readOut(), samples: run.samples,
                            metrics: run.metrics)
        // The live layout appends epoch after epoch: the chained order, whatever the setting,
        // with a first slice of its own length.
        var record = LayoutStage(settings: settings, cache: nil, progress: ProgressReporter(quiet: true)).parameterRecord(order: .chained)
        record["first_slice_epochs"] = String(LiveLayout.firstSliceEpochs(live!.options))
        try LayoutsFolderWriter.write(set, parameters: record, to: folder)
        lap("layouts_folder")
        let written = (layoutsURL.map { [$0.path] } ?? []) + (try renderStills(folder: folder, epochs: set.epochs))
        lap("strip")
        var video: String?
        if !videos.isEmpty {
            video = try startVideo(folder: folder, epochs: set.epochs.count, background: background) ? "started" : "busy"
            lap("video_start")
        }
        let seconds = max(0, Date().timeIntervalSince(appeared))
        let last = set.epochs.last!
        status("watch: epoch \(last) (\(set.epochs.count) epochs) -> \(written.count) outputs in \(Self.format(seconds)) s ("
            + stage.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.format($0.value)) s" }.joined(separator: ", ") + ")"
            + (video == "busy" ? "; video still rendering, skipped" : ""))
        var object: [String: Any] = ["epoch": last, "epochs": laidOut, "total_epochs": set.epochs.count,
                                     "outputs": written, "seconds": seconds, "stage_seconds": stage]
        if let video { object["video"] = video }
        printJSONLine(object)
        return true
    }

    /// Epoch `epoch`'s slices (in `live`'s block order) and when its entry appeared, or nil
    /// while the epoch is not whole: its arrays fail the reader's checks (short, missing), or
    /// its files changed while they were read (a writer writing in place, not renaming).
    private mutating func wholeEpoch(_ epoch: Int, of run: Run) throws -> (slices: [AlignedUMAPSlice], appeared: Date)? {
        let before = EpochFolderState.of(epoch: epoch, in: runURL)
        let slices: [AlignedUMAPSlice]
        do {
            slices = try live!.blocks.map { block in
                let s = try run.activations(block: block.name, epoch: epoch, keepingFloat16: true)
                return AlignedUMAPSlice(s, sampleIDs: s.sampleIndices)
            }
        } catch let error as RunError {
            wait("watch: waiting for epoch \(epoch) to be whole: \(error)")
            return nil
        }
        guard let before, EpochFolderState.of(epoch: epoch, in: runURL) == before else {
            wait("watch: waiting for epoch \(epoch) to be whole: its files changed while they were read")
            return nil
        }
        return (slices, before.modified)
    }

    /// Redraws every still from the layouts folder; returns their paths.
    private func renderStills(folder: URL, epochs: [Int]) throws -> [String] {
        var stripSettings = settings
        if (live?.blocks.count ?? 1) > 1 { stripSettings.rows = .blocks }
        stripSettings.epochs = Self.stillEpochs(settings.epochs, saved: epochs)
        let stage = LayoutStage(settings: settings, cache: nil, progress: ProgressReporter(quiet: true))
        for still in stills {
            _ = try StripRendering.render(runPaths: [folder.path], variant: nil, settings: stripSettings, stage: stage,
                                          format: still.format, to: still.url, names: [])
        }
        return stills.map(\.url.path)
    }

    /// Starts a background render of every video unless one is running; returns whether it started.
    private mutating func startVideo(folder: URL, epochs: Int, background: BackgroundVideo) throws -> Bool {
        guard background.isIdle else { return false }
        // Loaded here, before the next update replaces the folder; the render owns it then.
        let comparison = try loadComparison(folder: folder)
        let settings = self.settings, videos = self.videos, quiet = self.quiet
        let started = background.startIfIdle {
            let meter = CostMeter()
            try Self.render(comparison, settings: settings, to: videos)
            Self.status("watch: videos of \(epochs) epochs written in \(Self.format(meter.wallSeconds)) s", quiet: quiet)
        }
        if started { videoEpochs = epochs }
        return started
    }

    private func renderVideos(_ comparison: Comparison) throws {
        try Self.render(comparison, settings: settings, to: videos)
    }

    private static func render(_ comparison: Comparison, settings: Settings, to videos: [URL]) throws {
        for url in videos {
            _ = try VideoRendering.render(comparison, settings: settings, to: url, progress: ProgressReporter(quiet: true))
        }
    }

    /// --final: batch layouts of the epochs laid out (as `nm-render layout` computes them, through
    /// the cache), written to the layouts folder, and every output redrawn from them. Costs one
    /// batch layout of the run (about what `nm-render layout` of it takes), said on stderr.
    private func rewriteFromBatchLayouts(folder: URL, live: LiveLayout) throws {
        status("watch: --final: computing batch layouts of \(live.blocks.count) blocks x \(live.epochs.count) epochs")
        let run = try Run.open(at: runURL)
        let stage = LayoutStage(settings: settings, cache: cache, progress: ProgressReporter(quiet: quiet))
        let meter = CostMeter()
        let set = try stage.layouts(of: run, blocks: live.blocks.map(\.name), epochs: live.epochs)
        let layoutWall = meter.wallSeconds, layoutCPU = meter.cpuSeconds
        try LayoutsFolderWriter.write(set, parameters: stage.parameterRecord(sampleCount: run.sampleCount), to: folder)
        var written = (layoutsURL.map { [$0.path] } ?? []) + (try renderStills(folder: folder, epochs: set.epochs))
        if !videos.isEmpty {
            try renderVideos(try loadComparison(folder: folder))
            written += videos.map(\.path)
        }
        let renderWall = meter.wallSeconds - layoutWall
        let fromCache = stage.cacheHits > 0 ? ", \(stage.cacheHits) of \(live.blocks.count) blocks from the cache" : ""
        status("watch: --final: batch layouts in \(Self.format(layoutWall)) s (CPU \(Self.format(layoutCPU)) s\(fromCache)); "
            + "\(written.count) outputs rewritten in \(Self.format(renderWall)) s")
        printJSONLine(["final": true, "epoch": set.epochs.last!, "total_epochs": set.epochs.count, "outputs": written,
                       "seconds": meter.wallSeconds,
                       "stage_seconds": ["batch_layout": layoutWall, "batch_layout_cpu": layoutCPU, "render": renderWall]])
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

    /// Whether `run.json` says `"complete": true`; a missing or unreadable manifest says no.
    static func isMarkedComplete(_ run: URL) -> Bool {
        (try? RunManifest.read(path: run.appendingPathComponent("run.json").path))?.complete ?? false
    }

    private func printJSONLine(_ object: [String: Any]) {
        guard jsonLines, var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }

    private func status(_ line: String) { Self.status(line, quiet: quiet) }

    private static func status(_ line: String, quiet: Bool) {
        if !quiet { FileHandle.standardError.write(Data((TerminalText.safe(line) + "\n").utf8)) }
    }

    static func format(_ seconds: Double) -> String { String(format: "%.2f", seconds) }
}
