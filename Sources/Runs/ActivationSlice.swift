/// The activations of one block at one epoch, as float32.
public struct ActivationSlice: Sendable, Equatable {
    /// Number of rows (samples present at this epoch).
    public var rows: Int
    /// Width D.
    public var cols: Int
    /// Row-major `rows × cols` values, all finite.
    public var values: [Float]
    /// Global sample index (into `Run.samples`) of each row.
    public var sampleIndices: [Int]

    public init(rows: Int, cols: Int, values: [Float], sampleIndices: [Int]) {
        self.rows = rows
        self.cols = cols
        self.values = values
        self.sampleIndices = sampleIndices
    }
}
