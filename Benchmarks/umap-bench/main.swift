// umap-bench: times AlignedUMAP and prints seconds and peak memory; optionally writes the
// layouts as .npy for bench/compare_quality.py.
//
//   umap-bench DIR [--block B] [--seed S] [--threads T] [--epochs N] [--out LAYOUTS.npy] [--search exact|approximate]
//   umap-bench DIR --recall [--threads T]     # NN-descent recall against exact, per slice
//   umap-bench DIR --append [--append-epochs E] [--out L.npy]   # live mode: append slices one by one, time each
//   --init spectral|previous chooses how slices after the first start (joint schedule);
//   --schedule joint|chained how the batch fit orders the slices (--append-epochs E sets the
//   chained schedule's epochs per later slice, for --append and the batch fit alike;
//   --first-epochs E the first slice's, for --append only: `watch` uses n_epochs).
//   --slices K uses only the first K slices.
//
// DIR is a run folder (read through the Layout module, as nm-render does; --block chooses the
// block, default the first), or a folder from bench/export_run.py holding slices.json
// {"slices", "rows", "cols", "files"} and raw little-endian float32 slice files. Only one
// slice is in memory at a time.
import AlignedUMAP
import Layout
import Foundation
import LayoutModel
import Runs
#if canImport(Glibc)
import Glibc
#endif

struct SliceDirectory: Decodable {
    let slices: Int
    let rows: Int
    let cols: Int
    let files: [String]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("umap-bench: \(message)\n".utf8))
    exit(1)
}

/// Peak resident set size of this process in MiB: VmHWM from /proc/self/status (getrusage's
/// ru_maxrss would include the high-water mark of a parent that forked us).
func peakMemoryMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kib = Double(line.split(separator: " ").dropFirst().first ?? "") else {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
    return kib / 1024
}

/// CPU seconds used by this process so far (all threads).
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// The 1-minute load average (the machine's 2 cores are shared, so wall times need it).
func loadAverage() -> Double {
    var l = [0.0, 0.0, 0.0]
    return getloadavg(&l, 3) > 0 ? l[0] : .nan
}

/// Where the slices come from: a run folder's block, or raw slices exported by Python.
enum SliceSource {
    case run(Run, block: String)
    case raw(URL, SliceDirectory)

    var count: Int {
        switch self {
        case let .run(run, _): return run.epochs.count
        case let .raw(_, meta): return meta.slices
        }
    }

    var shape: (rows: Int, cols: Int) {
        switch self {
        case let .run(run, block):
            return (run.sampleCount, (try? run.blockInfo(named: block).dimension) ?? 0)
        case let .raw(_, meta): return (meta.rows, meta.cols)
        }
    }

    func slice(_ index: Int) throws -> AlignedUMAPSlice {
        switch self {
        case let .run(run, block):
            // As `nm-render layout` does: float16 kept narrow, and the next epochs' files read
            // while this one is searched.
            let slice = try run.activations(block: block, epoch: run.epochs[index], keepingFloat16: true)
            run.startReadingActivations(block: block, upcoming: run.epochs[(index + 1)...])
            return AlignedUMAPSlice(slice, sampleIDs: slice.sampleIndices)
        case let .raw(dir, meta):
            let data = try Data(contentsOf: dir.appendingPathComponent(meta.files[index]))
            guard data.count == meta.rows * meta.cols * 4 else {
                fail("\(meta.files[index]) has \(data.count) bytes, expected \(meta.rows * meta.cols * 4)")
            }
            let values = data.withUnsafeBytes { raw in
                (0..<(meta.rows * meta.cols)).map {
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
                }
            }
            return AlignedUMAPSlice(rows: meta.rows, cols: meta.cols, values: values)
        }
    }
}

/// Writes float32 [E, N, 2] as a NumPy .npy file.
func writeNPY(_ layouts: [SliceLayout], to path: String) throws {
    let n = layouts.first?.sampleIDs.count ?? 0
    try NpyWriter.write(floats: layouts.flatMap(\.positions), shape: [layouts.count, n, 2], to: URL(fileURLWithPath: path))
}

func parsed<T>(_ value: T?, _ flag: String, _ text: String) -> T {
    guard let value else { fail("bad \(flag) \(text)") }
    return value
}

