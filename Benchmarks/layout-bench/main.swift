// layout-bench: what `nm-render inspect` costs on a big run, and how fast slices convert.
//
// Builds, in a temporary folder, a run of 40 epochs × 4 blocks × 10,000 samples × 2,048 float32
// (160 files of 81.9 MB each, 13.1 GB in all) as sparse files (header written, the rest a hole),
// then times opening it and rendering its summary, and reports peak RSS. Then times reading a
// [10000, 512] float16 and float32 slice, and (when ../shared/data is there) parsing the NeuroMapper
// sample. Build with `swift build -c release --product layout-bench`.
import Foundation
import LayoutModel
import Runs
#if canImport(Glibc)
import Glibc
#endif

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024 // Linux reports kilobytes
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let epochs = 40, blocks = 4, samples = 10_000, width = 2_048
let root = FileManager.default.temporaryDirectory.appendingPathComponent("layout-bench-\(getpid())")
let run = root.appendingPathComponent("big-run")
defer { try? FileManager.default.removeItem(at: root) }

// The run: sparse activations plus real side files.
try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
let header = NpyWriter.header(dtype: .float32, shape: [samples, width])
let fileSize = off_t(header.count + samples * width * 4)
for epoch in 0 ..< epochs {
    let folder = run.appendingPathComponent(String(format: "epoch_%03d", epoch * 5))
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for block in 1 ... blocks {
        let path = folder.appendingPathComponent("layer\(block).npy").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot create \(path)")
        _ = header.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        precondition(ftruncate(fd, fileSize) == 0)
        close(fd)
    }
}
try NpyWriter.write(integers: (0 ..< samples).map { Int64($0 % 10) }, shape: [samples], to: run.appendingPathComponent("labels.npy"))
try (0 ..< 10).map { "class \($0)" }.joined(separator: "\n").write(to: run.appendingPathComponent("classes.txt"), atomically: true, encoding: .utf8)
try ("epoch,val_acc\n" + (0 ..< epochs).map { "\($0 * 5),0.\($0)" }.joined(separator: "\n"))
    .write(to: run.appendingPathComponent("metrics.csv"), atomically: true, encoding: .utf8)

let rssBefore = peakRSSMegabytes()
var report = ""
let inspectSeconds = try seconds {
    let opened = try Run.open(at: run)
    let summary = opened.summary
    report = summary.text
    _ = try summary.json()
}
let rssAfterInspect = peakRSSMegabytes()
print(report)
print("")
print(String(format: "inspect (open + summary) of %d epochs x %d blocks x %d samples x %d float32 (%.1f GB): %.3f s",
             epochs, blocks, samples, width, Double(fileSize) * Double(epochs * blocks) / 1e9, inspectSeconds))
print(String(format: "peak RSS: %.1f MB (before opening: %.1f MB)", rssAfterInspect, rssBefore))
print("acceptance: under 2 s and under 100 MB -> \(inspectSeconds < 2 && rssAfterInspect < 100 ? "met" : "NOT met")")

// Slice conversion: a real (non-sparse) [10000, 512] array in float16 and float32.
let sliceRows = 10_000, sliceCols = 512
let values = (0 ..< sliceRows * sliceCols).map { Float(($0 * 7919) % 2001) * 0.01 - 10 }
for dtype in [NpyDType.float16, .float32] {
    let url = root.appendingPathComponent("slice-\(dtype.name).npy")
    try NpyWriter.write(floats: values, shape: [sliceRows, sliceCols], dtype: dtype, to: url)
    let array = try NpyArrayRef.open(path: url.path)
    _ = try array.floats() // warm the page cache
    let repeats = 10
    var checksum: Float = 0
    let total = try seconds {
        for _ in 0 ..< repeats { checksum += try array.floats()[12345] }
    }
    print("read [\(sliceRows), \(sliceCols)] \(dtype.name) -> float32: "
        + String(format: "%.1f ms per slice (checksum %.2f)", total / Double(repeats) * 1000, checksum))
}

// Reading the shared NeuroMapper sample's CSV layouts (4 blocks × 40 epochs × 1,000 samples).
let sharedSample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/neuromapper-sample")
if FileManager.default.fileExists(atPath: sharedSample.path) {
    var openSeconds = 0.0, readSeconds = 0.0
    var opened: Run?
    openSeconds = try seconds { opened = try Run.open(at: sharedSample) }
    readSeconds = try seconds { _ = try opened!.layoutSet() }
    print(String(format: "NeuroMapper sample: open %.3f s, layoutSet (parse 160 CSV files) %.3f s", openSeconds, readSeconds))
}
