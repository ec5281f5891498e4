import AtomicOutput
import Foundation
import LayoutModel

/// Writes a `LayoutSet` as a layouts folder (see docs/input-format.md), atomically: the folder
/// appears complete or not at all. `Run.open(at:).layoutSet()` reads back the same set.
public enum LayoutsFolderWriter {
    /// Whether a folder holding exactly these names looks like a layouts folder written before
    /// output folders carried `AtomicOutput.markerName`: `layout.json` or `epochs.npy`, and
    /// nothing but `.npy` arrays and the side files this writer writes.
    @Sendable public static func isLayoutsFolder(_ names: [String]) -> Bool {
        let sideFiles: Set<String> = ["layout.json", "classes.txt", "ids.txt", "metrics.csv"]
        return (names.contains("layout.json") || names.contains("epochs.npy"))
            && names.allSatisfy { $0.hasSuffix(".npy") || sideFiles.contains($0) }
    }

    /// Writes `layouts` with the `parameters` that made them into the folder `destination`
    /// (replacing an existing one only once everything is written).
    public static func write(_ layouts: LayoutSet, parameters: [String: String] = [:], to destination: URL) throws {
        let output = try AtomicOutput(destination: destination, rule: .folder(legacyContents: isLayoutsFolder))
        let folder = output.temporary
        let n = layouts.sampleCount
        for block in layouts.blocks {
            try SideFilesWriting.checkBlockName(block.name, reserved: Run.layoutsReservedArrays, in: destination)
            precondition(block.positions.count == layouts.epochs.count && block.positions.allSatisfy { $0.count == 2 * n },
                         "block \(block.name) needs 2·N floats for each of the \(layouts.epochs.count) epochs")
            try FileBytes.write(NpyWriter.encode(floats: block.positions.flatMap { $0 }, shape: [layouts.epochs.count, n, 2]),
                                to: folder.appendingPathComponent(block.name + ".npy").path)
        }
        try FileBytes.write(NpyWriter.encode(integers: layouts.epochs.map(Int64.init), shape: [layouts.epochs.count]),
                            to: folder.appendingPathComponent("epochs.npy").path)
        try SideFilesWriting.writeSamples(layouts.samples, folder: folder)
        if let metrics = layouts.metrics { try SideFilesWriting.writeMetrics(metrics, folder: folder) }
        let manifest = LayoutsManifest(name: layouts.runName, epochs: layouts.epochs,
                                       blocks: layouts.blocks.map { .init(name: $0.name, title: $0.title) },
                                       parameters: parameters)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try FileBytes.write(Array(try encoder.encode(manifest)) + [10], to: folder.appendingPathComponent("layout.json").path)
        try output.commit()
    }
}
