import Foundation

/// Where one NumPy array lives (a `.npy` file, or a member of an `.npz` archive) and its parsed
/// header. Making one reads only the header; the data is read by `floats()` / `integers()`.
public struct NpyArrayRef: Sendable, Equatable {
    enum Location: Sendable, Equatable {
        case file(path: String)
        case zipMember(zipPath: String, member: ZipArchive.Member, dataOffset: Int64)
    }

    let location: Location
    /// The parsed header (dtype, order, shape).
    public let header: NpyHeader
    /// How to name the array in messages: the file path, or `archive.npz (member x.npy)`.
    public let displayPath: String
    /// Bytes it takes on disk (file size, or compressed member size).
    public let bytesOnDisk: Int64

    public var shape: [Int] { header.shape }
    public var dtype: NpyDType { header.dtype }

    /// Reads the header of a `.npy` file and checks the file holds all the data it announces.
    public static func open(path: String) throws -> NpyArrayRef {
        let file = try ReadOnlyFile(path: path)
        let prefix = try headerBytes(path: path, available: file.size) { try file.read(offset: 0, count: $0) }
        let header = try NpyHeader.parse(bytes: prefix, path: path)
        try header.checkSize(Int64(file.size), path: path)
        return NpyArrayRef(location: .file(path: path), header: header, displayPath: path, bytesOnDisk: file.size)
    }

    /// The arrays of an `.npz` archive, keyed by member name without `.npy`, in archive order.
    /// Reads the central directory and each member's header (inflating only its first bytes);
    /// stored and deflated members are told apart inline, where their sizes are checked.
    public static func openArchive(path: String) throws -> [(name: String, array: NpyArrayRef)] {
        try openArchiveMembers(path: path).map { ($0.name, try $0.array.get()) }
    }

