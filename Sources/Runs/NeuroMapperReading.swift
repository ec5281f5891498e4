import Foundation

extension Run {
    /// A NeuroMapper folder name split at its first underscore: `layer4_pre_embeded_(20, 0.1)`
    /// is block `layer4`, variant `pre_embeded_(20, 0.1)`.
    static func neuroMapperParts(_ folder: String) -> (block: String, variant: String) {
        guard let cut = folder.firstIndex(of: "_") else { return (folder, "") }
        return (String(folder[..<cut]), String(folder[folder.index(after: cut)...]))
    }

    /// Opens a NeuroMapper demo folder (`<block>_<variant>/<epoch>_embedding.csv` with
    /// `<epoch>_labels.csv`), or returns nil when `url` has no such subfolders. It reads the
    /// folder names, the variant choice and the file pairs in order, each step using the last.
    static func openNeuroMapperFolder(_ url: URL, listing: FolderListing, variant: String?) throws -> Run? {
        // Subfolder -> epoch -> files.
        var found: [(folder: String, block: String, variant: String, epochs: [Int: NeuroMapperFiles])] = []
        for folder in listing.folders {
            let folderURL = url.appendingPathComponent(folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folderURL.path) else { continue }
            var epochs: [Int: NeuroMapperFiles] = [:]
            let nameSet = Set(names)
            for name in names where name.hasSuffix("_embedding.csv") {
                let stem = name.dropLast("_embedding.csv".count)
                guard !stem.isEmpty, stem.allSatisfy({ $0.isASCII && $0.isNumber }), let epoch = Int(stem) else { continue }
                if epochs[epoch] != nil {
                    let clash = names.filter { $0.hasSuffix("_embedding.csv") && Int($0.dropLast("_embedding.csv".count)) == epoch }
                    throw RunError.duplicateEpoch(path: folderURL.path, epoch: epoch, entries: NaturalOrder.sorted(clash))
                }
                let labels = "\(stem)_labels.csv"
                epochs[epoch] = NeuroMapperFiles(embedding: folderURL.appendingPathComponent(name).path,
                                                 labels: nameSet.contains(labels) ? folderURL.appendingPathComponent(labels).path : nil)
            }
            guard !epochs.isEmpty else { continue }
            let parts = neuroMapperParts(folder)
            found.append((folder, parts.block, parts.variant, epochs))
        }
        guard !found.isEmpty else { return nil }

        // Choose the variant.
        let variants = NaturalOrder.sorted(Array(Set(found.map(\.variant))))
        let chosen: String
        if let wanted = variant {
            if variants.contains(wanted) {
                chosen = wanted
            } else {
                let matches = variants.filter { $0.contains(wanted) }
                guard matches.count == 1 else {
                    throw RunError.unknownVariant(path: url.path, variant: wanted, variants: matches.count > 1 ? matches : variants)
                }
                chosen = matches[0]
            }
        } else {
            guard variants.count == 1 else { throw RunError.variantRequired(path: url.path, variants: variants) }
            chosen = variants[0]
        }
        let folders = found.filter { $0.variant == chosen }

        let manifestPath = url.appendingPathComponent("run.json").path
        let manifest = listing.files.contains("run.json") ? try RunManifest.read(path: manifestPath) : nil
        let allEpochs = Set(folders.flatMap(\.epochs.keys)).sorted()
        let selection = try RunSelection.make(blocks: folders.map(\.block), epochs: allEpochs, listedBlocks: manifest?.blocks,
                                              listedEpochs: manifest?.epochs, manifestPath: manifestPath)
        var files: [[NeuroMapperFiles]] = []
        for block in selection.blocks {
            let folder = folders.first { $0.block == block.name }!
            let missing = selection.epochs.filter { folder.epochs[$0] == nil }
            guard missing.isEmpty else {
                throw RunError.blockMissing(path: url.appendingPathComponent(folder.folder).path, block: block.name, epochs: missing)
            }
            files.append(selection.epochs.map { folder.epochs[$0]! })
        }

        // Labels come from the first labels file; the others must agree (checked when read).
        let reference = files.lazy.flatMap { $0 }.first { $0.labels != nil }?.labels
        var labels: (values: [Int64], path: String)?
        if let reference {
            labels = (try readNeuroMapperLabels(reference), reference)
        }
        let sampleCount = try labels?.values.count ?? TextFiles.countLines(files[0][0].embedding)
        // Row counts of every embedding, without parsing them.
        let countReference = labels?.path ?? files[0][0].embedding
        var blocks: [BlockInfo] = []
        for (block, column) in zip(selection.blocks, files) {
            var bytes: Int64 = 0
            for file in column {
                let rows = try TextFiles.countLines(file.embedding)
                guard rows == sampleCount else {
                    throw RunError.sampleCountMismatch(path: file.embedding, found: rows, expected: sampleCount, reference: countReference)
                }
                bytes += try ReadOnlyFile(path: file.embedding).size
                if let labels = file.labels { bytes += try ReadOnlyFile(path: labels).size }
            }
            blocks.append(BlockInfo(name: block.name, title: block.title, dimension: 2, dtype: "csv", bytes: bytes))
        }
        let sides = try SampleFiles.read(folder: url, labelsFromFormat: labels)
        let samples = try sides.sampleTable(count: sampleCount)
        return Run(url: url, format: .neuroMapper, name: manifest?.name ?? url.lastPathComponent, variant: chosen,
                   blocks: blocks, epochs: selection.epochs, samples: samples,
                   idsSource: sides.ids.map { URL(fileURLWithPath: $0.path).lastPathComponent },
                   metrics: sides.metrics, bytesOnDisk: FolderListing.totalBytes(url), layoutParameters: [:],
                   storage: .neuroMapper(files, labelsReference: reference),
                   epochRows: [[Int]?](repeating: nil, count: selection.epochs.count))
    }

    /// A `<epoch>_labels.csv`: one class index per line, possibly written as a float.
    static func readNeuroMapperLabels(_ path: String) throws -> [Int64] {
        let csv = try NumericCSV.read(path, hasHeader: false)
        guard csv.columnCount == 1 || csv.rowCount == 0 else {
            throw RunError.csvRagged(path: path, line: csv.lineNumbers[0], found: csv.columnCount, expected: 1)
        }
        return try csv.values.enumerated().map { index, value in
            guard value.rounded() == value, abs(value) < 1e15 else { throw RunError.labelNotInteger(path: path, index: index, value: value) }
            return Int64(value)
        }
    }
}
