import Foundation
import LayoutModel

extension Run {
    /// The vectors of `block` at `epoch` as float32, one row per sample present at that epoch.
    /// Throws `nonFinite` (count and first row/column, file named) if any value is NaN or ±Inf.
    /// For 2D layout runs, samples absent at the epoch (NaN) are left out of the rows.
    public func activations(block: String, epoch: Int) throws -> ActivationSlice {
        let b = try blockIndex(block)
        let e = try epochIndex(epoch)
        switch storage {
        case let .activations(arrays):
            let array = arrays[b][e]
            let rows = array.shape[0], cols = array.shape[1]
            let values: [Float]
            do {
                values = try array.floats()
            } catch let problem as RunError {
                throw RunError.inEpoch(problem, epoch: epoch, manifestPath: url.appendingPathComponent("run.json").path)
            }
            if let problem = FiniteScan.firstProblem(values, cols: cols) {
                throw RunError.inEpoch(.nonFinite(path: array.displayPath, count: problem.count, row: problem.row, column: problem.column),
                                       epoch: epoch, manifestPath: url.appendingPathComponent("run.json").path)
            }
            return ActivationSlice(rows: rows, cols: cols, values: values, sampleIndices: epochRows[e] ?? Array(0 ..< rows))
        case let .layouts(arrays, epochRows):
            let positions = try layoutsFolderPositions(arrays[b], rows: [epochRows[e]])[0]
            return Self.presentRows(positions)
        case let .neuroMapper(files, _):
            return try Self.neuroMapperSlice(files[b][e].embedding, sampleCount: sampleCount)
        }
    }

    /// The run as 2D layouts (every block must have D == 2; `notLayouts` names those that do
    /// not). Samples absent at an epoch get NaN positions.
    public func layoutSet() throws -> LayoutSet {
        try layoutSet(blocks: blocks.map(\.name), epochs: epochs)
    }

    /// The chosen blocks at the chosen epochs as 2D layouts, reading (and checking) only those:
    /// a damaged file of a block or epoch not drawn never fails the command.
    public func layoutSet(blocks names: [String], epochs chosen: [Int]) throws -> LayoutSet {
        let indices = try names.map { try blockIndex($0) }
        let epochIndices = try chosen.map { try epochIndex($0) }
        let flat = indices.map { blocks[$0] }.filter { !$0.isLayout2D }.map(\.name)
        guard flat.isEmpty else { throw RunError.notLayouts(blocks: flat) }
        var layouts: [BlockLayout] = []
        for b in indices {
            let info = blocks[b]
            var positions: [[Float]] = []
            switch storage {
            case let .layouts(arrays, epochRows):
                positions = try layoutsFolderPositions(arrays[b], rows: epochIndices.map { epochRows[$0] })
            case let .neuroMapper(files, labelsReference):
                for file in epochIndices.map({ files[b][$0] }) {
                    positions.append(try Self.neuroMapperSlice(file.embedding, sampleCount: sampleCount).values)
                    if let labels = file.labels, labels != labelsReference {
                        try checkNeuroMapperLabels(labels, reference: labelsReference ?? labels)
                    }
                }
            case .activations:
                for epoch in chosen {
                    let slice = try activations(block: info.name, epoch: epoch)
                    var full = [Float](repeating: .nan, count: 2 * sampleCount)
                    for (row, sample) in slice.sampleIndices.enumerated() {
                        full[2 * sample] = slice.values[2 * row]
                        full[2 * sample + 1] = slice.values[2 * row + 1]
                    }
                    positions.append(full)
                }
            }
            layouts.append(BlockLayout(name: info.name, title: info.title, positions: positions))
        }
        return LayoutSet(runName: name, epochs: chosen, blocks: layouts, samples: samples, metrics: metrics)
    }

    /// Reads every array of the run (what `inspect --check` does): NaN/±Inf in activations,
    /// ±Inf in layouts, damaged archives, unreadable CSV cells, NeuroMapper labels that differ
    /// between files. Throws the first problem found.
    public func check() throws {
        switch storage {
        case .activations:
            for block in blocks {
                for epoch in epochs { _ = try activations(block: block.name, epoch: epoch) }
            }
        case .layouts, .neuroMapper:
            _ = try layoutSet()
        }
    }

    /// 2·N floats for each of the stored epoch `rows`; ±Inf in them is an error (other rows are
    /// not checked: they are not drawn), NaN marks an absent sample.
    private func layoutsFolderPositions(_ array: NpyArrayRef, rows: [Int]) throws -> [[Float]] {
        let values = try array.floats()
        let n = array.shape[1]
        let stride = 2 * n
        return try rows.map { row in
            let slice = Array(values[row * stride ..< (row + 1) * stride])
            if let problem = FiniteScan.firstProblem(slice, cols: 2, allowNaN: true) {
                throw RunError.nonFinite(path: array.displayPath, count: problem.count, row: problem.row, column: problem.column)
            }
            return slice
        }
    }

    /// Rows whose x and y are both numbers, with their sample indices.
    private static func presentRows(_ positions: [Float]) -> ActivationSlice {
        var values: [Float] = []
        var indices: [Int] = []
        for sample in 0 ..< positions.count / 2 where !positions[2 * sample].isNaN && !positions[2 * sample + 1].isNaN {
            values.append(positions[2 * sample])
            values.append(positions[2 * sample + 1])
            indices.append(sample)
        }
        return ActivationSlice(rows: indices.count, cols: 2, values: values, sampleIndices: indices)
    }

    private static func neuroMapperSlice(_ path: String, sampleCount: Int) throws -> ActivationSlice {
        let csv = try NumericCSV.read(path, hasHeader: false)
        guard csv.rowCount == sampleCount else {
            throw RunError.lengthMismatch(path: path, what: "rows", found: csv.rowCount, expected: sampleCount)
        }
        guard csv.columnCount == 2 || csv.rowCount == 0 else {
            throw RunError.csvRagged(path: path, line: csv.lineNumbers[0], found: csv.columnCount, expected: 2)
        }
        let values = csv.values.map(Float.init)
        if let problem = FiniteScan.firstProblem(values, cols: 2) {
            throw RunError.nonFinite(path: path, count: problem.count, row: problem.row, column: problem.column)
        }
        return ActivationSlice(rows: sampleCount, cols: 2, values: values, sampleIndices: Array(0 ..< sampleCount))
    }

    private func checkNeuroMapperLabels(_ path: String, reference: String) throws {
        let labels = try Self.readNeuroMapperLabels(path)
        guard labels.count == sampleCount else {
            throw RunError.lengthMismatch(path: path, what: "labels", found: labels.count, expected: sampleCount)
        }
        if let index = labels.indices.first(where: { labels[$0] != Int64(samples.labels[$0]) }) {
            throw RunError.labelsDisagree(path: path, index: index, reference: reference)
        }
    }
}
