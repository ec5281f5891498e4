import AlignedUMAP
import Dispatch
import LayoutModel
import Synchronization

/// The layouts of a run that is still being written: per block, a resumable AlignedUMAP state
/// that grows by one slice per epoch (`nm-render watch`).
///
/// Each appended epoch gets its own neighbour graph, starts from the previous epoch's layout
/// through the sample relation, is sprung to the `alignmentWindow` epochs before it and is
/// optimised alone (`movingTrailing: 0`): epochs already shown never move again, so a strip or
/// video drawn after the next epoch shows the earlier ones exactly as before.
///
/// Orientation is fixed once, from the first layout that is read out (the canonical transform
/// of that moment's last epoch, as `LayoutStage` orients batch layouts), and then kept for
/// every later update. Recomputing it per update would let the canonical fit of a changing
/// last epoch pick a different rotation or a reflection, and every panel would jump; a fixed
/// transform cannot, and the new epochs follow the old ones because they start from them and
/// are sprung to them.
///
/// The first epoch runs the plain `nEpochs` schedule, not the batch chained order's longer
/// first slice (`AlignedUMAPState.firstSliceEpochs`, 1.5 times as long up to 10,000 points):
/// issue 16 asks for the first strip of a 10,000-point block within 6 s, and it took 5.4 s
/// (11.7 s with 2.5 times the epochs). Its layouts are therefore not the batch layouts byte for byte;
/// `watch --final` recomputes those.
///
/// A value type (`Sendable`: every stored property is), used by one command thread.
public struct LiveLayout: Sendable {
    /// One block's growing state.
    public struct Block: Sendable {
        public let name: String
        public let title: String?
        var state: AlignedUMAPState
        /// The orientation chosen at the first read-out; nil until then.
        public internal(set) var orientation: OrthogonalTransform2D?
    }

    /// How every block is laid out and whether it is oriented.
    public let options: LayoutOptions
    /// Number of samples (rows of every read-out layout, by global sample index).
    public let sampleCount: Int
    /// Class index per sample (negative: unlabelled), for the canonical orientation.
    public let labels: [Int]
    /// The blocks, in display order.
    public private(set) var blocks: [Block]
    /// The epochs appended so far, ascending.
    public private(set) var epochs: [Int] = []

    /// An empty live layout of `blocks` (name, title) over `sampleCount` samples.
    public init(options: LayoutOptions, blocks: [(name: String, title: String?)], sampleCount: Int,
                labels: [Int]) throws(AlignedUMAPError) {
        self.options = options
        self.sampleCount = sampleCount
        self.labels = labels
        var made: [Block] = []
        for b in blocks {
            made.append(Block(name: b.name, title: b.title, state: try AlignedUMAPState(parameters: options.parameters,
                                                                                     firstSliceEpochs: Self.firstSliceEpochs(options))))
        }
        self.blocks = made
    }

    /// The epochs of every block's first slice: the plain schedule (see the type's comment).
    public static func firstSliceEpochs(_ options: LayoutOptions) -> Int { options.parameters.nEpochs }

    /// Appends one epoch: `slices[b]` is block b's activations at `epoch` (in `blocks` order).
    /// Only the new slice is optimised; earlier epochs stay bit for bit where they were. The
    /// blocks are laid out in parallel; when one fails, none is changed.
    ///
    /// - Throws: `LiveLayoutError.epochNotAfterLast` when `epoch` is not after the last one
    ///   appended, `.blockCountMismatch` for a wrong number of slices, or the state's own error
    ///   for a malformed slice.
    public mutating func append(epoch: Int, slices: [AlignedUMAPSlice]) throws {
        if let last = epochs.last, epoch <= last { throw LiveLayoutError.epochNotAfterLast(epoch: epoch, last: last) }
        guard slices.count == blocks.count else {
            throw LiveLayoutError.blockCountMismatch(given: slices.count, blocks: blocks.count)
        }
        // Blocks are independent, and one new slice is optimised on one core (only its
        // neighbour search is spread over threads), so the blocks are appended side by side.
        // Each block's result does not depend on what runs beside it.
        let states = blocks.map(\.state)
        let results = Mutex<[Result<AlignedUMAPState, any Error>?]>(Array(repeating: nil, count: blocks.count))
        DispatchQueue.concurrentPerform(iterations: blocks.count) { b in
            var state = states[b]
            let result = Result<AlignedUMAPState, any Error> {
                try state.append(slices[b], movingTrailing: 0)
                state.run()
                return state
            }
            results.withLock { $0[b] = result }
        }
        let done = results.withLock { $0 }
        // All or nothing: a block that failed leaves every block as it was.
        let appended = try done.map { try $0!.get() }
        for b in blocks.indices { blocks[b].state = appended[b] }
        epochs.append(epoch)
    }

    /// Every block's layouts of every appended epoch (per epoch, x, y per global sample index;
    /// NaN for samples absent from that epoch), oriented by the block's fixed transform, which
    /// the first call chooses.
    public mutating func readOut() -> [BlockLayout] {
        blocks.indices.map { b in
            var stack = (0 ..< blocks[b].state.sliceCount).map { m in globalPositions(blocks[b].state.layout(of: m)) }
            if options.orient {
                if blocks[b].orientation == nil, let last = stack.last {
                    blocks[b].orientation = LayoutOrientation.canonicalTransform(of: last, labels: labels)
                }
                if let r = blocks[b].orientation { stack = stack.map { r.apply(to: $0) } }
            }
            return BlockLayout(name: blocks[b].name, title: blocks[b].title, positions: stack)
        }
    }

    /// A slice's rows placed by global sample index.
    private func globalPositions(_ layout: SliceLayout) -> [Float] {
        var positions = [Float](repeating: .nan, count: 2 * sampleCount)
        for (row, id) in layout.sampleIDs.enumerated() {
            positions[2 * id] = layout.positions[2 * row]
            positions[2 * id + 1] = layout.positions[2 * row + 1]
        }
        return positions
    }
}

/// Misuse of a `LiveLayout` (a caller's bug or a run rewritten behind the watcher's back).
public enum LiveLayoutError: Error, Equatable, CustomStringConvertible {
    case epochNotAfterLast(epoch: Int, last: Int)
    case blockCountMismatch(given: Int, blocks: Int)

    public var description: String {
        switch self {
        case let .epochNotAfterLast(epoch, last):
            return "epoch \(epoch) arrived after epoch \(last) was laid out; epochs are laid out in increasing order, so restart the watch if the run was rewritten"
        case let .blockCountMismatch(given, blocks):
            return "\(given) slices were given for \(blocks) blocks; give one slice per block"
        }
    }
}
