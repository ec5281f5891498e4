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
        let params = parameterRecord(sampleCount: run.sampleCount).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var parts = ["nm-render-layout-v2", toolVersion, block, epochs.map(String.init).joined(separator: ","),
                     "samples=\(run.sampleCount)"] + params
        let content = try epochContent(run: run, block: block, digests: digests)
        for (epoch, text) in zip(run.epochs, content) where epochs.contains(epoch) {
            parts.append("epoch \(epoch): \(text)")
        }
        return CacheKey(parts)
    }

    /// Per saved epoch of `run`, what `block`'s activations there are made of: the SHA-256 of
    /// the file holding the array (with the member's name for an `.npz` archive) and of the
    /// epoch's sample rows when it holds a subset. Equal text, equal activations.
    func epochContent(run: Run, block: String, digests: ContentDigest) throws -> [String] {
        let arrays = try run.inputArrays(block: block)
        return try zip(run.epochs, arrays).map { epoch, array in
            var line = try digests.digest(ofFile: array.path)
            if let member = array.member { line += " member \(member)" }
            if let rows = try run.epochSampleIndices(epoch: epoch) {
                var sha = SHA256()
                rows.withUnsafeBufferPointer { sha.update(UnsafeRawBufferPointer($0)) }
                line += " rows \(sha.hexDigest())"
            }
            return line
        }
    }

    /// The cache key of a joint layout of `block` over `runs` (one entry for all of them): a
    /// format tag, the tool version, the block, the strength between runs, every layout
    /// parameter, and per run in order its sample count, the digest of its sample ids (they tie
    /// the runs together) and its epochs' contents. Where the runs are stored does not count.
    func jointContentKey(runs: [Run], block: String, digests: ContentDigest) throws -> CacheKey {
        let params = jointParameterRecord(runCount: runs.count).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        // The record holds the run count and the strength between runs (`jointParameterRecord`).
        var parts = ["nm-render-joint-layout-v1", toolVersion, block] + params
        for (r, run) in runs.enumerated() {
            parts.append("run \(r): samples=\(run.sampleCount) ids \(LayoutStage.idsDigest(run.samples.ids))")
            let content = try epochContent(run: run, block: block, digests: digests)
            for (epoch, text) in zip(run.epochs, content) { parts.append("run \(r) epoch \(epoch): \(text)") }
        }
        return CacheKey(parts)
    }

    /// SHA-256 of sample ids, each followed by a 0x1F separator.
    static func idsDigest(_ ids: [String]) -> String {
        var sha = SHA256()
        for id in ids { sha.update(id + "\u{1F}") }
        return sha.hexDigest()
    }
}