var args = Array(CommandLine.arguments.dropFirst())
guard let dirPath = args.first, !dirPath.hasPrefix("--") else {
    fail("usage: umap-bench DIR [--seed S] [--threads T] [--epochs N] [--out LAYOUTS.npy] [--recall]")
}
args.removeFirst()
var parameters = AlignedUMAPParameters()
var outPath: String? = nil
var recall = false
var appendMode = false
var appendEpochs: Int? = nil
var firstEpochs: Int? = nil
var sliceLimit: Int? = nil
var search = NeighbourSearch.automatic
var blockName: String? = nil
var initialisation = AlignedUMAPInitialisation.default
var schedule = AlignedUMAPSchedule.default
var i = 0
while i < args.count {
    let flag = args[i]
    let value = i + 1 < args.count ? args[i + 1] : ""
    switch flag {
    case "--seed": parameters.seed = parsed(UInt64(value), flag, value); i += 1
    case "--threads": parameters.threads = parsed(Int(value), flag, value); i += 1
    case "--epochs": parameters.nEpochs = parsed(Int(value), flag, value); i += 1
    case "--out": outPath = value; i += 1
    case "--block": blockName = value; i += 1
    case "--search":
        switch value {
        case "exact": search = .exact
        case "approximate": search = .approximate
        default: fail("bad --search \(value)")
        }
        i += 1
    case "--init":
        switch value {
        case "spectral": initialisation = .spectral
        case "previous": initialisation = .fromPrevious
        default: fail("bad --init \(value)")
        }
        i += 1
    case "--schedule":
        switch value {
        case "joint": schedule = .joint
        case "chained": schedule = .chained()
        default: fail("bad --schedule \(value)")
        }
        i += 1
    case "--recall": recall = true
    case "--append": appendMode = true
    case "--append-epochs": appendEpochs = parsed(Int(value), flag, value); i += 1
    case "--first-epochs": firstEpochs = parsed(Int(value), flag, value); i += 1
    case "--slices": sliceLimit = parsed(Int(value), flag, value); i += 1
    default: fail("unknown argument \(flag)")
    }
    i += 1
}

let dir = URL(fileURLWithPath: dirPath)
var source: SliceSource
if FileManager.default.fileExists(atPath: dir.appendingPathComponent("slices.json").path) {
    do {
        var meta = try JSONDecoder().decode(SliceDirectory.self, from: Data(contentsOf: dir.appendingPathComponent("slices.json")))
        if let sliceLimit { meta = SliceDirectory(slices: min(meta.slices, sliceLimit), rows: meta.rows, cols: meta.cols, files: meta.files) }
        source = .raw(dir, meta)
    } catch {
        fail("cannot read \(dirPath)/slices.json: \(error)")
    }
} else {
    do {
        let run = try Run.open(at: dir)
        source = .run(run, block: blockName ?? run.blocks[0].name)
    } catch {
        fail("\(error)")
    }
}
let sliceCount = min(source.count, sliceLimit ?? .max)
let (rows, cols) = source.shape

if recall {
    var recalls: [Double] = []
    var exactSeconds = 0.0, approxSeconds = 0.0, warmSeconds = 0.0
    var warmRecalls: [Double] = []
    var previousWarm: NeighbourList? = nil
    for m in 0..<sliceCount {
        let slice = try source.slice(m)
        var t = Date()
        let exact = AlignedUMAP.nearestNeighbours(of: slice, k: parameters.nNeighbors, metric: parameters.metric,
                                                  search: .exact, threads: parameters.threads)
        exactSeconds += Date().timeIntervalSince(t)
        t = Date()
        let approx = AlignedUMAP.nearestNeighbours(of: slice, k: parameters.nNeighbors, metric: parameters.metric,
                                                   search: .approximate, seed: parameters.seed, threads: parameters.threads)
        approxSeconds += Date().timeIntervalSince(t)
        recalls.append(approx.recall(against: exact))
        // As the layout searches: warm-started from the previous slice's (warm) result.
        t = Date()
        let warm = AlignedUMAP.nearestNeighbours(of: slice, k: parameters.nNeighbors, metric: parameters.metric,
                                                 search: search, seed: parameters.seed, threads: parameters.threads,
                                                 warmStart: previousWarm)
        warmSeconds += Date().timeIntervalSince(t)
        warmRecalls.append(warm.recall(against: exact))
        previousWarm = warm
    }
    print(String(format: "recall@%d over %d slices of %d x %d: mean %.4f min %.4f; exact %.2f s, NN-descent %.2f s",
                 parameters.nNeighbors, sliceCount, rows, cols, recalls.reduce(0, +) / Double(recalls.count),
                 recalls.min() ?? 0, exactSeconds, approxSeconds))
    print(String(format: "  as the layout searches (--search, default automatic; warm-started from the previous slice): mean %.4f min %.4f; %.2f s",
                 warmRecalls.reduce(0, +) / Double(warmRecalls.count), warmRecalls.min() ?? 0, warmSeconds))
    exit(0)
}

