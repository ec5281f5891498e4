import Foundation

extension Run {
    /// Opens `RUN/epoch_<E>/<block>.npy` or `RUN/epoch_<E>.npz` runs (plus side files).
    static func openActivationsFolder(_ url: URL, listing: FolderListing) throws -> Run {
        for (epoch, entries) in listing.epochEntries where entries.count > 1 {
            throw RunError.duplicateEpoch(path: url.path, epoch: epoch, entries: NaturalOrder.sorted(entries))
        }
        let manifestPath = url.appendingPathComponent("run.json").path
        let manifest = listing.files.contains("run.json") ? try RunManifest.read(path: manifestPath) : nil

        // Which epochs to open: all, or those run.json lists.
        let available = listing.epochEntries.keys.sorted()
        let wantedEpochs = try RunSelection.make(blocks: [], epochs: available, listedBlocks: nil,
                                                 listedEpochs: manifest?.epochs, manifestPath: manifestPath).epochs
        // Headers of every array, per epoch; per-epoch ids set aside.
        var arraysByEpoch: [[String: NpyArrayRef]] = []
        var epochIds: [(values: [String], path: String)?] = []
        for epoch in wantedEpochs {
            do {
                let entry = listing.epochEntries[epoch]![0]
                let entryURL = url.appendingPathComponent(entry)
                var arrays: [String: NpyArrayRef] = [:]
                var ids: (values: [String], path: String)?
                if entry.hasSuffix(".npz") {
                    for (name, array) in try NpyArrayRef.openArchive(path: entryURL.path) {
                        if name == "ids" {
                            try array.requireVector(what: "ids")
                            ids = (try array.integers().map(String.init), array.displayPath)
                        } else {
                            arrays[name] = array
                        }
                    }
                } else {
                    let names: [String]
                    do {
                        names = try FileManager.default.contentsOfDirectory(atPath: entryURL.path)
                    } catch {
                        throw RunError.cannotOpen(path: entryURL.path, reason: "cannot list the folder")
                    }
                    if names.contains("ids.npy") && names.contains("ids.txt") {
                        throw RunError.conflictingFiles(path: entryURL.path, names: ["ids.npy", "ids.txt"])
                    }
                    for name in names where !name.hasPrefix(".") {
                        let path = entryURL.appendingPathComponent(name).path
                        if name == "ids.npy" {
                            ids = (try SampleFiles.vector(path: path, what: "ids").map(String.init), path)
                        } else if name == "ids.txt" {
                            ids = (try TextFiles.lines(path, what: "one id per line"), path)
                        } else if name.hasSuffix(".npy") {
                            arrays[String(name.dropLast(4))] = try NpyArrayRef.open(path: path)
                        }
                    }
                }
                arraysByEpoch.append(arrays)
                epochIds.append(ids)
            } catch let problem as RunError {
                throw RunError.inEpoch(problem, epoch: epoch, manifestPath: manifestPath)
            }
        }
        let allBlocks = Set(arraysByEpoch.flatMap(\.keys))
        guard !allBlocks.isEmpty else { throw RunError.emptyRun(path: url.path) }
        let selection = try RunSelection.make(blocks: Array(allBlocks), epochs: wantedEpochs, listedBlocks: manifest?.blocks,
                                              listedEpochs: nil, manifestPath: manifestPath)

        // Every block in every epoch, 2D float arrays, one D per block, one row count per epoch.
        var arrays: [[NpyArrayRef]] = []
        for block in selection.blocks {
            let missing = zip(wantedEpochs, arraysByEpoch).filter { $1[block.name] == nil }.map(\.0)
            guard missing.isEmpty else { throw RunError.blockMissing(path: url.path, block: block.name, epochs: missing) }
            let column = arraysByEpoch.map { $0[block.name]! }
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
            arrays.append(column)
        }
        var rowsPerEpoch: [Int] = []
        for e in wantedEpochs.indices {
            let first = arrays[0][e]
            for b in arrays.indices where arrays[b][e].shape[0] != first.shape[0] {
                throw RunError.sampleCountMismatch(path: arrays[b][e].displayPath, found: arrays[b][e].shape[0],
                                                      expected: first.shape[0], reference: first.displayPath)
            }
            rowsPerEpoch.append(first.shape[0])
        }

        // Samples: the top files describe all samples; per-epoch ids pick rows among them.
        let sides = try SampleFiles.read(folder: url)
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
        let indexOfId = hasEpochIds ? Dictionary(samples.ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) : [:]
        var epochRows: [[Int]?] = []
        for e in wantedEpochs.indices {
            let reference = arrays[0][e]
            guard let ids = epochIds[e] else {
                guard rowsPerEpoch[e] == sampleCount else {
                    let source = hasEpochIds ? (sides.ids?.path ?? sides.labels!.path) : arrays[0][0].displayPath
                    throw RunError.sampleCountMismatch(path: reference.displayPath, found: rowsPerEpoch[e], expected: sampleCount,
                                                          reference: source)
                }
                epochRows.append(nil)
                continue
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
            epochRows.append(rows)
        }

        let blocks = zip(selection.blocks, arrays).map { block, column in
            BlockInfo(name: block.name, title: block.title, dimension: column[0].shape[1], dtype: column[0].dtype.name,
                      bytes: column.reduce(0) { $0 + $1.bytesOnDisk })
        }
        return Run(url: url, format: .activationsFolder, name: manifest?.name ?? url.lastPathComponent, variant: nil,
                   blocks: blocks, epochs: wantedEpochs, samples: samples,
                   idsSource: sides.ids.map { URL(fileURLWithPath: $0.path).lastPathComponent },
                   metrics: sides.metrics, bytesOnDisk: FolderListing.totalBytes(url), layoutParameters: [:],
                   storage: .activations(arrays), epochRows: epochRows)
    }
}
