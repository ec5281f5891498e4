import AtomicOutput
import Foundation
import LayoutModel

/// Writing the side files shared by run folders and layouts folders, so that reading them back
/// gives the same `SampleTable` and `MetricsTable`.
enum SideFilesWriting {
    /// `labels.npy` (int64), `classes.txt`, and ids (`ids.npy` when every id is an integer,
    /// else `ids.txt`; nothing when they are the default 0..N-1).
    static func writeSamples(_ samples: SampleTable, folder: URL) throws {
        try checkLines(samples.classNames, what: "class name", in: folder.appendingPathComponent("classes.txt"))
        try FileBytes.write(NpyWriter.encode(integers: samples.labels.map(Int64.init), shape: [samples.count]),
                            to: folder.appendingPathComponent("labels.npy").path)
        try FileBytes.write(samples.classNames.joined(separator: "\n") + "\n", to: folder.appendingPathComponent("classes.txt").path)
        try writeIds(samples.ids, folder: folder, skipDefault: true)
    }

    /// Ids as `ids.npy` when all are canonical integers, else `ids.txt`.
    static func writeIds(_ ids: [String], folder: URL, skipDefault: Bool) throws {
        if skipDefault && ids.elementsEqual((0 ..< ids.count).lazy.map(String.init)) { return }
        let integers = ids.compactMap { Int64($0) }
        if integers.count == ids.count && zip(integers, ids).allSatisfy({ String($0) == $1 }) {
            try FileBytes.write(NpyWriter.encode(integers: integers, shape: [ids.count]), to: folder.appendingPathComponent("ids.npy").path)
        } else {
            let url = folder.appendingPathComponent("ids.txt")
            try checkLines(ids, what: "id", in: url)
            try FileBytes.write(ids.joined(separator: "\n") + "\n", to: url.path)
        }
    }

    /// `metrics.csv`: `epoch,<names>` then one row per epoch; NaN is an empty cell; values in
    /// Swift's shortest round-trip form.
    static func writeMetrics(_ metrics: MetricsTable, folder: URL) throws {
        let url = folder.appendingPathComponent("metrics.csv")
        if let bad = metrics.names.first(where: { $0.contains(",") || $0.contains("\n") || $0.isEmpty }) {
            throw OutputError.cannotCreate(path: url.path, reason: "metric name \"\(bad)\" must be non-empty, without commas or newlines")
        }
        var text = (["epoch"] + metrics.names).joined(separator: ",") + "\n"
        for (row, epoch) in metrics.epochs.enumerated() {
            text += ([String(epoch)] + metrics.values.map { $0[row].isNaN ? "" : "\($0[row])" }).joined(separator: ",") + "\n"
        }
        try FileBytes.write(text, to: url.path)
    }

    /// One-per-line values must survive the reader's trimming.
    static func checkLines(_ values: [String], what: String, in url: URL) throws {
        for (index, value) in values.enumerated() {
            if value.isEmpty || value.contains(where: \.isNewline) || value != value.trimmingCharacters(in: .whitespaces) {
                throw OutputError.cannotCreate(path: url.path, reason: "\(what) \(index) (\"\(value)\") must be non-empty, on one line, without surrounding spaces")
            }
        }
    }

    /// File stems must be plain names.
    static func checkBlockName(_ name: String, reserved: Set<String>, in folder: URL) throws {
        if name.isEmpty || name.contains("/") || name.hasPrefix(".") || reserved.contains(name) {
            throw OutputError.cannotCreate(path: folder.path, reason: "block name \"\(name)\" cannot be a file name here")
        }
    }
}
