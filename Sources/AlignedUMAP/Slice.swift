import CHalfFloats

/// One slice (epoch) of activations: `rows` samples × `cols` features, row-major.
public struct AlignedUMAPSlice: Sendable {
    public var rows: Int
    public var cols: Int
    /// Row-major values, `rows * cols` of them (widened, exactly, from binary16 when the slice
    /// was made from float16 values).
    public var values: [Float] {
        get { storage.floats }
        _modify {
            var v = storage.floats
            storage = .float([])  // `v` is then the only reference: changed in place
            defer { storage = .float(v); valuesKnownFinite = false }
            yield &v
        }
        set {
            storage = .float(newValue)
            valuesKnownFinite = false
        }
    }
    /// Global sample id of each row; slices are related by equal ids.
    public var sampleIDs: [Int]

    /// The values as they were given: float32, or float16 kept narrow.
    private(set) var storage: SliceValues

    public init(rows: Int, cols: Int, values: [Float], sampleIDs: [Int]) {
        self.rows = rows
        self.cols = cols
        self.storage = .float(values)
        self.sampleIDs = sampleIDs
    }

    /// Whether whoever made the slice has already checked every value for NaN and ±Inf (see
    /// `init(rows:cols:finiteValues:sampleIDs:)`); any change to `values` clears it.
    private(set) var valuesKnownFinite = false

    /// A slice whose values the caller has already checked for NaN and ±Inf, so validation
    /// skips its own scan. The run reader checks each chunk while it decodes it, still in
    /// cache; scanning again costs 0.16 s of CPU a 10k x 16,384 slice, read from memory, on
    /// the path of every wide search. `package`: only this package's readers, which throw on
    /// a non-finite value, may vouch for values; debug builds check the claim.
    package init(rows: Int, cols: Int, finiteValues values: [Float], sampleIDs: [Int]) {
        self.init(rows: rows, cols: cols, values: values, sampleIDs: sampleIDs)
        valuesKnownFinite = true
    }

    /// A slice of float16 values, as IEEE binary16 bit patterns in host byte order, which the
    /// caller has checked are all finite (as for `finiteValues`). They stay narrow: a wide
    /// slice's neighbour search streams half the bytes (`WideNeighbours`), with the same
    /// distances as on the widened values.
    package init(rows: Int, cols: Int, finiteFloat16Bits bits: [UInt16], sampleIDs: [Int]) {
        self.rows = rows
        self.cols = cols
        self.storage = .half(bits)
        self.sampleIDs = sampleIDs
        valuesKnownFinite = true
    }

    /// A slice whose rows are samples 0..<rows.
    public init(rows: Int, cols: Int, values: [Float]) {
        self.init(rows: rows, cols: cols, values: values, sampleIDs: Array(0..<rows))
    }

    func validate(index: Int, threads: Int = 1) throws(AlignedUMAPError) {
        guard rows >= 1, cols >= 1 else {
            throw .malformedSlice(index: index, reason: "it has \(rows) rows and \(cols) columns; both must be at least 1")
        }
        guard storage.count == rows * cols else {
            throw .malformedSlice(index: index, reason: "it has \(storage.count) values but rows × cols = \(rows * cols)")
        }
        guard sampleIDs.count == rows else {
            throw .malformedSlice(index: index, reason: "it has \(sampleIDs.count) sample ids for \(rows) rows")
        }
        if valuesKnownFinite {
            assert(Self.firstNonFinite(values, threads: threads) == nil, "a slice vouched finite holds NaN or ±Inf")
        } else if case let .float(values) = storage, let bad = Self.firstNonFinite(values, threads: threads) {
            throw .nonFiniteValue(slice: index, row: bad / cols, column: bad % cols)
        }
        var seen = Set<Int>(minimumCapacity: rows)
        for id in sampleIDs where !seen.insert(id).inserted {
            throw .duplicateSampleID(slice: index, id: id)
        }
    }

    /// Index of the first NaN or ±Inf. Blocks of 4,096 values are tested without a branch (an
    /// exponent of all ones, OR-ed together, which vectorises; `firstIndex(where:)` stops to
    /// branch on every value and took 0.17 s per 10k x 16,384 slice); only a block that has
    /// one is searched value by value. Spans of `scanSpan` values are scanned on up to
    /// `threads` threads (a wide slice's scan is otherwise one core's 0.16 s, read from memory,
    /// on the path of every search); the first is the lowest index whatever the thread count.
    static func firstNonFinite(_ values: [Float], threads: Int = 1) -> Int? {
        let spans = (values.count + scanSpan - 1) / scanSpan
        var firsts = [Int](repeating: -1, count: spans)
        values.withUnsafeBufferPointer { vb in
            firsts.withUnsafeMutableBufferPointer { fb in
                let v = SharedBuffer(vb), f = SharedMutableBuffer(fb)
                // Each chunk writes the results of its own spans only.
                parallelChunks(spans, chunkSize: 1, threads: threads) { range in
                    for span in range {
                        let low = span * scanSpan, high = min(v.count, low + scanSpan)
                        f[span] = firstNonFinite(v.base, low..<high) ?? -1
                    }
                }
            }
        }
        return firsts.first { $0 >= 0 }
    }

    static let scanSpan = 1 << 20

    private static func firstNonFinite(_ b: UnsafePointer<Float>, _ range: Range<Int>) -> Int? {
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(range.upperBound, start + 4096)
            var found: UInt32 = 0
            for i in start..<end { found |= b[i].bitPattern & 0x7F80_0000 == 0x7F80_0000 ? 1 : 0 }
            if found != 0 { return (start..<end).first { !b[$0].isFinite } }
            start = end
        }
        return nil
    }
}

/// The 2D layout of one slice.
public struct SliceLayout: Sendable, Equatable {
    /// Global sample id of each row, as given in the input slice.
    public var sampleIDs: [Int]
    /// x, y per row (`2 * sampleIDs.count` values); NaN for rows with no neighbour-graph edge.
    public var positions: [Float]

    public init(sampleIDs: [Int], positions: [Float]) {
        self.sampleIDs = sampleIDs
        self.positions = positions
    }
}

/// Where `fit` is; reported on the calling thread so a CLI can draw a progress bar.
public enum AlignedUMAPProgress: Sendable, Equatable {
    /// Nearest neighbours and fuzzy graph of slice `slice` (0-based) of `of` are being built
    /// (the chained schedule reports it when it takes the slice up: its search may have run
    /// ahead on another thread, during the optimisation of the slices before).
    case neighbours(slice: Int, of: Int)
    /// Spring weights between slices are being computed.
    case graph
    /// Spectral initialisation and Procrustes chaining.
    case initialisation
    /// `epoch` of `of` SGD epochs are done.
    case optimisation(epoch: Int, of: Int)
}

/// A slice's values as given: float32, or IEEE binary16 bit patterns (host byte order) kept
/// narrow. Only wide slices' neighbour searches read binary16 directly; everything else reads
/// the widened values, which are exact.
enum SliceValues: Sendable {
    case float([Float])
    case half([UInt16])

    var count: Int {
        switch self {
        case let .float(v): v.count
        case let .half(h): h.count
        }
    }

    /// All values as float32.
    var floats: [Float] {
        switch self {
        case let .float(v): return v
        case let .half(h):
            return [Float](unsafeUninitializedCapacity: h.count) { out, initialized in
                h.withUnsafeBufferPointer { if !$0.isEmpty { nm_half_to_float($0.baseAddress, $0.count, out.baseAddress) } }
                initialized = h.count
            }
        }
    }
}
