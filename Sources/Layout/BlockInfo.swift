/// What a run knows about one block without reading its data.
public struct BlockInfo: Sendable, Equatable, Codable {
    /// Name as stored (file stem or folder prefix), e.g. `block1`, `layer4`.
    public var name: String
    /// Display title (from `run.json` / `layout.json`, else the name).
    public var title: String
    /// Width D of each sample's vector (2 for layouts).
    public var dimension: Int
    /// Element type as stored: `float16`, `float32`, `float64`, or `csv` for text files.
    public var dtype: String
    /// Bytes this block takes on disk over all used epochs.
    public var bytes: Int64

    public init(name: String, title: String, dimension: Int, dtype: String, bytes: Int64) {
        self.name = name
        self.title = title
        self.dimension = dimension
        self.dtype = dtype
        self.bytes = bytes
    }

    /// D == 2: drawn as it is, no projection needed.
    public var isLayout2D: Bool { dimension == 2 }
}

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

/// Finding NaN / ±Inf in float data.
enum FiniteScan {
    /// Count of non-finite values and the (row, column) of the first, or nil when all are
    /// finite. With `allowNaN`, only ±Inf count (layouts mark absent samples with NaN).
    static func firstProblem(_ values: [Float], cols: Int, allowNaN: Bool = false) -> (count: Int, row: Int, column: Int)? {
        var count = 0
        var first = -1
        values.withUnsafeBufferPointer { buffer in
            for i in 0 ..< buffer.count {
                let v = buffer[i]
                // Exponent bits all ones: Inf or NaN (one integer test, vectorisable).
                if v.bitPattern & 0x7F80_0000 == 0x7F80_0000 {
                    if allowNaN && v.isNaN { continue }
                    if first < 0 { first = i }
                    count += 1
                }
            }
        }
        guard count > 0 else { return nil }
        let width = max(cols, 1)
        return (count, first / width, first % width)
    }
}
