// encode-bench: end-to-end frames per second of render -> FramePipeline -> MP4, against the
// ffmpeg program encoding the same frames (raw BGRA piped in) with the same codec settings,
// which is the encoder's ceiling on this machine.
//
//   swift build -c release --product encode-bench && .build/release/encode-bench [options]
//   --frames N (120)  --preset P (veryfast)  --crf C (20)  --points N per panel (10000)
//   --rounds R (3)    --workdir DIR (system temp)   --snapshot FOLDER (PNGs of frames 0 and 60, then exit)
//   --raw-only FILE   (write the frames as raw BGRA to FILE and exit, for quality comparisons)
//
// The scene: 1920x1080, a 2x2 grid of panels, each with N anti-aliased points (r = 2.5 px,
// 10 class colours, alpha 0.8) that move smoothly (<= 2 px per frame). The points are drawn by
// a plain splat here (coverage = clamp(r + 0.5 - distance, 0, 1), premultiplied OVER); the Render
// module's renderer replaces it once merged.
//
// Reading the figures: x264 alone keeps both cores busy, so rendering cannot hide behind it; when
// the machine is saturated, the ratio tends to (ffmpeg CPU per frame) / (pipeline CPU per frame),
// printed as the "CPU-bound ratio". The "encode path" figure (pipeline CPU minus render CPU) is
// the pipeline's own cost, to compare with the ffmpeg program's.

import Encode
import Foundation

struct Options {
    var frames = 120
    var preset = VideoSettings.defaultH264Preset
    var crf = VideoSettings.defaultH264CRF
    var pointsPerPanel = 10_000
    var rounds = 3
    var workdir = FileManager.default.temporaryDirectory
    var snapshot: String?
    var rawOnly: String?

    init(arguments: [String]) {
        var i = 1
        func next() -> String {
            i += 1
            guard i < arguments.count else { fatalError("missing value after \(arguments[i - 1])") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--frames": frames = Int(next())!
            case "--preset": preset = next()
            case "--crf": crf = Int(next())!
            case "--points": pointsPerPanel = Int(next())!
            case "--rounds": rounds = Int(next())!
            case "--workdir": workdir = URL(fileURLWithPath: next())
            case "--snapshot": snapshot = next()
            case "--raw-only": rawOnly = next()
            default: fatalError("unknown option \(arguments[i])")
            }
            i += 1
        }
    }
}

/// Deterministic moving points in four panels, splatted into BGRA buffers.
struct ScatterScene {
    let width: Int, height: Int
    static let radius = 2.5, alpha = 0.8
    static let palette: [RGB] = [0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD,
                                 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF].map { RGB(hex: $0) }
    static let background = RGB(255, 255, 255)

    struct Point { var x, y, ax, ay, phase, speed: Double; var color: Int }
    let points: [Point]
    /// Coverage x alpha x 256 on a 7x7 pixel footprint, for each 1/8-pixel sub-position of the
    /// centre: masks[(sy * 8 + sx) * 49 + row * 7 + column].
    let masks: [Int32]

