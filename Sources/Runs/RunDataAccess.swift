import Foundation
import LayoutModel

extension Run {
    /// The vectors of `block` at `epoch` as float32, one row per sample present at that epoch.
    /// Throws `nonFinite` (count and first row/column, file named) if any value is NaN or ±Inf.
    /// For 2D layout runs, samples absent at the epoch (NaN) are left out of the rows.
    /// `keepingFloat16`: a block stored as float16 in a `.npy` file keeps its values as binary16
    /// bit patterns (`ActivationSlice.float16Bits`: half the memory of float32, the same values).
    public func activations(block: String, epoch: Int, keepingFloat16: Bool = false) throws -> ActivationSlice {
        let b = try blockIndex(block)
        let e = try epochIndex(epoch)
        switch storage {
        case let .activations(arrays):
            let array = arrays[b][e]
            let rows = array.shape[0], cols = array.shape[1]
            if keepingFloat16 {
                let narrow: (bits: [UInt16], mayBeNonFinite: Bool)?
                do {
                    narrow = try array.float16BitsNotingNonFinite()
                } catch let problem as RunError {
                    throw RunError.inEpoch(problem, epoch: epoch, manifestPath: url.appendingPathComponent("run.json").path)
                }
                // A value that is NaN or ±Inf is reported by the float32 reading below.
                if let narrow, !narrow.mayBeNonFinite {
                    return ActivationSlice(rows: rows, cols: cols, float16Bits: narrow.bits,
                                           sampleIndices: epochRows[e] ?? Array(0 ..< rows))
                }
            }
            let values: [Float], suspect: Bool
            do {
                (values, suspect) = try array.floatsNotingNonFinite()
            } catch let problem as RunError {
                throw RunError.inEpoch(problem, epoch: epoch, manifestPath: url.appendingPathComponent("run.json").path)
            }
            if suspect, let problem = FiniteScan.firstProblem(values, cols: cols) {
                throw RunError.inEpoch(.nonFinite(path: array.displayPath, count: problem.count, row: problem.row, column: problem.column),
                                       epoch: epoch, manifestPath: url.appendingPathComponent("run.json").path)
            }
            return ActivationSlice(rows: rows, cols: cols, values: values, sampleIndices: epochRows[e] ?? Array(0 ..< rows))
        case let .layouts(arrays, epochRows):
            let positions = try layoutsFolderPositions(arrays[b], rows: [epochRows[e]])[0]
            return Self.presentRows(positions)
        case let .neuroMapper(stored):
            let positions = try neuroMapperPositions(stored, block: b, epoch: e)
            return ActivationSlice(rows: sampleCount, cols: 2, values: positions, sampleIndices: Array(0 ..< sampleCount))
        }
    }

    /// Starts reading the activations of `block` at the first `readAheadEpochs` of `upcoming`
    /// epochs in the background (`NpyArrayRef.startReading`), so that
    /// `activations(block:epoch:)` finds them in memory when a layout asks for them next.
    /// A hint: unknown names and other storage do nothing.
    public func startReadingActivations(block: String, upcoming: ArraySlice<Int>) {
        guard case let .activations(arrays) = storage, let b = try? blockIndex(block) else { return }
        for epoch in upcoming.prefix(Self.readAheadEpochs) {
            if let e = try? epochIndex(epoch) { arrays[b][e].startReading() }
        }
    }

    /// Epochs read ahead: two keep the disk busy while a slice is searched, and a wide
    /// block's epoch costs hundreds of MB of page cache.
    public static let readAheadEpochs = 2

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
            case let .neuroMapper(stored):
                positions = try neuroMapperPositions(stored, block: b, epochs: epochIndices)
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

    /// 2·N floats for each of the stored epoch `rows` (only those rows are read); ±Inf in them
    /// is an error (other rows are not checked: they are not drawn), NaN marks an absent sample.
    private func layoutsFolderPositions(_ array: NpyArrayRef, rows: [Int]) throws -> [[Float]] {
        let slices = try array.floats(firstAxisIndices: rows)
        return try zip(rows, slices).map { row, slice in
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

    /// `neuroMapperPositions` of several epochs, their CSV files parsed on all cores (parsing
    /// text is most of a NeuroMapper strip's time); the first epoch in order that fails throws,
    /// as reading them one by one would.
    private func neuroMapperPositions(_ stored: NeuroMapperStorage, block b: Int, epochs: [Int]) throws -> [[Float]] {
        let results = ParallelResults<[Float]>(count: epochs.count)
        DispatchQueue.concurrentPerform(iterations: epochs.count) { i in
            results.set(i, Result { try neuroMapperPositions(stored, block: b, epoch: epochs[i]) })
        }
        return try results.values()
    }

    /// The embedding of one block and epoch, with its row count checked against N and its
    /// labels file (read here, once, unless it is the reference) against the reference labels.
    private func neuroMapperPositions(_ stored: NeuroMapperStorage, block b: Int, epoch e: Int) throws -> [Float] {
        let file = stored.files[b][e]
        let positions: [Float]
        if let preread = stored.preread, preread.path == file.embedding {
            positions = preread.positions
        } else {
            positions = try Self.readNeuroMapperEmbedding(file.embedding)
        }
        guard positions.count == 2 * sampleCount else {
            throw RunError.sampleCountMismatch(path: file.embedding, found: positions.count / 2, expected: sampleCount,
                                               reference: stored.countReference)
        }
        if let labels = file.labels, labels != stored.labelsReference {
            try checkNeuroMapperLabels(labels, reference: stored.labelsReference ?? labels)
        }
        return positions
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

/// One result per index, filled by concurrent workers. `@unchecked Sendable`: each index is
/// written once, by one worker, with `lock` held; `values()` reads after they have all finished.
private final class ParallelResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<T, any Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    /// The values in order, or the error of the first index that failed.
    func values() throws -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return try slots.map { try $0!.get() }
    }
}