    /// The members of an `.npz` archive like `openArchive`, in one reading of the file, but a
    /// member whose own header or sizes are damaged gives its error in place of its array, so
    /// that only a command reading that member fails. Damage to the archive itself (its
    /// directory, member names) throws.
    static func openArchiveMembers(path: String) throws -> [(name: String, array: Result<NpyArrayRef, RunError>)] {
        let file = try ReadOnlyFile(path: path)
        let archive = try ZipArchive(file: file)
        var arrays: [(name: String, array: Result<NpyArrayRef, RunError>)] = []
        var seen: Set<String> = []
        for member in archive.members where !member.name.hasSuffix("/") {
            let display = "\(path) (member \(member.name))"
            // Names become block names (and file names when layouts are written): no paths.
            guard !member.name.isEmpty, !member.name.contains("/"), !member.name.contains("\\"),
                  !member.name.hasPrefix("."), !member.name.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
                throw RunError.unsupportedZipMember(path: path, member: member.name,
                                                    reason: "its name is not a plain array name (no folders, no leading dot, no control characters)")
            }
            guard seen.insert(member.name).inserted else {
                throw RunError.unsupportedZipMember(path: path, member: member.name, reason: "the archive holds two members of this name")
            }
            let name = member.name.hasSuffix(".npy") ? String(member.name.dropLast(4)) : member.name
            let opened: Result<NpyArrayRef, RunError>
            do {
                opened = .success(try memberArray(member, of: archive, in: file, path: path, display: display))
            } catch let problem as RunError {
                opened = .failure(problem)
            }
            arrays.append((name, opened))
        }
        return arrays
    }

    /// One archive member's header, read and checked against the member's declared sizes.
    private static func memberArray(_ member: ZipArchive.Member, of archive: ZipArchive, in file: ReadOnlyFile,
                                    path: String, display: String) throws -> NpyArrayRef {
        if member.method == .stored, member.compressedSize != member.uncompressedSize {
            throw RunError.unsupportedZipMember(path: path, member: member.name,
                                                reason: "it is stored uncompressed but its two sizes differ (the archive is damaged)")
        }
        // Deflate expands at most 1032:1; a larger declared size is damage (or a bomb).
        if member.method == .deflated,
           member.uncompressedSize > member.compressedSize.multipliedReportingOverflow(by: 1032).partialValue + 1024 {
            throw RunError.unsupportedZipMember(path: path, member: member.name,
                                                reason: "it claims \(member.uncompressedSize) bytes from \(member.compressedSize) compressed, more than deflate can produce")
        }
        let dataOffset = try archive.dataOffset(of: member, in: file)
        let prefix = try headerBytes(path: display, available: member.uncompressedSize) { count in
            switch member.method {
            case .stored:
                return try file.read(offset: dataOffset, count: count)
            case .deflated:
                // Headers compress well: a few kB of input cover them; read more only if not
                // (at most what a header of `count` bytes can take compressed).
                var compressed = try file.read(offset: dataOffset, count: Int(min(member.compressedSize, 16_384)))
                var inflated = try compressed.withUnsafeBytes {
                    try RawInflater().inflate($0, outputCount: count, allowShort: true, archive: path, member: member.name)
                }
                if inflated.count < count && Int64(compressed.count) < member.compressedSize {
                    compressed = try file.read(offset: dataOffset, count: Int(min(member.compressedSize, Int64(count) * 2 + 65_536)))
                    inflated = try compressed.withUnsafeBytes {
                        try RawInflater().inflate($0, outputCount: count, allowShort: true, archive: path, member: member.name)
                    }
                }
                return inflated
            }
        }
        let header = try NpyHeader.parse(bytes: prefix, path: display)
        try header.checkSize(Int64(member.uncompressedSize), path: display)
        return NpyArrayRef(location: .zipMember(zipPath: path, member: member, dataOffset: dataOffset),
                           header: header, displayPath: display, bytesOnDisk: member.compressedSize)
    }

    /// The header bytes of an array: the first 4 kB, or more when the header says it is longer.
    /// `read(n)` returns up to n bytes from the array's start.
    private static func headerBytes(path: String, available: Int64, read: (Int) throws -> [UInt8]) throws -> [UInt8] {
        let prefix = try read(Int(min(available, 4096)))
        let length = try NpyHeader.headerLength(prefix: prefix, path: path)
        guard length > prefix.count else { return prefix }
        guard available >= length else {
            throw RunError.truncated(path: path, expectedBytes: Int64(length), actualBytes: available)
        }
        return try read(length)
    }

    /// Runs `body` over the raw data bytes, read with bounded `pread`s (never a memory map, so a
    /// file that shrinks meanwhile is an error, not SIGBUS). Archive members are checked against
    /// their CRC-32 whether stored or deflated.
    func withDataBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let count = Int(header.dataByteCount)
        switch location {
        case let .file(path):
            let file = try ReadOnlyFile(path: path)
            guard file.size >= Int64(header.dataOffset) + Int64(count) else {
                throw RunError.changedWhileReading(path: displayPath)
            }
            let bytes = try file.read(offset: Int64(header.dataOffset), count: count)
            guard bytes.count == count else { throw RunError.changedWhileReading(path: displayPath) }
            return try bytes.withUnsafeBytes(body)
        case let .zipMember(zipPath, member, dataOffset):
            let file = try ReadOnlyFile(path: zipPath)
            guard file.size >= dataOffset + member.compressedSize else {
                throw RunError.changedWhileReading(path: displayPath)
            }
            try MemoryBudget.check(member.compressedSize + member.uncompressedSize, path: displayPath)
            let stored = try file.read(offset: dataOffset, count: Int(member.compressedSize))
            guard stored.count == Int(member.compressedSize) else { throw RunError.changedWhileReading(path: displayPath) }
            let content: [UInt8]
            switch member.method {
            case .stored:
                content = stored
            case .deflated:
                content = try stored.withUnsafeBytes {
                    try RawInflater().inflate($0, outputCount: Int(member.uncompressedSize), allowShort: false,
                                              archive: zipPath, member: member.name)
                }
            }
            guard zipCRC32(content) == member.crc32 else {
                throw RunError.unsupportedZipMember(path: zipPath, member: member.name, reason: "its CRC-32 checksum does not match (the archive is damaged)")
            }
            return try content.withUnsafeBytes { raw in
                try body(UnsafeRawBufferPointer(rebasing: raw[header.dataOffset ..< header.dataOffset + count]))
            }
        }
    }

    /// Starts reading the array's bytes into the page cache in the background
    /// (`ReadOnlyFile.adviseWillNeed`), for a reader that will ask for them soon: a layout
    /// reads the next epochs while it searches this one. A hint: nothing is thrown.
    ///
    /// The advice is given on `readAheadQueue`, not the caller's thread: once the disk's
    /// queue is full, asking for more blocks until earlier reads finish (advising three
    /// 82 MB files in a row took 0.02, 0.03 and 0.10 s), which would stall the search.
    public func startReading() {
        let path: String, start: Int64, end: Int64?
        switch location {
        case let .file(file):
            (path, start, end) = (file, Int64(header.dataOffset), nil)
        case let .zipMember(zipPath, member, dataOffset):
            (path, start, end) = (zipPath, dataOffset, dataOffset + member.compressedSize)
        }
        Self.readAheadQueue.async {
            guard let file = try? ReadOnlyFile(path: path) else { return }
            file.adviseWillNeed(from: start, to: end ?? file.size)
        }
    }

    /// One serial queue for all read-ahead advice: files are asked for in the order they will
    /// be read.
    static let readAheadQueue = DispatchQueue(label: "nm-render.read-ahead", qos: .utility)

    /// All elements as float32 in C (row-major) order, whatever the stored order and byte order.
    /// Throws `integerActivations` for integer dtypes.
    public func floats() throws -> [Float] {
        try floatsNotingNonFinite().values
    }

    /// `floats()` and whether a value may be NaN or ±Inf (false: none is). Decoded chunk by
    /// chunk, a `.npy` file is checked while each chunk is still in cache: the separate pass
    /// over a 10k x 16,384 slice (655 MB, from memory) took 0.12 s of every epoch's reading.
    /// Other storage is not checked here (true), so the caller's scan decides.
    func floatsNotingNonFinite() throws -> (values: [Float], mayBeNonFinite: Bool) {
        guard dtype.isFloat else { throw RunError.integerActivations(path: displayPath, dtype: dtype.name) }
        let count = header.elementCount
        if case let .file(path) = location, !header.fortranOrder {
            return try streamedFloats(path: path, count: count)
        }
        let stored = try withDataBytes { ElementDecoding.floats($0, dtype: dtype, count: count) }
        return (header.fortranOrder ? Self.fortranToC(stored, shape: shape) : stored, true)
    }

    /// The data of a C-order `.npy` file decoded chunk by chunk into the float32 array, so the
    /// file's bytes are never held whole: a wide float16 slice (10k x 16,384) otherwise needs
    /// 328 MB of fresh memory, cleared by the kernel and written once, beside its 655 MB of
    /// floats, on every epoch (the kernel's page clearing was a tenth of a 16,384-d layout's
    /// CPU time, `perf`).
    private func streamedFloats(path: String, count: Int) throws -> (values: [Float], mayBeNonFinite: Bool) {
        let file = try ReadOnlyFile(path: path)
        let dataBytes = count * dtype.size
        guard file.size >= Int64(header.dataOffset) + Int64(dataBytes) else { throw RunError.changedWhileReading(path: displayPath) }
        try MemoryBudget.check(Int64(count) * 4, path: displayPath)
        let dtype = dtype
        let start = Int64(header.dataOffset)
        var anyNonFinite = false
        let values = try [Float](unsafeUninitializedCapacity: count) { out, initialized in
            HugePages.advise(UnsafeMutableRawBufferPointer(out))
            var done = 0
            try file.forEachChunk(size: Self.streamChunkBytes, from: start, to: start + Int64(dataBytes)) { chunk in
                let n = chunk.count / dtype.size
                let decoded = UnsafeMutableBufferPointer(rebasing: out[done ..< done + n])
                ElementDecoding.decodeFloats(chunk, dtype: dtype, into: decoded)
                if FiniteScan.anyNonFinite(UnsafeBufferPointer(decoded)) { anyNonFinite = true }
                done += n
            }
            initialized = count
        }
        return (values, anyNonFinite)
    }

    /// The elements of a C-order float16 `.npy` file as IEEE binary16 bit patterns in host
    /// byte order, kept narrow, and whether one may be NaN or ±Inf; nil for any other array
    /// (the caller reads `floats()`). Read chunk by chunk like `streamedFloats`: a wide float16
    /// slice is then half the memory, and half the bytes for the neighbour search to stream.
    func float16BitsNotingNonFinite() throws -> (bits: [UInt16], mayBeNonFinite: Bool)? {
        guard dtype.isFloat, dtype.size == 2, case let .file(path) = location, !header.fortranOrder else { return nil }
        let count = header.elementCount
        let file = try ReadOnlyFile(path: path)
        guard file.size >= Int64(header.dataOffset) + Int64(count * 2) else { throw RunError.changedWhileReading(path: displayPath) }
        try MemoryBudget.check(Int64(count) * 2, path: displayPath)
        let swapped = dtype.bigEndian
        let start = Int64(header.dataOffset)
        var exponents: UInt16 = 0
        let bits = try [UInt16](unsafeUninitializedCapacity: count) { out, initialized in
            HugePages.advise(UnsafeMutableRawBufferPointer(out))
            // Read in place (the bits need no decoding), a chunk at a time so each is checked
            // while still in cache; copying from a chunk buffer cost 0.03 s of CPU a 328 MB slice.
            var done = 0
            let chunkElements = Self.streamChunkBytes / 2
            while done < count {
                let n = min(chunkElements, count - done)
                let part = UnsafeMutableBufferPointer(rebasing: out[done ..< done + n])
                try file.readFully(into: UnsafeMutableRawBufferPointer(part), offset: start + Int64(done) * 2)
                if swapped { for i in part.indices { part[i] = part[i].byteSwapped } }
                // Exponent bits all ones: Inf or NaN (OR-ed without a branch, which vectorises).
                var found: UInt16 = 0
                for h in part { found |= h & 0x7C00 == 0x7C00 ? 1 : 0 }
                exponents |= found
                done += n
            }
            initialized = count
        }
        return (bits, exponents != 0)
    }

    /// Bytes read per `pread` by `streamedFloats`: large enough that calls are few, small
    /// enough to stay in cache between reading and decoding, and a multiple of every element
    /// size, so no element straddles two chunks.
    static let streamChunkBytes = 1 << 20

    /// The elements under each of `indices` along the first axis (e.g. the epochs of an
    /// [E, N, 2] layouts array), as float32 in C order. A C-order `.npy` file reads only those
    /// parts, in one opening; other arrays are read whole and cut.
    public func floats(firstAxisIndices indices: [Int]) throws -> [[Float]] {
        guard dtype.isFloat else { throw RunError.integerActivations(path: displayPath, dtype: dtype.name) }
        guard let outer = shape.first, indices.allSatisfy({ (0 ..< outer).contains($0) }) else {
            throw RunError.wrongShape(path: displayPath, shape: shape, expected: "an array holding the rows asked for")
        }
        let stride = outer == 0 ? 0 : header.elementCount / outer
        guard case let .file(path) = location, !header.fortranOrder else {
            let all = try floats()
            return indices.map { Array(all[$0 * stride ..< ($0 + 1) * stride]) }
        }
        let file = try ReadOnlyFile(path: path)
        guard file.size >= Int64(header.dataOffset) + header.dataByteCount else { throw RunError.changedWhileReading(path: displayPath) }
        let bytesPerRow = stride * dtype.size
        return try indices.map { index in
            let bytes = try file.read(offset: Int64(header.dataOffset) + Int64(index) * Int64(bytesPerRow), count: bytesPerRow)
            guard bytes.count == bytesPerRow else { throw RunError.changedWhileReading(path: displayPath) }
            return bytes.withUnsafeBytes { ElementDecoding.floats($0, dtype: dtype, count: stride) }
        }
    }

    /// All elements as Int64 in C order. Float arrays are accepted when every value is a whole
    /// number (labels are often saved as floats); otherwise `labelNotInteger` names the index.
    public func integers() throws -> [Int64] {
        try withDataBytes { try integers(fromData: $0) }
    }

    /// The elements of this array's data bytes `raw` as Int64 in C order (see `integers()`).
    private func integers(fromData raw: UnsafeRawBufferPointer) throws -> [Int64] {
        let count = header.elementCount
        var values: [Int64]
        if dtype.isFloat {
            let doubles = ElementDecoding.doubles(raw, dtype: dtype, count: count)
            let ordered = header.fortranOrder ? Self.fortranToC(doubles, shape: shape) : doubles
            values = []
            values.reserveCapacity(count)
            for (i, v) in ordered.enumerated() {
                guard v.rounded() == v, abs(v) < 9e15 else { throw RunError.labelNotInteger(path: displayPath, index: i, value: v) }
                values.append(Int64(v))
            }
        } else {
            values = ElementDecoding.integers(raw, dtype: dtype, count: count)
            if header.fortranOrder { values = Self.fortranToC(values, shape: shape) }
        }
        return values
    }

    /// A small `.npy` file of integers (labels, ids, epoch numbers) read in one opening: its
    /// header, checked as `open` checks it and then by `check`, and its values.
    static func integerFile(path: String, check: (NpyArrayRef) throws -> Void) throws -> [Int64] {
        let file = try ReadOnlyFile(path: path)
        let bytes = try file.read(offset: 0, count: Int(file.size))
        let length = try NpyHeader.headerLength(prefix: Array(bytes.prefix(4096)), path: path)
        guard bytes.count >= length else { throw RunError.truncated(path: path, expectedBytes: Int64(length), actualBytes: file.size) }
        let header = try NpyHeader.parse(bytes: Array(bytes.prefix(max(length, min(bytes.count, 4096)))), path: path)
        let expected = Int64(header.dataOffset) + header.dataByteCount
        guard file.size >= expected else { throw RunError.truncated(path: path, expectedBytes: expected, actualBytes: file.size) }
        guard file.size == expected else { throw RunError.trailingData(path: path, expectedBytes: expected, actualBytes: file.size) }
        let array = NpyArrayRef(location: .file(path: path), header: header, displayPath: path, bytesOnDisk: file.size)
        try check(array)
        return try bytes.withUnsafeBytes { raw in
            try array.integers(fromData: UnsafeRawBufferPointer(rebasing: raw[header.dataOffset ..< header.dataOffset + Int(header.dataByteCount)]))
        }
    }

    /// Reorders a Fortran-order (first index fastest) array into C order (last index fastest).
    static func fortranToC<T>(_ values: [T], shape: [Int]) -> [T] {
        guard shape.count > 1, values.count > 1 else { return values }
        if shape.count == 2, let floats = values as? [Float] {
            return ElementDecoding.transposeFromColumnMajor(floats, rows: shape[0], cols: shape[1]) as! [T]
        }
        return FortranOrder.toC(values, shape: shape)
    }
}