    init(width: Int, height: Int, pointsPerPanel: Int) {
        self.width = width
        self.height = height
        let scale = Double(width) / 1920
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random() -> Double {  // splitmix64, for a fixed scene
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        var points: [Point] = []
        let panelW = Double(width / 2), panelH = Double(height / 2)
        for panel in 0..<4 {
            let ox = Double(panel % 2) * panelW, oy = Double(panel / 2) * panelH
            for _ in 0..<pointsPerPanel {
                let cls = Int(random() * 10)
                // Clustered like a layout: class centres on a ring, roughly gaussian spread.
                let angle = Double(cls) / 10 * 2 * Double.pi + Double(panel)
                let spread = (random() + random() + random() - 1.5) * 60 * scale
                let spread2 = (random() + random() + random() - 1.5) * 60 * scale
                points.append(Point(x: ox + panelW / 2 + cos(angle) * panelW * 0.3 + spread,
                                    y: oy + panelH / 2 + sin(angle) * panelH * 0.3 + spread2,
                                    ax: (10 + 20 * random()) * scale, ay: (10 + 20 * random()) * scale,
                                    phase: random() * 2 * Double.pi, speed: 0.02 + 0.04 * random(), color: cls))
            }
        }
        self.points = points
        var masks = [Int32](repeating: 0, count: 64 * 49)
        for sy in 0..<8 {
            for sx in 0..<8 {
                // Centre at (3 + (sx + 0.5) / 8, 3 + (sy + 0.5) / 8) inside the 7x7 footprint.
                let cx = 3 + (Double(sx) + 0.5) / 8, cy = 3 + (Double(sy) + 0.5) / 8
                for row in 0..<7 {
                    for column in 0..<7 {
                        let dx = Double(column) + 0.5 - cx, dy = Double(row) + 0.5 - cy
                        let cov = min(max(Self.radius + 0.5 - (dx * dx + dy * dy).squareRoot(), 0), 1)
                        masks[(sy * 8 + sx) * 49 + row * 7 + column] = Int32((cov * Self.alpha * 256).rounded())
                    }
                }
            }
        }
        self.masks = masks
    }

    func draw(frame: Int, into buffer: PixelBuffer) {
        buffer.fill(Self.background)
        let t = Double(frame)
        let words = buffer.pointer.assumingMemoryBound(to: UInt32.self)
        let stride = buffer.bytesPerRow / 4
        let colors = Self.palette.map { (Int32($0.r), Int32($0.g), Int32($0.b)) }
        masks.withUnsafeBufferPointer { masks in
            for p in points {
                let x = p.x + p.ax * sin(p.speed * t + p.phase)
                let y = p.y + p.ay * cos(p.speed * t + p.phase)
                let fx = (x * 8).rounded(.down), fy = (y * 8).rounded(.down)
                let ix = Int(fx) >> 3, iy = Int(fy) >> 3
                let mask = masks.baseAddress! + ((Int(fy) & 7) * 8 + (Int(fx) & 7)) * 49
                let (cr, cg, cb) = colors[p.color]
                for row in 0..<7 {
                    let py = iy - 3 + row
                    guard py >= 0, py < height else { continue }
                    let line = words + py * stride
                    for column in 0..<7 {
                        let px = ix - 3 + column
                        let a = mask[row * 7 + column]
                        guard a != 0, px >= 0, px < width else { continue }
                        let w = line[px]
                        let db = Int32(w & 0xFF), dg = Int32((w >> 8) & 0xFF), dr = Int32((w >> 16) & 0xFF)
                        // OVER with an opaque destination: d' = d + (c - d) * a / 256.
                        let nb = db + (((cb - db) * a) >> 8)
                        let ng = dg + (((cg - dg) * a) >> 8)
                        let nr = dr + (((cr - dr) * a) >> 8)
                        line[px] = 0xFF00_0000 | UInt32(nr) << 16 | UInt32(ng) << 8 | UInt32(nb)
                    }
                }
            }
        }
    }
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU seconds of the calling thread.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// User + system CPU seconds of this process and its waited-for children.
func cpuSeconds(_ who: __rusage_who) -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(who.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
}

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
}

func fileSize(_ url: URL) -> Int { ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int) ?? 0 }

let options = Options(arguments: CommandLine.arguments)
let width = 1920, height = 1080
let scene = ScatterScene(width: width, height: height, pointsPerPanel: options.pointsPerPanel)
let tag = "\(getpid())"
let pipelineOutput = options.workdir.appendingPathComponent("encode-bench-\(tag).mp4")
let cliOutput = options.workdir.appendingPathComponent("encode-bench-\(tag)-cli.mp4")
let rawFile = options.rawOnly.map { URL(fileURLWithPath: $0) } ?? options.workdir.appendingPathComponent("encode-bench-\(tag).bgra")
defer {
    for url in [pipelineOutput, cliOutput] + (options.rawOnly == nil ? [rawFile] : []) { try? FileManager.default.removeItem(at: url) }
}

