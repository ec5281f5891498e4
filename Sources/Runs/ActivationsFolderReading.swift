import Foundation
import LayoutModel

extension Run {
    /// Opens `RUN/epoch_<E>/<block>.npy` or `RUN/epoch_<E>.npz` runs (plus side files), in
    /// steps: the epochs to open, every epoch's block names, the focused blocks' array headers
    /// and the columns they form, the rows of each epoch, and the samples those rows are. Every
    /// epoch of a focused block is opened (they all feed its layout); of the other blocks only
    /// the first epoch's header is read, for the run's kind, and its problems are not reported
    /// (an archive's directory is read whole, a damaged member of another block is not reported).
    static func openActivationsFolder(_ url: URL, listing: FolderListing, focus: (RunOutline) throws -> RunFocus) throws -> Run {
        for (epoch, entries) in listing.epochEntries where entries.count > 1 {
            throw RunError.duplicateEpoch(path: url.path, epoch: epoch, entries: NaturalOrder.sorted(entries))
        }
        let manifestPath = url.appendingPathComponent("run.json").path
        let manifest = listing.files.contains("run.json") ? try RunManifest.read(path: manifestPath) : nil

        // Which epochs to open: all, or those run.json lists.
        let available = listing.epochEntries.keys.sorted()
        let wantedEpochs = try RunSelection.make(blocks: [], epochs: available, listedBlocks: nil,
                                                 listedEpochs: manifest?.epochs, manifestPath: manifestPath).epochs
        let epochFiles = try wantedEpochs.map { epoch in
            do {
                return try EpochFiles.open(url.appendingPathComponent(listing.epochEntries[epoch]![0]))
            } catch let problem as RunError {
                throw RunError.inEpoch(problem, epoch: epoch, manifestPath: manifestPath)
            }
        }
        let allBlocks = Set(epochFiles.flatMap(\.arrays.keys))
        guard !allBlocks.isEmpty else { throw RunError.emptyRun(path: url.path) }
        let selection = try RunSelection.make(blocks: Array(allBlocks), epochs: wantedEpochs, listedBlocks: manifest?.blocks,
                                              listedEpochs: nil, manifestPath: manifestPath)
        let wanted = try focus(RunOutline(blocks: selection.blocks.map(\.name), epochs: wantedEpochs))
        let focusedBlocks = try wanted.blockIndices(in: selection.blocks.map(\.name)).map { selection.blocks[$0] }
        let arrays = try focusedBlocks.map { block in
            try blockColumn(block.name, epochs: wantedEpochs, files: epochFiles, run: url, manifestPath: manifestPath)
        }
        // The run's kind depends on every block's D: the other blocks' first arrays say it (a
        // damaged one counts as not 2D; it is reported only to a command that reads it).
        let focusedNames = Set(focusedBlocks.map(\.name))
        let otherBlocksAre2D = selection.blocks.filter { !focusedNames.contains($0.name) }.allSatisfy { block in
            guard let first = epochFiles.lazy.compactMap({ $0.arrays[block.name] }).first,
                  let array = try? first.open() else { return false }
            return array.shape.count == 2 && array.shape[1] == 2
        }
        let rowsPerEpoch = try rowCounts(arrays, epochs: wantedEpochs.count)

        // Samples: the top files describe all samples; per-epoch ids pick rows among them.
        let sides = try SampleFiles.read(folder: url)
        let epochIds = epochFiles.map(\.ids)
        let hasEpochIds = epochIds.contains { $0 != nil }
        // N comes from the data, unless epochs hold subsets: then the top files define it.
        let sampleCount: Int
        if !hasEpochIds {
            sampleCount = rowsPerEpoch[0]
        } else if let described = sides.describedCount {
            sampleCount = described
        } else {
            throw RunError.perEpochIdsNeedSampleTable(path: epochIds.first { $0 != nil }!!.path)
        }
        let samples = try sides.sampleTable(count: sampleCount)
        let epochRows = try sampleRows(of: arrays, rowsPerEpoch: rowsPerEpoch, epochIds: epochIds, samples: samples, sides: sides)

        let blocks = zip(focusedBlocks, arrays).map { block, column in
            BlockInfo(name: block.name, title: block.title, dimension: column[0].shape[1], dtype: column[0].dtype.name,
                      bytes: column.reduce(0) { $0 + $1.bytesOnDisk })
        }
        return Run(url: url, format: .activationsFolder, name: manifest?.name ?? url.lastPathComponent, variant: nil,
                   blocks: blocks, epochs: wantedEpochs, samples: samples,
                   idsSource: sides.ids.map { URL(fileURLWithPath: $0.path).lastPathComponent },
                   metrics: sides.metrics, layoutParameters: [:], focus: wanted,
                   storage: .activations(arrays), epochRows: epochRows, otherBlocksAre2D: otherBlocksAre2D)
    }

    /// One epoch's arrays by block name, and its own sample ids if it has them. Listing an
    /// epoch opens no `.npy` file; an archive is read once, its members' headers with it.
    struct EpochFiles {
        var arrays: [String: EpochArray] = [:]
        var ids: (values: [String], path: String)?

        /// Where one block's array of an epoch is.
        enum EpochArray {
            /// A `.npy` file, opened when its block is used.
            case file(path: String)
            /// An archive member, its header read with the archive (or what was wrong with it).
            case member(Result<NpyArrayRef, RunError>)

