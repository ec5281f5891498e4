extension AlignedUMAP {
    /// Lays out several runs of the same samples together (`JointSliceGrid`): one optimisation
    /// of every distinct slice of the grid, springs along each run's epochs and between the
    /// runs at the same epoch.
    ///
    /// - Parameters:
    ///   - loadSlice: the activations of one cell, `(run, epoch position)`; called once per
    ///     distinct slice, one at a time (cells sharing a slice are not loaded again).
    /// - Returns: per run, per epoch position, its layout; cells sharing a slice get the same
    ///   layout. The same input and parameters give the same bits whatever `threads` is.
    public func fit(grid: JointSliceGrid, loadSlice: (_ run: Int, _ position: Int) throws -> AlignedUMAPSlice,
                    progress: ((AlignedUMAPProgress) -> Void)? = nil) throws -> [[SliceLayout]] {
        var state = try AlignedUMAPState(parameters: parameters, neighbourSearch: neighbourSearch,
                                         initialisation: initialisation, grid: grid, sliceCount: grid.sliceCount,
                                         loadSlice: { u in try loadSlice(grid.sliceCell[u].run, grid.sliceCell[u].position) },
                                         progress: progress)
        let epochs = parameters.nEpochs
        state.run(epochs: epochs) { progress?(.optimisation(epoch: $0 + 1, of: epochs)) }
        let layouts = state.layouts
        return grid.cellSlice.map { row in row.map { layouts[$0] } }
    }
}