print("encode-bench: \(width)x\(height), 4 panels x \(options.pointsPerPanel) points, \(options.frames) frames, libx264 preset=\(options.preset) crf=\(options.crf), 30 fps")
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(loadAverage())")

/// Background, text, and every class and the text blended over the background at 16 levels up to
/// the points' opacity, plus the opaque colours that overlapping points approach: what a theme
/// would hand the GIF sink.
func gifKeyColors() -> [RGB] {
    let text = RGB(0x22, 0x22, 0x22)
    var keys = [ScatterScene.background, text]
    for color in ScatterScene.palette + [text] {
        for step in 1...16 { keys.append(color.blended(over: ScatterScene.background, alpha: Double(step) / 16 * ScatterScene.alpha)) }
        keys.append(color)
    }
    return keys
}

if let snapshot = options.snapshot {
    let gifScene = ScatterScene(width: 800, height: 450, pointsPerPanel: options.pointsPerPanel * 800 * 450 / (width * height))
    let gif = try GIFSink(destination: URL(fileURLWithPath: snapshot + ".gif"), width: 800, height: 450,
                          settings: GIFSettings(fps: 15, keyColors: gifKeyColors()))
    try FramePipeline(sink: gif, width: 800, height: 450).run(frameCount: 30) { index, buffer in
        gifScene.draw(frame: index, into: buffer)
    }
    let sink = try PNGSequenceSink(destination: URL(fileURLWithPath: snapshot), width: width, height: height)
    let buffer = PixelBuffer(width: width, height: height)
    for index in [0, 60] {
        scene.draw(frame: index, into: buffer)
        try sink.write(buffer.frame)
    }
    try sink.finish()
    exit(0)
}

// Rendering alone, for reference (single thread).
var renderCPU = 0.0
do {
    let buffer = PixelBuffer(width: width, height: height)
    let start = threadCPUSeconds()
    let count = min(20, options.frames)
    for index in 0..<count { scene.draw(frame: index, into: buffer) }
    renderCPU = (threadCPUSeconds() - start) / Double(count) * 1000
    print(String(format: "render only: %.1f ms CPU/frame (1 thread)", renderCPU))
}

// The raw frames for the ffmpeg program, written once.
do {
    _ = FileManager.default.createFile(atPath: rawFile.path, contents: nil)
    let handle = try FileHandle(forWritingTo: rawFile)
    let buffer = PixelBuffer(width: width, height: height)
    for index in 0..<options.frames {
        scene.draw(frame: index, into: buffer)
        handle.write(Data(bytesNoCopy: buffer.pointer, count: buffer.bytesPerRow * height, deallocator: .none))
    }
    try handle.close()
    if options.rawOnly != nil { exit(0) }
}

func runPipeline() throws -> (fps: Double, cpuPerFrame: Double, bytes: Int) {
    let settings = VideoSettings(fps: 30, crf: options.crf, preset: options.preset, toolVersion: "encode-bench")
    let cpuStart = cpuSeconds(RUSAGE_SELF)
    let start = now()
    let sink = try VideoFileSink(destination: pipelineOutput, width: width, height: height, settings: settings)
    try FramePipeline(sink: sink, width: width, height: height).run(frameCount: options.frames) { index, buffer in
        scene.draw(frame: index, into: buffer)
    }
    let seconds = now() - start
    let cpu = cpuSeconds(RUSAGE_SELF) - cpuStart
    return (Double(options.frames) / seconds, cpu / Double(options.frames) * 1000, fileSize(pipelineOutput))
}

