/// One block's activations on the evaluation set at one epoch: [rowCount × columnCount] Float,
/// row-major (row i = sample i of the evaluation set, as `np.save` of a C-order [N, D] array).
public struct ActivationMatrix: Sendable, Equatable {
    /// N, the number of evaluation samples.
    public let rowCount: Int
    /// D, the block's width.
    public let columnCount: Int
    /// rowCount × columnCount values, row-major.
    public let values: [Float]

    public init(rowCount: Int, columnCount: Int, values: [Float]) {
        precondition(values.count == rowCount * columnCount, "values must hold rowCount × columnCount floats")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = values
    }
}