if appendMode {
    // Live mode: slices arrive one at a time; each is appended (only it moves) and optimised.
    var state: AlignedUMAPState
    do {
        state = try AlignedUMAPState(parameters: parameters, neighbourSearch: search, firstSliceEpochs: firstEpochs)
    } catch { fail("\(error)") }
    var perAppend: [(wall: Double, cpu: Double)] = []
    var graphCPU = 0.0, optimiseCPU = 0.0
    let t0 = Date(), c0 = cpuSeconds(), l0 = loadAverage()
    for m in 0..<sliceCount {
        let slice = try source.slice(m)
        let t = Date(), c = cpuSeconds()
        do { try state.append(slice, movingTrailing: 0, epochs: appendEpochs) } catch { fail("\(error)") }
        let c1 = cpuSeconds()
        let scheduledFrom = state.clock(of: m).epoch
        state.run()
        perAppend.append((Date().timeIntervalSince(t), cpuSeconds() - c))
        if m > 0 { graphCPU += c1 - c; optimiseCPU += cpuSeconds() - c1 }
        print(String(format: "  append %d: %.2f s wall, %.2f s CPU (neighbours+graph+springs+init %.2f, optimisation %.2f), %d epochs",
                     m, perAppend[m].wall, perAppend[m].cpu, c1 - c, cpuSeconds() - c1, state.clock(of: m).total - scheduledFrom))
    }
    let later = perAppend.dropFirst()
    let count = Double(max(1, later.count))
    print(String(format: "umap-bench --append: %d slices x %d x %d, seed %llu, append epochs %@: %.2f s wall, %.2f s CPU, load %.2f -> %.2f, peak memory %.0f MiB; per append after the first: mean %.2f s wall (%.2f s CPU: neighbours+graph+springs+init %.2f, optimisation %.2f), max %.2f s wall",
                 sliceCount, rows, cols, parameters.seed,
                 appendEpochs.map(String.init) ?? "by neighbour change (\(AlignedUMAPState.defaultAppendEpochs(nEpochs: parameters.nEpochs))-\(parameters.nEpochs / 2))",
                 Date().timeIntervalSince(t0), cpuSeconds() - c0, l0, loadAverage(),
                 peakMemoryMiB(), later.map(\.wall).reduce(0, +) / count,
                 later.map(\.cpu).reduce(0, +) / count, graphCPU / count, optimiseCPU / count, later.map(\.wall).max() ?? 0))
    if let outPath {
        do { try writeNPY(state.layouts, to: outPath) } catch { fail("cannot write \(outPath): \(error)") }
    }
    exit(0)
}

var umap = AlignedUMAP(parameters: parameters)
umap.neighbourSearch = search
umap.initialisation = initialisation
umap.schedule = appendEpochs.map { .chained(epochs: $0) } ?? schedule
let start = Date(), startCPU = cpuSeconds(), startLoad = loadAverage()
var stageStart = start, stageStartCPU = startCPU
var stageTimes: [(String, Double, Double)] = []
var currentStage = "neighbours+graph"
/// Adds the time since the last switch to `currentStage`'s total (stages recur on the chained
/// schedule: the neighbours event of slice m + 1 comes before slice m is optimised).
let switchStage: (String) -> Void = { stage in
    let wall = Date().timeIntervalSince(stageStart), cpu = cpuSeconds() - stageStartCPU
    if let i = stageTimes.firstIndex(where: { $0.0 == currentStage }) {
        stageTimes[i].1 += wall; stageTimes[i].2 += cpu
    } else {
        stageTimes.append((currentStage, wall, cpu))
    }
    stageStart = Date()
    stageStartCPU = cpuSeconds()
    currentStage = stage
}
let layouts: [SliceLayout]
do {
    let slices = source
    layouts = try umap.fit(sliceCount: sliceCount, loadSlice: { try slices.slice($0) }) { progress in
        let stage: String
        switch progress {
        case .neighbours: stage = "neighbours+graph"
        case .graph: stage = "springs"
        case .initialisation: stage = "initialisation"
        case .optimisation: stage = "optimisation"
        }
        if stage != currentStage { switchStage(stage) }
    }
} catch {
    fail("\(error)")
}
let seconds = Date().timeIntervalSince(start), cpu = cpuSeconds() - startCPU
switchStage("")
let nanRows = layouts.reduce(0) { total, layout in
    total + stride(from: 0, to: layout.positions.count, by: 2).filter { layout.positions[$0].isNaN }.count
}
print(String(format: "umap-bench: %d slices x %d x %d, seed %llu, threads %@: %.2f s wall, %.2f s CPU, load %.2f -> %.2f, peak memory %.0f MiB, NaN rows %d",
             sliceCount, rows, cols, parameters.seed, parameters.threads.map(String.init) ?? "all",
             seconds, cpu, startLoad, loadAverage(), peakMemoryMiB(), nanRows))
print("  stages (wall / CPU): " + stageTimes.map { String(format: "%@ %.2f / %.2f s", $0.0, $0.1, $0.2) }.joined(separator: ", ")
      + (umap.schedule == .joint ? "" : " (chained schedule: later slices are loaded and searched on another thread, up to \(AlignedUMAP.chainedLookahead) ahead of the optimisation, so their searches count in optimisation; --append prints the split per slice)"))
if let outPath {
    do { try writeNPY(layouts, to: outPath) } catch { fail("cannot write \(outPath): \(error)") }
}
