// motion-bench: time to compute every position of a frame for 4 panels × 10,000 points, and the
// camera for a 400-frame video. Build and run with `swift run -c release motion-bench`.
import Foundation
import Interpolate
import LayoutModel

/// SplitMix64, so the synthetic layouts are identical on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func gaussian() -> Float {
        let u1 = max(Double(next() >> 11) / Double(1 << 53), 1e-12), u2 = Double(next() >> 11) / Double(1 << 53)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}

let samples = 10_000, panels = 4
let epochs = Array(stride(from: 5, through: 200, by: 5))  // 40 saved epochs, like the NeuroMapper demo
var rng = SplitMix(state: 42)
let labels = (0..<samples).map { Int32($0 % 10) }
let blocks = (0..<panels).map { b -> BlockLayout in
    var walk = (0..<samples).map { _ in SIMD2(rng.gaussian(), rng.gaussian()) }
    let rows = epochs.indices.map { e -> [Float] in
        let t = Float(e) / Float(epochs.count - 1)
        var row = [Float](repeating: 0, count: 2 * samples)
        for i in 0..<samples {
            walk[i] += 0.1 * SIMD2(rng.gaussian(), rng.gaussian())
            let angle = 2 * Float.pi * Float(labels[i]) / 10 + t + Float(b)
            row[2 * i] = (1 + 6 * t) * cos(angle) + walk[i].x
            row[2 * i + 1] = (1 + 6 * t) * sin(angle) + walk[i].y
        }
        return row
    }
    return BlockLayout(name: "block\(b + 1)", positions: rows)
}
let run = LayoutSet(runName: "bench", epochs: epochs, blocks: blocks,
                    samples: SampleTable(ids: (0..<samples).map(String.init), labels: labels, classNames: (0..<10).map { "c\($0)" }))

// 400 frames: F = round(D·fps) + 1 with D = 399/30 s.
let timeline = try Timeline(epochs: epochs, settings: TimelineSettings(
    fps: 30, duration: .totalSeconds(399.0 / 30), holdFirst: 1, holdLast: 2))
let clock = ContinuousClock()
func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15 }

print("motion-bench: \(panels) panels × \(samples) points, \(epochs.count) saved epochs, \(timeline.frameCount) frames at 30 fps")

for curve in MotionCurve.allCases {
    var keyframes: [BlockKeyframes] = []
    let prep = try clock.measure {
        keyframes = try blocks.map { try BlockKeyframes(block: $0, sampleCount: samples, timeline: timeline, curve: curve) }
    }
    var out = (0..<panels).map { _ in [Float](repeating: 0, count: 2 * samples) }
    var checksum: Float = 0
    var perFrame: [Double] = []
    let total = clock.measure {
        for f in 0..<timeline.frameCount {
            let time = timeline.position(frame: f)
            let one = clock.measure {
                for p in 0..<panels {
                    out[p].withUnsafeMutableBufferPointer { keyframes[p].fill($0, opacity: nil, at: time) }
                }
            }
            perFrame.append(ms(one))
            checksum += out[f % panels][2 * (f % samples)]
        }
    }
    let mean = ms(total) / Double(timeline.frameCount)
    let sorted = perFrame.sorted()
    // The max is usually a time slice lost to the other processes on this shared machine.
    print(String(format: "positions %-13@ keyframe prep %6.1f ms | per frame (4 panels): mean %.3f ms, median %.3f ms, p99 %.3f ms, max %.3f ms  [checksum %.3f]",
                 curve.rawValue as NSString, ms(prep), mean, sorted[sorted.count / 2], sorted[sorted.count * 99 / 100],
                 sorted[sorted.count - 1], checksum))
}

let keyframes = try blocks.map { try BlockKeyframes(block: $0, sampleCount: samples, timeline: timeline, curve: .monotoneCubic) }
for mode in CameraMode.allCases {
    var paths: [CameraPath] = []
    let cam = try clock.measure {
        paths = try keyframes.map { try CameraPath(blocks: [$0], timeline: timeline, settings: CameraSettings(mode: mode, aspect: 16.0 / 9.0)) }
    }
    print(String(format: "camera %-6@ 4 panels × %d frames: %.1f ms total (%.1f ms per panel), largest edge step bound %.4f",
                 mode.rawValue as NSString, paths[0].viewports.count, ms(cam), ms(cam) / Double(panels), paths[0].maxEdgeStepPerFrame))
}

// The whole per-frame call the CLI makes: positions, outlier clamp, viewport and 5 tracks with 1 s trails.
let scene = try MotionScene(layouts: [run], blocks: blocks.map(\.name), timeline: timeline, curve: .monotoneCubic,
                            camera: CameraSettings(mode: .follow, aspect: 16.0 / 9.0),
                            tracks: TrackSettings(selections: [.mostMoving(count: 5, block: "block4")], trailSeconds: 1))
var frames = (0..<panels).map { _ in PanelFrame(positions: [], viewport: Viewport(minX: 0, minY: 0, maxX: 1, maxY: 1)) }
let full = clock.measure {
    for f in 0..<scene.frameCount {
        for c in 0..<panels { scene.fill(&frames[c], frame: f, row: 0, column: c) }
    }
}
print(String(format: "MotionScene.fill (positions + clamp + 5 tracks), 4 panels: mean %.3f ms per frame",
             ms(full) / Double(scene.frameCount)))
