import Foundation

/// Several runs of the same samples laid out together: a grid of cells (run × epoch), each
/// cell's activations one slice, with springs along the epochs within a run (as for one run,
/// aligned-umap.md §2.6) and between runs at the same epoch.
///
/// Between runs a spring's constant is κ = μ · J, μ the `runRegularisation` and J the Jaccard
/// agreement of the sample's graph neighbourhoods in the two runs (§2.6): where two networks
/// put a sample among the same neighbours it is pulled to one place, where they really
/// diverge J is small and so is the pull, and the layouts may part.
///
/// Cells whose activations are identical (equal `content` at the same epoch label, e.g. two
/// runs from the same initial weights at epoch 0) share one slice: they are laid out once and
/// get identical layouts, bit for bit.
///
/// Slices are numbered run by run, epoch by epoch, in order of first occurrence, so a grid of
/// one run numbers its slices as a plain `fit` does (and lays them out identically).
public struct JointSliceGrid: Sendable, Equatable {
    /// A cell: a run and the position of an epoch in that run's epoch list.
    public struct Cell: Sendable, Equatable, Hashable {
        public var run: Int
        public var position: Int

        public init(run: Int, position: Int) {
            self.run = run
            self.position = position
        }
    }

    /// Per run, its epochs' labels in order; cells of different runs are tied by equal labels.
    public let epochs: [[Int]]
    /// Per run, per epoch position: the slice laying that cell out.
    public let cellSlice: [[Int]]
    /// Per slice: the cell it was first met at (whose activations it is built from).
    public let sliceCell: [Cell]
    /// μ, the strength of the springs between runs at the same epoch (before the Jaccard factor).
    public let runRegularisation: Double

    /// - Parameters:
    ///   - epochs: per run, its epoch labels (each run's list without repeats).
    ///   - content: per run, per epoch position, a digest of the cell's activations (and sample
    ///     rows), or nil when unknown. A cell shares the slice of the earliest cell of an
    ///     earlier run with the same epoch label and the same digest. Nil never shares.
    ///   - runRegularisation: μ (≥ 0; 0 keeps only the shared slices in common).
    public init(epochs: [[Int]], content: [[String?]]? = nil, runRegularisation: Double) {
        self.epochs = epochs
        self.runRegularisation = runRegularisation
        var cellSlice: [[Int]] = []
        var sliceCell: [Cell] = []
        // (epoch label, digest) → slice, for cells met so far.
        var known: [String: Int] = [:]
        for (r, labels) in epochs.enumerated() {
            var row: [Int] = []
            for (p, label) in labels.enumerated() {
                let digest = content.flatMap { r < $0.count && p < $0[r].count ? $0[r][p] : nil }
                let tag = digest.map { "\(label)\u{1F}\($0)" }
                if let tag, let shared = known[tag] {
                    row.append(shared)
                    continue
                }
                let u = sliceCell.count
                sliceCell.append(Cell(run: r, position: p))
                if let tag { known[tag] = u }
                row.append(u)
            }
            cellSlice.append(row)
        }
        self.cellSlice = cellSlice
        self.sliceCell = sliceCell
    }

    /// Number of distinct slices (cells minus shared ones).
    public var sliceCount: Int { sliceCell.count }

    /// Number of runs.
    public var runCount: Int { epochs.count }

    /// The slice a new slice `u` starts from: its run's previous epoch, or for a run's first
    /// epoch the same epoch of the first earlier run that has it (so every run starts where
    /// the first one does); nil when neither exists (its own spectral layout).
    func initialParent(of u: Int) -> Int? {
        let cell = sliceCell[u]
        if cell.position > 0 { return cellSlice[cell.run][cell.position - 1] }
        let label = epochs[cell.run][cell.position]
        for r in 0..<cell.run {
            if let p = epochs[r].firstIndex(of: label) { return cellSlice[r][p] }
        }
        return nil
    }

    /// The slices slice `u`'s points are tied to, over every cell it lays out: within the cell's
    /// run, the epochs within `window` (coefficient λ·e^{−(|o|−1)}, §2.6), then the other runs
    /// at the same epoch label (coefficient μ). A slice is listed once, with its largest
    /// coefficient, and never `u` itself (cells sharing `u` need no spring). For a grid of one
    /// run this is exactly the list of a plain `fit`.
    func partners(of u: Int, window: Int, regularisation: Double) -> [AlignmentSprings.Partner] {
        var list: [AlignmentSprings.Partner] = []
        var at: [Int: Int] = [:]
        func add(_ slice: Int, _ coefficient: Double) {
            guard slice != u else { return }
            if let i = at[slice] {
                list[i].coefficient = max(list[i].coefficient, coefficient)
            } else {
                at[slice] = list.count
                list.append(AlignmentSprings.Partner(slice: slice, coefficient: coefficient))
            }
        }
        let cells = cellSlice.enumerated().flatMap { r, row in
            row.enumerated().filter { $0.element == u }.map { Cell(run: r, position: $0.offset) }
        }
        for cell in cells {
            let count = epochs[cell.run].count
            for o in -window...window where o != 0 && cell.position + o >= 0 && cell.position + o < count {
                add(cellSlice[cell.run][cell.position + o], regularisation * exp(-Double(abs(o) - 1)))
            }
        }
        // μ = 0 asks for no springs between runs at all (not springs of constant 0).
        for cell in cells where runRegularisation > 0 {
            let label = epochs[cell.run][cell.position]
            for r in epochs.indices where r != cell.run {
                if let p = epochs[r].firstIndex(of: label) { add(cellSlice[r][p], runRegularisation) }
            }
        }
        return list
    }
}
