/// The activations of one block at one epoch.
public struct ActivationSlice: Sendable, Equatable {
    /// Number of rows (samples present at this epoch).
    public var rows: Int
    /// Width D.
    public var cols: Int
    /// Global sample index (into `Run.samples`) of each row.
    public var sampleIndices: [Int]

    /// How the values are held: float32, or a float16 block's IEEE binary16 bit patterns kept
    /// narrow (`Run.activations(block:epoch:keepingFloat16:)`).
    private var storage: Storage

    private enum Storage: Sendable, Equatable {
        case float32([Float])
        case float16([UInt16])
    }

    public init(rows: Int, cols: Int, values: [Float], sampleIndices: [Int]) {
        self.rows = rows
        self.cols = cols
        self.storage = .float32(values)
        self.sampleIndices = sampleIndices
    }

    /// A slice of `rows × cols` binary16 bit patterns (host byte order, all finite).
    public init(rows: Int, cols: Int, float16Bits: [UInt16], sampleIndices: [Int]) {
        self.rows = rows
        self.cols = cols
        self.storage = .float16(float16Bits)
        self.sampleIndices = sampleIndices
    }

    /// Row-major `rows × cols` values as float32, all finite (widened, exactly, when the slice
    /// holds binary16 values).
    public var values: [Float] {
        get {
            switch storage {
            case let .float32(values): return values
            case let .float16(bits): return HalfFloat.floats(bits)
            }
        }
        set { storage = .float32(newValue) }
    }

    /// The values as binary16 bit patterns when the slice was read keeping them narrow, else nil.
    public var float16Bits: [UInt16]? {
        if case let .float16(bits) = storage { return bits }
        return nil
    }
}
