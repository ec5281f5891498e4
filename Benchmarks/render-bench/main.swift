// render-bench: frames per second of the frame renderer at 1920×1080 with 4 panels × 10,000
// points (points + chrome: title, headers, legend, epoch, progress bar, metrics chart), on one
// thread, against plain Cairo arcs (one cairo_arc + cairo_fill per point) for the same points.
// Build and run: swift build -c release --product render-bench && .build/release/render-bench [frames]
import CCairo
import Foundation
import Interpolate
import LayoutModel
import Render

/// Thread CPU time in milliseconds (immune to other processes competing for the cores).
func threadCPUms() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
}

func wallms() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
}

struct LCG {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    mutating func gaussian() -> Double {
        (-2 * log(max(next(), 1e-12))).squareRoot() * cos(2 * .pi * next())
    }
}

let frames = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 60 : 60
let n = 10_000, classes = 10, blocks = 4
let width = 1920, height = 1080
var rng = LCG(state: 42)
let labels = (0..<n).map { Int32($0 % classes) }
let samples = SampleTable(ids: (0..<n).map(String.init), labels: labels,
                          classNames: ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"])
// Clustered layouts per block, plus a per-frame drift so every frame differs.
let basePositions: [[Float]] = (0..<blocks).map { _ in
    (0..<n).flatMap { i -> [Float] in
        let a = Double(i % classes) / Double(classes) * 2 * .pi
        return [Float(6 * cos(a) + 1.3 * rng.gaussian()), Float(6 * sin(a) + 1.3 * rng.gaussian())]
    }
}
let drift: [Float] = (0..<(2 * n)).map { _ in Float(rng.gaussian() * 0.02) }
let metrics = MetricsTable(names: ["train_acc", "val_acc"], epochs: Array(0...20),
                           values: [(0...20).map { 1 - 0.9 * exp(-Double($0) / 5) }, (0...20).map { 0.1 + 0.8 * (1 - exp(-Double($0) / 5)) }])
let scene = FrameScene(title: "Synthetic run: 4 blocks × 10,000 samples", columnTitles: (1...blocks).map { "Block \($0)" },
                       rows: [FrameRow(name: "run", samples: samples, metrics: metrics)], metricsChart: MetricsChartSpec())
let renderer = try FrameRenderer(scene: scene, settings: RenderSettings(), width: width, height: height)
let viewport = Viewport(minX: -11, minY: -11, maxX: 11, maxY: 11)
let aspect = Float(renderer.layout.panelAspect)
let wideViewport = Viewport(minX: -11 * aspect, minY: -11, maxX: 11 * aspect, maxY: 11)

func panels(frame: Int) -> [[PanelFrame]] {
    let t = Float(frame % 50)
    return [(0..<blocks).map { b in
        var p = basePositions[b]
        for k in 0..<p.count { p[k] += drift[k] * t }
        return PanelFrame(positions: p, viewport: wideViewport)
    }]
}

let stride = Canvas.minimumBytesPerRow(width: width)
let buffer = UnsafeMutableRawPointer.allocate(byteCount: stride * height, alignment: 64)
defer { buffer.deallocate() }
let inputs = (0..<10).map { panels(frame: $0 * 5) }

// Warm-up (font loading, page faults).
for f in 0..<3 { try renderer.render(inputs[f % inputs.count], clock: FrameClock(frame: f, epochValue: 5, label: "epoch 5", progress: 0.2), into: buffer, bytesPerRow: stride) }

func measure(_ label: String, frames: Int, _ body: (Int) throws -> Void) rethrows -> (cpu: Double, wall: Double) {
    var cpuTimes: [Double] = [], wallTimes: [Double] = []
    for f in 0..<frames {
        let c0 = threadCPUms(), w0 = wallms()
        try body(f)
        cpuTimes.append(threadCPUms() - c0)
        wallTimes.append(wallms() - w0)
    }
    cpuTimes.sort(); wallTimes.sort()
    let cpu = cpuTimes[cpuTimes.count / 2], wall = wallTimes[wallTimes.count / 2]
    print(String(format: "%-44@ median %7.2f ms CPU (%6.1f fps)   wall %7.2f ms (%6.1f fps)   min CPU %6.2f ms",
                 label as NSString, cpu, 1000 / cpu, wall, 1000 / wall, cpuTimes[0]))
    return (cpu, wall)
}

print("render-bench: \(width)x\(height), \(blocks) panels x \(n) points, radius \(String(format: "%.2f", renderer.pointRadius)) px, opacity \(String(format: "%.2f", renderer.pointOpacity)), \(frames) frames, one thread")
let full = try measure("full frame (splatted points + chrome)", frames: frames) { f in
    try renderer.render(inputs[f % inputs.count], clock: FrameClock(frame: f, epochValue: Double(f % 20), label: "epoch \(f % 20)", progress: Double(f) / Double(frames)),
                        into: buffer, bytesPerRow: stride)
}

// The same frame with larger discs (r = 2.5 px, the size measured in the design notes).
let bigRenderer = try FrameRenderer(scene: scene, settings: RenderSettings(pointStyle: PointStyle(radius: 2.5, opacity: 0.8)),
                                    width: width, height: height)
let big = try measure("full frame, r = 2.5 px discs", frames: frames) { f in
    try bigRenderer.render(inputs[f % inputs.count], clock: FrameClock(frame: f, epochValue: Double(f % 20), label: "epoch \(f % 20)", progress: 0.5),
                           into: buffer, bytesPerRow: stride)
}

// Chrome alone: the same frame with no points drawn.
let empty = [(0..<blocks).map { _ in PanelFrame(positions: [Float](repeating: .nan, count: 2 * n), viewport: wideViewport) }]
let chrome = try measure("chrome only (NaN positions)", frames: frames) { f in
    try renderer.render(empty, clock: FrameClock(frame: f, epochValue: Double(f % 20), label: "epoch \(f % 20)", progress: 0.5),
                        into: buffer, bytesPerRow: stride)
}

// Plain Cairo arcs: the same points, colours, radius and opacity, one arc + fill per point.
let surface = cairo_image_surface_create_for_data(buffer.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_ARGB32,
                                                  Int32(width), Int32(height), Int32(stride))!
let cr = cairo_create(surface)!
let colours = ClassPalette.colourBlindSafe.colours(count: classes)
let radius = renderer.pointRadius, alpha = renderer.pointOpacity
let arcFrames = max(frames / 6, 5)
let arcs = measure("points only, plain Cairo arcs", frames: arcFrames) { f in
    cairo_set_source_rgb(cr, 1, 1, 1)
    cairo_paint(cr)
    for (b, panel) in inputs[f % inputs.count][0].enumerated() {
        let rect = renderer.layout.panelRect(row: 0, column: b)
        let mapping = PanelMapping(viewport: panel.viewport, rect: rect)
        for i in 0..<n {
            let p = mapping.point(x: Double(panel.positions[2 * i]), y: Double(panel.positions[2 * i + 1]))
            let c = colours[Int(labels[i])]
            cairo_set_source_rgba(cr, c.red, c.green, c.blue, alpha)
            cairo_new_sub_path(cr)
            cairo_arc(cr, p.x, p.y, radius, 0, 2 * .pi)
            cairo_fill(cr)
        }
    }
}
cairo_destroy(cr)
cairo_surface_destroy(surface)

let splatPoints = full.cpu - chrome.cpu
print(String(format: "points only, splatted (full - chrome)              %7.2f ms CPU", splatPoints))
print(String(format: "ratio plain Cairo arcs / splatted points: %.1fx (points only), %.1fx (whole frame with arcs vs splat)",
             arcs.cpu / max(splatPoints, 0.01), (arcs.cpu + chrome.cpu) / full.cpu))
print(String(format: "with r = 2.5 px discs: %.1f fps by CPU time", 1000 / big.cpu))
print(String(format: "target >= 100 fps for the full frame on one core: %@ (%.1f fps by CPU time)",
             (1000 / full.cpu >= 100 ? "met" : "NOT met") as NSString, 1000 / full.cpu))
