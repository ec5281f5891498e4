import Foundation
import Runs

extension LayoutStage {
    /// The cache key of one block's layouts: what the layout is computed from and how, and
    /// nothing about where the run is. The same run at two mount points, or copied elsewhere,
    /// gets the same key; a changed byte of its arrays, a changed parameter or a new tool
    /// version gets another.
    ///
    /// The parts: a format tag, the tool version, the block, the epochs, every layout
    /// parameter, the sample count, and for each epoch the SHA-256 of the file holding the
    /// block's array (with the member's name for an `.npz` archive) and of the epoch's sample
    /// rows when it holds a subset. Labels, class names and metrics are left out: they do not
    /// change the layout, so a run whose metrics.csv grows keeps its cached layouts.
    func contentKey(run: Run, block: String, epochs: [Int], digests: ContentDigest) throws -> CacheKey {
        let params = parameterRecord.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var parts = ["nm-render-layout-v2", toolVersion, block, epochs.map(String.init).joined(separator: ","),
                     "samples=\(run.sampleCount)"] + params
        let arrays = try run.inputArrays(block: block)
        for (epoch, array) in zip(run.epochs, arrays) where epochs.contains(epoch) {
            var line = "epoch \(epoch): \(try digests.digest(ofFile: array.path))"
            if let member = array.member { line += " member \(member)" }
            if let rows = try run.epochSampleIndices(epoch: epoch) {
                var sha = SHA256()
                rows.withUnsafeBufferPointer { sha.update(UnsafeRawBufferPointer($0)) }
                line += " rows \(sha.hexDigest())"
            }
            parts.append(line)
        }
        return CacheKey(parts)
    }
}
