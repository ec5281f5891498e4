/// Choosing parts of a `LayoutSet`: blocks, epochs, samples. Each returns a new set and leaves
/// the original untouched.
extension LayoutSet {
    /// The given blocks, in the given order.
    /// - Throws: `SelectionError.unknownBlock` naming the blocks there are.
    public func selecting(blocks names: [String]) throws -> LayoutSet {
        var copy = self
        copy.blocks = try names.map { name in
            guard let block = block(named: name) else {
                throw SelectionError.unknownBlock(block: name, blocks: blocks.map(\.name))
            }
            return block
        }
        return copy
    }

    /// The given saved epochs, in ascending order.
    /// - Throws: `SelectionError.unknownEpoch` for an epoch that was not saved.
    public func selecting(epochs chosen: [Int]) throws -> LayoutSet {
        let indices = try chosen.sorted().map { epoch in
            guard let i = epochs.firstIndex(of: epoch) else {
                throw SelectionError.unknownEpoch(epoch: epoch, epochs: epochs)
            }
            return i
        }
        var copy = self
        copy.epochs = indices.map { epochs[$0] }
        for b in copy.blocks.indices {
            copy.blocks[b].positions = indices.map { blocks[b].positions[$0] }
        }
        return copy
    }

    /// The samples at these global indices, in this order (ids, labels and positions follow).
    public func selecting(samples indices: [Int]) -> LayoutSet {
        var copy = self
        copy.samples = SampleTable(ids: indices.map { samples.ids[$0] },
                                   labels: indices.map { samples.labels[$0] },
                                   classNames: samples.classNames)
        for b in copy.blocks.indices {
            copy.blocks[b].positions = blocks[b].positions.map { epoch in
                var out = [Float](repeating: .nan, count: 2 * indices.count)
                for (k, i) in indices.enumerated() {
                    out[2 * k] = epoch[2 * i]
                    out[2 * k + 1] = epoch[2 * i + 1]
                }
                return out
            }
        }
        return copy
    }
}
