import Foundation
import XCTest
import LayoutModel
@testable import Interpolate

/// SplitMix64: a tiny deterministic generator so fixtures are the same on every machine.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Float { Float(next() >> 40) / Float(1 << 24) }
    mutating func gaussian() -> Float {
        let u1 = max(Double(next() >> 11) / Double(1 << 53), 1e-12), u2 = Double(next() >> 11) / Double(1 << 53)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}

enum Fixtures {
    /// A run whose `classes` clusters drift and swirl across `epochs`, with Gaussian spread, and
    /// `outlierFraction` of the samples thrown 40–80 units away (left or right) at every epoch.
    static func drifting(samples n: Int, epochs: [Int], blocks: [String] = ["block1"], classes: Int = 4,
                         outlierFraction: Float = 0, seed: UInt64 = 1, runName: String = "run") -> LayoutSet {
        var rng = SeededGenerator(seed: seed)
        let labels = (0..<n).map { Int32($0 % classes) }
        let blockLayouts = blocks.enumerated().map { b, name -> BlockLayout in
            var noise = (0..<n).map { _ in SIMD2(rng.gaussian(), rng.gaussian()) }
            var positions: [[Float]] = []
            for (e, _) in epochs.enumerated() {
                let t = Float(e) / Float(max(epochs.count - 1, 1))
                var row = [Float](repeating: 0, count: 2 * n)
                for i in 0..<n {
                    let c = Float(labels[i])
                    let angle = 2 * Float.pi * c / Float(classes) + 1.5 * t + Float(b)
                    let radius = 1 + 4 * t
                    noise[i] += 0.15 * SIMD2(rng.gaussian(), rng.gaussian())
                    row[2 * i] = radius * cos(angle) + 0.6 * noise[i].x
                    row[2 * i + 1] = radius * sin(angle) + 0.6 * noise[i].y
                    // Exactly 1 in `period` samples per epoch, a different set at each epoch.
                    if outlierFraction > 0 && (i + 13 * e) % max(Int((1 / outlierFraction).rounded()), 1) == 0 {
                        row[2 * i] += (rng.uniform() < 0.5 ? -1 : 1) * (40 + 40 * rng.uniform())
                        row[2 * i + 1] += 60 * (rng.uniform() - 0.5)
                    }
                }
                positions.append(row)
            }
            return BlockLayout(name: name, positions: positions)
        }
        return LayoutSet(runName: runName, epochs: epochs, blocks: blockLayouts,
                         samples: SampleTable(ids: (0..<n).map { "s\($0)" }, labels: labels,
                                              classNames: (0..<classes).map { "class\($0)" }))
    }

    /// A run with explicit positions: `positions[e]` = [x0, y0, x1, y1, …].
    static func explicit(_ positions: [[Float]], epochs: [Int], labels: [Int32]? = nil, block: String = "b") -> LayoutSet {
        let n = positions[0].count / 2
        let labels = labels ?? [Int32](repeating: 0, count: n)
        let classes = Int(labels.max() ?? 0) + 1
        return LayoutSet(runName: "explicit", epochs: epochs, blocks: [BlockLayout(name: block, positions: positions)],
                         samples: SampleTable(ids: (0..<n).map { "\($0)" }, labels: labels,
                                              classNames: (0..<classes).map { "c\($0)" }))
    }

    /// The NeuroMapper demo sample in ../shared/data (CIFAR-10 ResNet-50, 1,000 samples, 40 epochs),
    /// read straight from its CSV files; skips the test when the folder is absent.
    static func neuroMapper(blocks: [Int] = [1, 2]) throws -> LayoutSet {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/neuromapper-sample")
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw XCTSkip("shared data not found at \(root.path)")
        }
        let epochs = Array(stride(from: 5, through: 200, by: 5))
        func numbers(_ url: URL) throws -> [Float] {
            try String(contentsOf: url, encoding: .utf8).split(whereSeparator: { $0 == "," || $0 == "\n" })
                .map { Float(Double($0.trimmingCharacters(in: .whitespaces))!) }
        }
        var layouts: [BlockLayout] = []
        var labels: [Int32] = []
        for b in blocks {
            let folder = root.appendingPathComponent("layer\(b)_pre_embeded_(20, 0.1)")
            let rows = try epochs.map { try numbers(folder.appendingPathComponent("\($0)_embedding.csv")) }
            if labels.isEmpty {
                labels = try numbers(folder.appendingPathComponent("5_labels.csv")).map { Int32($0) }
            }
            layouts.append(BlockLayout(name: "layer\(b)", positions: rows))
        }
        let names = try String(contentsOf: root.appendingPathComponent("classes.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        return LayoutSet(runName: "neuromapper", epochs: epochs, blocks: layouts,
                         samples: SampleTable(ids: labels.indices.map(String.init), labels: labels, classNames: names))
    }

    static func timeline(_ epochs: [Int], fps: Double = 30, secondsPerStep: Double = 0.5, holdFirst: Double = 0,
                         holdLast: Double = 0, spacing: StepSpacing = .byStep) throws -> Timeline {
        try Timeline(epochs: epochs, settings: TimelineSettings(fps: fps, duration: .secondsPerStep(secondsPerStep),
                                                                spacing: spacing, holdFirst: holdFirst, holdLast: holdLast))
    }

    /// All 2·N coordinates of a block at a frame, straight from the keyframe blend (no camera).
    static func positions(_ block: BlockKeyframes, _ timeline: Timeline, frame: Int) -> [Float] {
        var out = [Float](repeating: 0, count: 2 * block.sampleCount)
        var opacity = [Float](repeating: 1, count: block.sampleCount)
        out.withUnsafeMutableBufferPointer { o in
            opacity.withUnsafeMutableBufferPointer { block.fill(o, opacity: $0, at: timeline.position(frame: frame)) }
        }
        return out
    }
}

/// Euclidean length (no simd module on Linux).
func euclideanLength(_ v: SIMD2<Float>) -> Float { (v * v).sum().squareRoot() }
