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
