import Foundation
import LayoutModel

/// Everything `nm-render inspect` reports about a run, as one Codable value (`--json`) with a
/// plain-text rendering (`text`).
public struct RunSummary: Sendable, Equatable, Codable {
    public struct ClassCount: Sendable, Equatable, Codable {
        public var index: Int
        public var name: String
        public var count: Int
    }

    public struct Ids: Sendable, Equatable, Codable {
        /// `ids.npy`, `ids.txt`, or `default` (0..N-1).
        public var source: String
        /// The first few ids.
        public var first: [String]
        /// True when some epochs hold a subset of the samples (per-epoch ids).
        public var perEpochSubsets: Bool
    }

    public var path: String
    public var name: String
    /// `activations` or `layouts`.
    public var kind: Run.Kind
    /// `activations-folder`, `layouts-folder` or `neuromapper`.
    public var format: Run.Format
    public var variant: String?
    public var blocks: [BlockInfo]
    public var epochs: [Int]
    /// Compact form of `epochs`, e.g. `5..200 step 5 (40)`.
    public var epochsText: String
    public var sampleCount: Int
    public var classes: [ClassCount]
    public var ids: Ids
    /// Metric columns of `metrics.csv` (empty when absent).
    public var metrics: [String]
    public var bytesOnDisk: Int64
    /// `layout.json` parameters of a layouts folder.
    public var layoutParameters: [String: String]

    public init(run: Run) {
        path = run.url.path
        name = run.name
        kind = run.kind
        format = run.format
        variant = run.variant
        blocks = run.blocks
        epochs = run.epochs
        epochsText = EpochList.compactText(run.epochs)
        sampleCount = run.sampleCount
        classes = zip(run.samples.classNames, run.samples.classCounts).enumerated().map {
            ClassCount(index: $0.offset, name: $0.element.0, count: $0.element.1)
        }
        ids = Ids(source: run.idsSource ?? "default", first: Array(run.samples.ids.prefix(3)),
                  perEpochSubsets: run.epochRows.contains { $0 != nil })
        metrics = run.metrics?.names ?? []
        bytesOnDisk = run.bytesOnDisk
        layoutParameters = run.layoutParameters
    }

    /// One JSON object, keys sorted, for CI.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The human report, one fact per line.
    public var text: String {
        var lines: [String] = []
        lines.append("run      \(name)  (\(path))")
        lines.append("kind     \(kind.rawValue) (\(format.rawValue)\(variant.map { ", variant \($0)" } ?? ""))")
        lines.append("blocks   \(blocks.count)")
        func padded(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        let nameWidth = blocks.map(\.name.count).max() ?? 0
        let dimensionWidth = blocks.map { String($0.dimension).count }.max() ?? 0
        let dtypeWidth = blocks.map(\.dtype.count).max() ?? 0
        for block in blocks {
            let title = block.title == block.name ? "" : "  \"\(block.title)\""
            lines.append("  \(padded(block.name, nameWidth))  D = \(padded(String(block.dimension), dimensionWidth))  "
                + "\(padded(block.dtype, dtypeWidth))  \(Self.bytesText(block.bytes))\(title)")
        }
        lines.append("epochs   \(epochsText)")
        lines.append("samples  N = \(sampleCount)")
        // A text summary lists at most 40 classes (ImageNet has 1,000); --json lists them all.
        let shown = classes.prefix(40).map { "\($0.name) \($0.count)" }.joined(separator: ", ")
        lines.append("classes  \(classes.count): " + shown + (classes.count > 40 ? " and \(classes.count - 40) more" : ""))
        let idsFirst = ids.first.joined(separator: ", ") + (sampleCount > ids.first.count ? ", …" : "")
        lines.append("ids      \(ids.source == "default" ? "0..N-1 (default)" : ids.source): \(idsFirst)"
            + (ids.perEpochSubsets ? "; some epochs hold a subset (per-epoch ids)" : ""))
        lines.append("metrics  " + (metrics.isEmpty ? "none" : metrics.joined(separator: ", ")))
        if !layoutParameters.isEmpty {
            lines.append("params   " + layoutParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        lines.append("on disk  \(Self.bytesText(bytesOnDisk))")
        return lines.joined(separator: "\n")
    }

    /// `12.3 MB` style sizes (powers of 1000, as `ls -h --si`), exact bytes below 1 kB.
    static func bytesText(_ bytes: Int64) -> String {
        let units = ["kB", "MB", "GB", "TB"]
        guard bytes >= 1000 else { return "\(bytes) B" }
        var value = Double(bytes) / 1000
        var unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return String(format: value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }
}

extension Run {
    /// The summary `inspect` prints.
    public var summary: RunSummary { RunSummary(run: self) }
}
