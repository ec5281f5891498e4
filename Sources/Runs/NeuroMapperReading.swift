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
    /// folder names, the variant choice and the file pairs in order, each step using the last;
    /// of the CSV files it opens only one, the first labels file of the focus (or, without
    /// labels, the first embedding, kept for when it is drawn).
    static func openNeuroMapperFolder(_ url: URL, listing: FolderListing, variant: String?,
                                      focus: (RunOutline) throws -> RunFocus) throws -> Run? {
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
        let wanted = try focus(RunOutline(blocks: selection.blocks.map(\.name), epochs: selection.epochs))
        let focusedBlocks = try wanted.blockIndices(in: selection.blocks.map(\.name)).map { selection.blocks[$0] }
        let focusedEpochs = wanted.epochIndices(in: selection.epochs)
        // Only the focused blocks are looked at; their files are opened when their epochs are read.
        var files: [[NeuroMapperFiles]] = []
        for block in focusedBlocks {
            let folder = folders.first { $0.block == block.name }!
            let missing = selection.epochs.filter { folder.epochs[$0] == nil }
            guard missing.isEmpty else {
                throw RunError.blockMissing(path: url.appendingPathComponent(folder.folder).path, block: block.name, epochs: missing)
            }
            files.append(selection.epochs.map { folder.epochs[$0]! })
        }

        // Labels come from the first labels file the focus reads; the others read must agree
        // (checked as they are read). N is its length, or the row count of the first embedding
        // read, which is then kept so that it is not read twice.
        let focusedFiles = files.lazy.flatMap { column in focusedEpochs.lazy.map { column[$0] } }
        let reference = focusedFiles.first { $0.labels != nil }?.labels
        var labels: (values: [Int64], path: String)?
        var preread: NeuroMapperPreread?
        if let reference {
            labels = (try readNeuroMapperLabels(reference), reference)
        } else {
            let first = focusedFiles.first ?? files[0][0]
            preread = NeuroMapperPreread(path: first.embedding, positions: try readNeuroMapperEmbedding(first.embedding))
        }
        let sampleCount = labels?.values.count ?? preread!.positions.count / 2
        let countReference = labels?.path ?? preread!.path
        let blocks = zip(focusedBlocks, files).map { block, column in
            BlockInfo(name: block.name, title: block.title, dimension: 2, dtype: "csv",
                      bytes: column.reduce(0) { $0 + FolderListing.fileSize($1.embedding) + ($1.labels.map(FolderListing.fileSize) ?? 0) })
        }
        let sides = try SampleFiles.read(folder: url, labelsFromFormat: labels)
        let samples = try sides.sampleTable(count: sampleCount)
        return Run(url: url, format: .neuroMapper, name: manifest?.name ?? url.lastPathComponent, variant: chosen,
                   blocks: blocks, epochs: selection.epochs, samples: samples,
                   idsSource: sides.ids.map { URL(fileURLWithPath: $0.path).lastPathComponent },
                   metrics: sides.metrics, layoutParameters: [:], focus: wanted,
                   storage: .neuroMapper(NeuroMapperStorage(files: files, labelsReference: reference,
                                                            countReference: countReference, preread: preread)),
                   epochRows: [[Int]?](repeating: nil, count: selection.epochs.count))
    }

    /// An `<epoch>_embedding.csv` as 2·N floats (x, y per sample); every row must have two
    /// numbers, all finite.
    static func readNeuroMapperEmbedding(_ path: String) throws -> [Float] {
        let csv = try NumericCSV<Float>.read(path, hasHeader: false)
        guard csv.columnCount == 2 || csv.rowCount == 0 else {
            throw RunError.csvRagged(path: path, line: csv.lineNumbers[0], found: csv.columnCount, expected: 2)
        }
        let values = csv.values
        if let problem = FiniteScan.firstProblem(values, cols: 2) {
            throw RunError.nonFinite(path: path, count: problem.count, row: problem.row, column: problem.column)
        }
        return values
    }

    /// A `<epoch>_labels.csv`: one class index per line, possibly written as a float.
    static func readNeuroMapperLabels(_ path: String) throws -> [Int64] {
        let csv = try NumericCSV<Double>.read(path, hasHeader: false)
        guard csv.columnCount == 1 || csv.rowCount == 0 else {
            throw RunError.csvRagged(path: path, line: csv.lineNumbers[0], found: csv.columnCount, expected: 1)
        }
        return try csv.values.enumerated().map { index, value in
            guard value.rounded() == value, abs(value) < 1e15 else { throw RunError.labelNotInteger(path: path, index: index, value: value) }
            return Int64(value)
        }
    }
}

/// Where a NeuroMapper run's CSV files are, and what opening it read already.
struct NeuroMapperStorage: Sendable {
    /// `[focused block][epoch]` files.
    var files: [[Run.NeuroMapperFiles]]
    /// The labels file the sample table came from (not read again).
    var labelsReference: String?
    /// The file N came from, named when another file has a different row count.
    var countReference: String
    /// The embedding read at opening to find N (in a folder without labels files).
    var preread: NeuroMapperPreread?
}

/// An embedding read while opening, so that drawing it does not read it again.
struct NeuroMapperPreread: Sendable {
    var path: String
    var positions: [Float]
}
