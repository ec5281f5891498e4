import LayoutModel

/// What a run holds before any of its data files is opened: the block names and epochs, from
/// folder listings, archive directories and `run.json` / `layout.json` alone. A command looks
/// at it to choose its blocks and epochs (its defaults depend on them) before they are read.
public struct RunOutline: Sendable, Equatable {
    /// Block names in display order.
    public var blocks: [String]
    /// Epochs in use, strictly ascending.
    public var epochs: [Int]
}

/// The blocks and epochs a command reads. Opening a run with a focus opens and checks only
/// their files, so a damaged file elsewhere in the run never fails the command, and each file
/// is read once: a strip of one block at five epochs of a 40-epoch, 4-block run reads 5 of its
/// 160 layouts.
///
/// `epochs` narrows what is read in layouts folders and NeuroMapper folders. An activations run
/// reads every epoch of a focused block whatever `epochs` says: all of them feed its layout.
public struct RunFocus: Sendable, Equatable {
    /// Blocks read, nil for every block. A run opened with this focus lists only these blocks.
    public var blocks: [String]?
    /// Epochs read, nil for every epoch. Epochs the run does not have are ignored here (the
    /// command reports them when it selects epochs).
    public var epochs: [Int]?

    public init(blocks: [String]? = nil, epochs: [Int]? = nil) {
        self.blocks = blocks
        self.epochs = epochs
    }

    /// Every block and epoch (what `inspect` and `inspect --check` read).
    public static let everything = RunFocus()

    /// Indices into `names` of the focused blocks, in run order; an unknown name is a usage
    /// error listing every block.
    func blockIndices(in names: [String]) throws -> [Int] {
        guard let wanted = blocks else { return Array(names.indices) }
        let known = Set(names)
        if let unknown = wanted.first(where: { !known.contains($0) }) {
            throw SelectionError.unknownBlock(block: unknown, blocks: names)
        }
        let set = Set(wanted)
        return names.indices.filter { set.contains(names[$0]) }
    }

    /// Indices into `epochs` of the focused epochs (unknown ones ignored).
    func epochIndices(in all: [Int]) -> [Int] {
        guard let wanted = epochs else { return Array(all.indices) }
        let set = Set(wanted)
        return all.indices.filter { set.contains(all[$0]) }
    }
}
