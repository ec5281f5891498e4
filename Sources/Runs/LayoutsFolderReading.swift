import Foundation

extension Run {
    /// Files of a layouts folder that are not blocks.
    static let layoutsReservedArrays: Set<String> = ["labels", "ids", "epochs"]

    /// Opens a layouts folder: `<block>.npy` float [E, N, 2] per block, epoch numbers from
    /// `layout.json` or `epochs.npy`, plus side files (a straight sequence of checks). Only the
    /// focused blocks' headers are read; their rows are read when drawn.
    static func openLayoutsFolder(_ url: URL, listing: FolderListing, focus: (RunOutline) throws -> RunFocus) throws -> Run {
        let manifestPath = url.appendingPathComponent("layout.json").path
        let manifest = listing.files.contains("layout.json") ? try LayoutsManifest.read(path: manifestPath) : nil
        let epochsPath = url.appendingPathComponent("epochs.npy").path
        var storedEpochs: [Int]
        var epochsSource: String
        if listing.files.contains("epochs.npy") {
            epochsSource = epochsPath
            storedEpochs = try SampleFiles.vector(path: epochsPath, what: "epochs").map { Int($0) }
            if let listed = manifest?.epochs, listed != storedEpochs {
                throw RunError.badManifest(path: manifestPath, reason: "its \"epochs\" differ from \(epochsPath)")
            }
        } else if let listed = manifest?.epochs {
            epochsSource = manifestPath
            storedEpochs = listed
        } else {
            throw RunError.badManifest(path: manifestPath, reason: "it has no \"epochs\" and there is no epochs.npy")
        }
        var seen: [Int: Int] = [:]
        for (row, epoch) in storedEpochs.enumerated() {
            if let first = seen[epoch] {
                throw RunError.duplicateEpoch(path: epochsSource, epoch: epoch, entries: ["position \(first)", "position \(row)"])
            }
            seen[epoch] = row
        }
        guard zip(storedEpochs, storedEpochs.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw RunError.badManifest(path: epochsSource, reason: "epochs must be listed in ascending order")
        }
        guard !storedEpochs.isEmpty else { throw RunError.emptyRun(path: url.path) }

        let blockFiles = listing.files.filter { $0.hasSuffix(".npy") }.map { String($0.dropLast(4)) }
            .filter { !layoutsReservedArrays.contains($0) }
        guard !blockFiles.isEmpty else { throw RunError.emptyRun(path: url.path) }
        let listedBlocks = manifest?.blocks?.map { RunManifest.Block(name: $0.name, title: $0.title) }
        let selection = try RunSelection.make(blocks: blockFiles, epochs: storedEpochs, listedBlocks: listedBlocks,
                                              listedEpochs: nil, manifestPath: manifestPath)
        let wanted = try focus(RunOutline(blocks: selection.blocks.map(\.name), epochs: storedEpochs))
        let focusedBlocks = try wanted.blockIndices(in: selection.blocks.map(\.name)).map { selection.blocks[$0] }
        var arrays: [NpyArrayRef] = []
        for block in focusedBlocks {
            let array = try NpyArrayRef.open(path: url.appendingPathComponent(block.name + ".npy").path)
            guard array.shape.count == 3, array.shape[0] == storedEpochs.count, array.shape[2] == 2 else {
                throw RunError.wrongShape(path: array.displayPath, shape: array.shape,
                                             expected: "[E, N, 2] with E = \(storedEpochs.count) epochs (\(epochsSource))")
            }
            guard array.dtype.isFloat else { throw RunError.integerActivations(path: array.displayPath, dtype: array.dtype.name) }
            if let first = arrays.first, first.shape[1] != array.shape[1] {
                throw RunError.sampleCountMismatch(path: array.displayPath, found: array.shape[1], expected: first.shape[1],
                                                      reference: first.displayPath)
            }
            arrays.append(array)
        }
        let sides = try SampleFiles.read(folder: url)
        let samples = try sides.sampleTable(count: arrays[0].shape[1])
        return Run(url: url, format: .layoutsFolder, name: manifest?.name ?? url.lastPathComponent, variant: nil,
                   blocks: zip(focusedBlocks, arrays).map {
                       BlockInfo(name: $0.name, title: $0.title, dimension: 2, dtype: $1.dtype.name, bytes: $1.bytesOnDisk)
                   },
                   epochs: storedEpochs, samples: samples,
                   idsSource: sides.ids.map { URL(fileURLWithPath: $0.path).lastPathComponent },
                   metrics: sides.metrics, layoutParameters: manifest?.parameters ?? [:], focus: wanted,
                   storage: .layouts(arrays, epochRows: Array(storedEpochs.indices)),
                   epochRows: [[Int]?](repeating: nil, count: storedEpochs.count))
    }
}