            func open() throws -> NpyArrayRef {
                switch self {
                case let .file(path): return try NpyArrayRef.open(path: path)
                case let .member(result): return try result.get()
                }
            }
        }

        /// Lists `epoch_<E>.npz` (an `ids` member holds the ids) or the folder `epoch_<E>/`
        /// (`<block>.npy`, and `ids.npy` or `ids.txt`).
        static func open(_ entry: URL) throws -> EpochFiles {
            var files = EpochFiles()
            if entry.path.hasSuffix(".npz") {
                for (name, array) in try NpyArrayRef.openArchiveMembers(path: entry.path) {
                    if name == "ids" {
                        let ids = try array.get()
                        try ids.requireVector(what: "ids")
                        files.ids = (try ids.integers().map(String.init), ids.displayPath)
                    } else {
                        files.arrays[name] = .member(array)
                    }
                }
                return files
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: entry.path)
            } catch {
                throw RunError.cannotOpen(path: entry.path, reason: "cannot list the folder")
            }
            if names.contains("ids.npy") && names.contains("ids.txt") {
                throw RunError.conflictingFiles(path: entry.path, names: ["ids.npy", "ids.txt"])
            }
            for name in names where !name.hasPrefix(".") {
                let path = entry.appendingPathComponent(name).path
                if name == "ids.npy" {
                    files.ids = (try SampleFiles.vector(path: path, what: "ids").map(String.init), path)
                } else if name == "ids.txt" {
                    files.ids = (try TextFiles.lines(path, what: "one id per line"), path)
                } else if name.hasSuffix(".npy") {
                    files.arrays[String(name.dropLast(4))] = .file(path: path)
                }
            }
            return files
        }
    }

    /// A block's arrays across the epochs: present in every epoch, 2D float, one D.
    private static func blockColumn(_ block: String, epochs: [Int], files: [EpochFiles], run url: URL,
                                    manifestPath: String) throws -> [NpyArrayRef] {
        let missing = zip(epochs, files).filter { $1.arrays[block] == nil }.map(\.0)
        guard missing.isEmpty else { throw RunError.blockMissing(path: url.path, block: block, epochs: missing) }
        let column = try zip(epochs, files).map { epoch, file in
            do {
                return try file.arrays[block]!.open()
            } catch let problem as RunError {
                throw RunError.inEpoch(problem, epoch: epoch, manifestPath: manifestPath)
            }
        }
        for array in column {
            guard array.shape.count == 2 else {
                throw RunError.wrongShape(path: array.displayPath, shape: array.shape, expected: "[N, D] (one row of D activations per sample)")
            }
            guard array.dtype.isFloat else { throw RunError.integerActivations(path: array.displayPath, dtype: array.dtype.name) }
            if array.shape[1] != column[0].shape[1] {
                throw RunError.dimensionMismatch(path: array.displayPath, found: array.shape[1], expected: column[0].shape[1],
                                                 reference: column[0].displayPath)
            }
        }
        return column
    }

    /// The row count of each epoch, the same in every block.
    private static func rowCounts(_ arrays: [[NpyArrayRef]], epochs: Int) throws -> [Int] {
        try (0 ..< epochs).map { e in
            let first = arrays[0][e]
            for b in arrays.indices where arrays[b][e].shape[0] != first.shape[0] {
                throw RunError.sampleCountMismatch(path: arrays[b][e].displayPath, found: arrays[b][e].shape[0],
                                                   expected: first.shape[0], reference: first.displayPath)
            }
            return first.shape[0]
        }
    }

    /// Per epoch, the global sample of each row (nil: all samples in order), from the epoch's
    /// own ids; every row count checked against what describes it.
    private static func sampleRows(of arrays: [[NpyArrayRef]], rowsPerEpoch: [Int], epochIds: [(values: [String], path: String)?],
                                   samples: SampleTable, sides: SampleFiles) throws -> [[Int]?] {
        let hasEpochIds = epochIds.contains { $0 != nil }
        let indexOfId = hasEpochIds ? Dictionary(samples.ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) : [:]
        return try rowsPerEpoch.indices.map { e -> [Int]? in
            let reference = arrays[0][e]
            guard let ids = epochIds[e] else {
                guard rowsPerEpoch[e] == samples.count else {
                    let source = hasEpochIds ? (sides.ids?.path ?? sides.labels!.path) : arrays[0][0].displayPath
                    throw RunError.sampleCountMismatch(path: reference.displayPath, found: rowsPerEpoch[e], expected: samples.count,
                                                       reference: source)
                }
                return nil
            }
            guard ids.values.count == rowsPerEpoch[e] else {
                throw RunError.sampleCountMismatch(path: reference.displayPath, found: rowsPerEpoch[e], expected: ids.values.count,
                                                   reference: ids.path)
            }
            var rows: [Int] = []
            rows.reserveCapacity(ids.values.count)
            var firstRow: [Int: Int] = [:]
            for (row, id) in ids.values.enumerated() {
                guard let index = indexOfId[id] else { throw RunError.unknownId(path: ids.path, id: id, index: row) }
                if let previous = firstRow[index] {
                    throw RunError.duplicateId(path: ids.path, id: id, index: row, firstIndex: previous)
                }
                firstRow[index] = row
                rows.append(index)
            }
            return rows
        }
    }
}
