import Foundation

/// A tiny activations run written by the tests (docs/input-format.md, "Activations run"):
/// `epoch_<E>/<block>.npy` float32 [N, D], `labels.npy`, `classes.txt`, `metrics.csv`.
///
/// The classes drift apart as epochs go on (class centre on its own axis, scaled by
/// 1 + epoch), with deterministic noise, so layouts have real structure. Kept small on purpose:
/// the tests run the debug build, where AlignedUMAP is slow.
struct GeneratedRun {
    var sampleCount = 60
    var dimension = 8
    var epochs = [0, 1, 2]
    var blocks = ["block1", "block2"]
    var classNames = ["cat", "dog", "fox"]
    /// Seed of the noise: another seed gives another run of the same samples.
    var seed: UInt64 = 7
    /// Writes one NaN at (block, epoch, row, column) to make the data bad.
    var nan: (block: String, epoch: Int, row: Int, column: Int)? = nil

    /// Writes the run into `folder` (created) and returns it.
    @discardableResult
    func write(to folder: URL) throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        var random = SplitMix64(seed: seed)
        for epoch in epochs {
            let epochFolder = folder.appendingPathComponent(String(format: "epoch_%03d", epoch))
            try fm.createDirectory(at: epochFolder, withIntermediateDirectories: true)
            for (b, block) in blocks.enumerated() {
                var values = [Float](repeating: 0, count: sampleCount * dimension)
                for i in 0 ..< sampleCount {
                    let label = i % classNames.count
                    for d in 0 ..< dimension {
                        let centre: Float = d % classNames.count == label ? Float(1 + epoch) * Float(b + 1) : 0
                        values[i * dimension + d] = centre + random.nextUnit() - 0.5
                    }
                }
                if let nan, nan.block == block, nan.epoch == epoch {
                    values[nan.row * dimension + nan.column] = .nan
                }
                try NpyFileWriter.writeFloat32(values, shape: [sampleCount, dimension],
                                               to: epochFolder.appendingPathComponent("\(block).npy"))
            }
        }
        let labels = (0 ..< sampleCount).map { Int64($0 % classNames.count) }
        try NpyFileWriter.writeInt64(labels, to: folder.appendingPathComponent("labels.npy"))
        try (classNames.joined(separator: "\n") + "\n")
            .write(to: folder.appendingPathComponent("classes.txt"), atomically: true, encoding: .utf8)
        let metrics = ["epoch,val_acc"] + epochs.map { "\($0),\(0.3 + 0.2 * Double($0))" }
        try (metrics.joined(separator: "\n") + "\n")
            .write(to: folder.appendingPathComponent("metrics.csv"), atomically: true, encoding: .utf8)
        return folder
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small, well-mixed deterministic generator.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), from the top 24 bits.
    mutating func nextUnit() -> Float { Float(next() >> 40) / Float(1 << 24) }
}
