import SeededRandom
import Foundation
import Interpolate
import LayoutModel
@testable import Render

/// Deterministic clustered 2D data for tests: `classes` Gaussian blobs on a circle that tighten
/// as `progress` goes from 0 (one mixed cloud) to 1 (separated clusters).
struct SyntheticRun {
    let samples: SampleTable
    let classCount: Int
    private let base: [SIMD2<Float>]
    private let noise: [SIMD2<Float>]

    init(count: Int, classes: Int = 10, seed: UInt64 = 1) {
        var rng = SplitMix64(seed: seed)
        func gaussian() -> Float {
            // Box–Muller
            let u1 = max(Double(rng.next() >> 11) / Double(1 << 53), 1e-12), u2 = Double(rng.next() >> 11) / Double(1 << 53)
            return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
        }
        let labels = (0..<count).map { Int32($0 % classes) }
        classCount = classes
        samples = SampleTable(ids: (0..<count).map(String.init), labels: labels,
                              classNames: (0..<classes).map { ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"][safe: $0] ?? "class \($0)" })
        base = labels.map { label in
            let angle = Float(label) / Float(classes) * 2 * .pi
            return SIMD2(cos(angle), sin(angle)) * 6
        }
        noise = (0..<count).map { _ in SIMD2(gaussian(), gaussian()) }
    }

    /// Positions (2·N floats) at a training progress in 0…1.
    func positions(progress: Float, block: Int = 0) -> [Float] {
        var out = [Float](repeating: 0, count: 2 * samples.count)
        let spread = 4 - 3.1 * progress + Float(block) * 0.15
        for i in 0..<samples.count {
            let p = base[i] * progress * (1 + Float(block) * 0.1) + noise[i] * spread
            out[2 * i] = p.x
            out[2 * i + 1] = p.y
        }
        return out
    }

    /// A panel at a progress with a viewport around the data (equal aspect for `aspect`).
    func panel(progress: Float, block: Int = 0, aspect: Double = 1, tracks: [TrackFrame] = []) -> PanelFrame {
        let positions = positions(progress: progress, block: block)
        return PanelFrame(positions: positions, viewport: Self.viewport(around: positions, aspect: aspect), tracks: tracks)
    }

    /// The bounding box of finite positions, padded by 5 % and widened to `aspect`.
    static func viewport(around positions: [Float], aspect: Double) -> Viewport {
        var minX = Float.infinity, minY = Float.infinity, maxX = -Float.infinity, maxY = -Float.infinity
        for i in stride(from: 0, to: positions.count, by: 2) where positions[i].isFinite && positions[i + 1].isFinite {
            minX = min(minX, positions[i]); maxX = max(maxX, positions[i])
            minY = min(minY, positions[i + 1]); maxY = max(maxY, positions[i + 1])
        }
        var w = (maxX - minX) * 1.1, h = (maxY - minY) * 1.1
        let cx = (minX + maxX) / 2, cy = (minY + maxY) / 2
        if Double(w / h) < aspect { w = h * Float(aspect) } else { h = w / Float(aspect) }
        return Viewport(minX: cx - w / 2, minY: cy - h / 2, maxX: cx + w / 2, maxY: cy + h / 2)
    }

    /// A metrics table shaped like a training run.
    static func metrics(epochs: Int, overfit: Bool) -> MetricsTable {
        let e = Array(0...epochs)
        let train = e.map { 1 - 0.9 * exp(-Double($0) / (overfit ? 3 : 6)) }
        let val = e.map { overfit ? 0.1 + 0.5 * (1 - exp(-Double($0) / 3)) : 0.1 + 0.83 * (1 - exp(-Double($0) / 5)) }
        return MetricsTable(names: ["train_acc", "val_acc"], epochs: e, values: [train, val])
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