func runCLI() throws -> (fps: Double, cpuPerFrame: Double, bytes: Int) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                         "-f", "rawvideo", "-pix_fmt", "bgra", "-s", "\(width)x\(height)", "-r", "30", "-i", "-",
                         "-c:v", "libx264", "-preset", options.preset, "-crf", "\(options.crf)", "-pix_fmt", "yuv420p",
                         "-movflags", "+faststart", cliOutput.path]
    process.standardInput = try FileHandle(forReadingFrom: rawFile)
    let cpuStart = cpuSeconds(RUSAGE_CHILDREN)
    let start = now()
    try process.run()
    process.waitUntilExit()
    let seconds = now() - start
    guard process.terminationStatus == 0 else { throw NSError(domain: "ffmpeg", code: Int(process.terminationStatus)) }
    let cpu = cpuSeconds(RUSAGE_CHILDREN) - cpuStart
    return (Double(options.frames) / seconds, cpu / Double(options.frames) * 1000, fileSize(cliOutput))
}

// A README GIF: 10 s at 800x450, 15 fps, the same scene scaled (same point density), with the
// theme's key colours (background, classes, text, and class blends with the background).
do {
    let gifOutput = options.workdir.appendingPathComponent("encode-bench-\(tag).gif")
    defer { try? FileManager.default.removeItem(at: gifOutput) }
    let keys = gifKeyColors()
    let gifScene = ScatterScene(width: 800, height: 450, pointsPerPanel: options.pointsPerPanel * 800 * 450 / (width * height))
    let sink = try GIFSink(destination: gifOutput, width: 800, height: 450, settings: GIFSettings(fps: 15, keyColors: keys))
    let start = now()
    try FramePipeline(sink: sink, width: 800, height: 450).run(frameCount: 150) { index, buffer in
        gifScene.draw(frame: index, into: buffer)
    }
    print(String(format: "GIF 800x450, 15 fps, 10 s (%d points, %d key colours): %.1f MB, %.1f fps end-to-end",
                 gifScene.points.count, keys.count, Double(fileSize(gifOutput)) / 1e6, 150 / (now() - start)))
}

var bestPipeline = 0.0, bestCLI = 0.0, pipelineCPU = Double.infinity, cliCPU = Double.infinity
var roundRatios: [Double] = []
for round in 1...options.rounds {
    let cli = try runCLI()
    print(String(format: "round %d  ffmpeg CLI (ceiling): %6.2f fps  %6.1f ms CPU/frame  %6.1f MB   load %@",
                 round, cli.fps, cli.cpuPerFrame, Double(cli.bytes) / 1e6, loadAverage()))
    let pipe = try runPipeline()
    print(String(format: "round %d  pipeline end-to-end:  %6.2f fps  %6.1f ms CPU/frame  %6.1f MB   load %@",
                 round, pipe.fps, pipe.cpuPerFrame, Double(pipe.bytes) / 1e6, loadAverage()))
    bestPipeline = max(bestPipeline, pipe.fps)
    bestCLI = max(bestCLI, cli.fps)
    roundRatios.append(pipe.fps / cli.fps)
    pipelineCPU = min(pipelineCPU, pipe.cpuPerFrame)
    cliCPU = min(cliCPU, cli.cpuPerFrame)
}
print(String(format: "best: pipeline %.2f fps, ffmpeg CLI %.2f fps, ratio %.2f (target >= 0.85)", bestPipeline, bestCLI, bestPipeline / bestCLI))
let sortedRatios = roundRatios.sorted()
print(String(format: "median of per-round ratios (adjacent runs): %.2f over %d rounds",
             (sortedRatios[(sortedRatios.count - 1) / 2] + sortedRatios[sortedRatios.count / 2]) / 2, sortedRatios.count))
// When both saturate the cores, throughput is inversely proportional to CPU per frame.
print(String(format: "CPU per frame (best): pipeline %.1f ms (render %.1f + encode path %.1f), ffmpeg CLI %.1f ms; CPU-bound ratio %.2f",
             pipelineCPU, renderCPU, pipelineCPU - renderCPU, cliCPU, cliCPU / pipelineCPU))
var usage = rusage()
getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
print(String(format: "peak resident memory of this process: %.0f MB",
             Double(usage.ru_maxrss) / 1024))
print("uptime:\(loadAverage())")
