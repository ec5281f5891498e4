import Foundation
import LayoutModel
import Runs

extension LayoutSet {
    /// A larger synthetic run made from a real one: `copies` copies of every sample.
    ///
    /// Copy 0 is the sample itself; copy c ≥ 1 of sample i becomes sample c·N + i, with the same
    /// label, offset by a fixed Gaussian jitter (σ = 1 % of the block's larger extent over all
    /// epochs; SplitMix64 seeded with `seed`, Box–Muller). The offset is the same at every epoch,
    /// so each copy moves exactly like its original and the clusters keep their motion, only
    /// denser. Absent (NaN) positions stay absent.
    func tiled(copies: Int, seed: UInt64 = 6) -> LayoutSet {
        precondition(copies >= 1)
        let n = sampleCount
        var state = seed
        func uniform() -> Double {  // SplitMix64 (Steele, Lea & Flood 2014), 53-bit fraction
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        func gaussian() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }

        let tiledBlocks = blocks.map { block -> BlockLayout in
            var lo = SIMD2<Float>(repeating: .infinity), hi = SIMD2<Float>(repeating: -.infinity)
            for epoch in block.positions {
                for i in 0..<n where epoch[2 * i].isFinite && epoch[2 * i + 1].isFinite {
                    let p = SIMD2(epoch[2 * i], epoch[2 * i + 1])
                    lo = pointwiseMin(lo, p)
                    hi = pointwiseMax(hi, p)
                }
            }
            let sigma = 0.01 * Double(max(hi.x - lo.x, hi.y - lo.y))
            let offsets = (0..<(2 * n * copies)).map { k in k < 2 * n ? 0 : Float(gaussian() * sigma) }
            let positions = block.positions.map { epoch -> [Float] in
                (0..<(2 * n * copies)).map { k in epoch[k % (2 * n)] + offsets[k] }
            }
            return BlockLayout(name: block.name, title: block.title, positions: positions)
        }
        let ids = (0..<copies).flatMap { c in samples.ids.map { c == 0 ? $0 : "\($0)~\(c)" } }
        let labels = (0..<copies).flatMap { _ in samples.labels }
        return LayoutSet(runName: "\(runName) ×\(copies) (jittered copies)", epochs: epochs, blocks: tiledBlocks,
                         samples: SampleTable(ids: ids, labels: labels, classNames: samples.classNames), metrics: metrics)
    }
}
