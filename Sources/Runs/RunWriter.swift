import AtomicOutput
import Foundation
import LayoutModel

/// Writes an activations run folder as training goes (the demo trainer uses it): side files
/// first, then `epoch_<E>/<block>.npy` as each epoch's activations arrive, then `metrics.csv`
/// and `run.json` on `finish`. The folder is built aside and appears only when finished;
/// dropping the writer unfinished removes it. One thread uses a writer.
public final class RunWriter {
    private let output: AtomicOutput
    private let blocks: [RunManifest.Block]
    private let samples: SampleTable
    private let dtype: NpyDType
    private let epochDigits: Int
    private let name: String?
    private var written: [Int: Set<String>] = [:]

    /// - Parameters:
    ///   - destination: the run folder to create (its parent must exist).
    ///   - name: display name stored in `run.json`.
    ///   - blocks: block names (file stems) in display order, with optional titles.
    ///   - samples: ids, labels and class names of the N samples.
    ///   - dtype: float16, float32 or float64 storage for activations.
    ///   - epochDigits: zero padding of epoch folder names (`epoch_007` for 3).
    public init(destination: URL, name: String? = nil, blocks: [RunManifest.Block], samples: SampleTable,
                dtype: NpyDType = .float32, epochDigits: Int = 3) throws {
        precondition(dtype.isFloat, "activations are stored as floats")
        output = try AtomicOutput(destination: destination, rule: .folder(legacyContents: Self.isWrittenRun))
        self.blocks = blocks
        self.samples = samples
        self.dtype = dtype
        self.epochDigits = epochDigits
        self.name = name
        for block in blocks { try SideFilesWriting.checkBlockName(block.name, reserved: ["ids"], in: destination) }
        try SideFilesWriting.writeSamples(samples, folder: output.temporary)
    }

    /// Whether a folder holding exactly these names looks like a run this writer wrote before
    /// output folders carried `AtomicOutput.markerName` (epoch folders and side files only).
    @Sendable public static func isWrittenRun(_ names: [String]) -> Bool {
        let sideFiles: Set<String> = ["labels.npy", "classes.txt", "ids.npy", "ids.txt", "metrics.csv", "run.json"]
        return names.contains { $0.hasPrefix("epoch_") }
            && names.allSatisfy { sideFiles.contains($0) || FolderListing.epochNumber($0, isDirectory: true) != nil }
    }

    /// The folder name of an epoch.
    public func epochFolderName(_ epoch: Int) -> String {
        let digits = String(epoch)
        return "epoch_" + String(repeating: "0", count: max(0, epochDigits - digits.count)) + digits
    }

    /// Stores the activations of `block` at `epoch`: `values` row-major `[rows, cols]`. With
    /// `sampleIndices` (global index per row) the epoch holds a subset and its ids are written
    /// beside it; without, rows must be all N samples in order.
    public func write(block: String, epoch: Int, rows: Int, cols: Int, values: [Float], sampleIndices: [Int]? = nil) throws {
        precondition(blocks.contains { $0.name == block }, "block \(block) was not declared")
        precondition(values.count == rows * cols, "values must hold rows × cols floats")
        precondition(sampleIndices.map { $0.count == rows } ?? (rows == samples.count), "one row per sample")
        let folder = output.temporary.appendingPathComponent(epochFolderName(epoch))
        if written[epoch] == nil {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        if let sampleIndices {
            try SideFilesWriting.writeIds(sampleIndices.map { samples.ids[$0] }, folder: folder, skipDefault: false)
        }
        try FileBytes.write(NpyWriter.encode(floats: values, shape: [rows, cols], dtype: dtype),
                            to: folder.appendingPathComponent(block + ".npy").path)
        written[epoch, default: []].insert(block)
    }

    /// Writes `metrics.csv` (if given) and `run.json`, checks every block was written for every
    /// epoch, and moves the run into place. Returns its URL.
    @discardableResult
    public func finish(metrics: MetricsTable? = nil) throws -> URL {
        guard !written.isEmpty else {
            throw OutputError.cannotCreate(path: output.destination.path, reason: "no epoch was written, so the run would be empty")
        }
        for (epoch, names) in written.sorted(by: { $0.key < $1.key }) {
            if let missing = blocks.first(where: { !names.contains($0.name) }) {
                throw OutputError.cannotCreate(path: output.destination.path,
                                               reason: "block \(missing.name) was not written for epoch \(epoch)")
            }
        }
        if let metrics { try SideFilesWriting.writeMetrics(metrics, folder: output.temporary) }
        var manifest: [String: Any] = ["blocks": blocks.map { block -> Any in
            block.title.map { ["name": block.name, "title": $0] } ?? block.name
        }]
        if let name { manifest["name"] = name }
        let json = try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        try FileBytes.write(Array(json) + [10], to: output.temporary.appendingPathComponent("run.json").path)
        try output.commit()
        return output.destination
    }
}
