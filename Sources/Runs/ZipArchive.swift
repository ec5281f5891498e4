/// The table of contents of a ZIP archive (what `np.savez` writes), read from its central
/// directory with `pread`; member data is read later, on demand.
///
/// Layout per PKWARE APPNOTE 6.3: end-of-central-directory record (signature 0x06054b50) within
/// the last 64 KiB + 22 bytes; ZIP64 records (0x06064b50 via locator 0x07064b50) when counts or
/// offsets overflow 16/32 bits; central directory entries (0x02014b50); local headers
/// (0x04034b50) whose variable-length name and extra fields precede the member data.
struct ZipArchive: Sendable {
    struct Member: Sendable, Equatable {
        enum Method: Sendable, Equatable { case stored, deflated }
        var name: String
        var method: Method
        var crc32: UInt32
        var compressedSize: Int64
        var uncompressedSize: Int64
        /// Offset of the local file header; the data offset is resolved when opened.
        var localHeaderOffset: Int64
    }

    let path: String
    let members: [Member]

    // One function on purpose: the end record, the ZIP64 locator and the central directory are
    // checked in file order against the real file size, each check using what the last found.
    init(file: ReadOnlyFile) throws {
        path = file.path
        let path = file.path
        func bad(_ reason: String) -> RunError { .badZip(path: path, reason: reason) }
        let tailLength = Int(min(file.size, 65_535 + 22))
        let tailStart = file.size - Int64(tailLength)
        let tail = try file.read(offset: tailStart, count: tailLength)
        guard tail.count >= 22, let eocd = Self.lastIndex(of: 0x0605_4B50, in: tail, maxStart: tail.count - 22) else {
            throw bad("no end-of-central-directory record (the file may be truncated)")
        }
        // Trailing bytes after the end record (beyond its comment) are damage or a second file
        // appended: refuse rather than guess which one is meant.
        let commentLength = Int(Self.u16(tail, eocd + 20))
        guard eocd + 22 + commentLength == tail.count else {
            throw bad("\(tail.count - eocd - 22 - commentLength) unexpected bytes follow the end of the archive")
        }
        var entryCount = Int64(Self.u16(tail, eocd + 10))
        var directorySize = Int64(Self.u32(tail, eocd + 12))
        var directoryOffset = Int64(Self.u32(tail, eocd + 16))
        let saturated = entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF
        let locatorAt = eocd - 20
        if locatorAt >= 0, Self.u32(tail, locatorAt) == 0x0706_4B50 {
            // A ZIP64 end record exists: its 64-bit values are authoritative.
            guard let recordOffset = Int64(exactly: Self.u64(tail, locatorAt + 8)) else {
                throw bad("the ZIP64 end-of-central-directory record lies outside the file")
            }
            let record = try file.read(offset: recordOffset, count: 56)
            guard record.count == 56, Self.u32(record, 0) == 0x0606_4B50 else {
                throw bad("the ZIP64 end-of-central-directory record is missing")
            }
            // Declared values are checked against the file's real size before any is used.
            guard let count = Int64(exactly: Self.u64(record, 32)), let size = Int64(exactly: Self.u64(record, 40)),
                  let offset = Int64(exactly: Self.u64(record, 48)) else {
                throw bad("the ZIP64 end-of-central-directory record holds sizes larger than any file")
            }
            entryCount = count
            directorySize = size
            directoryOffset = offset
        } else if saturated {
            throw bad("ZIP64 sizes without a ZIP64 locator")
        }
        guard directoryOffset >= 0, directorySize >= 0, directoryOffset <= file.size, directorySize <= file.size - directoryOffset else {
            throw bad("the central directory lies outside the file (the file may be truncated)")
        }
        let directory = try file.read(offset: directoryOffset, count: Int(directorySize))
        // Every entry takes at least 46 bytes: a larger count cannot be true.
        guard entryCount <= Int64(directory.count / 46) else {
            throw bad("it declares \(entryCount) members but its central directory can hold at most \(directory.count / 46)")
        }
        var members: [Member] = []
        var at = 0
        for _ in 0 ..< entryCount {
            guard at + 46 <= directory.count, Self.u32(directory, at) == 0x0201_4B50 else {
                throw bad("a central directory entry is damaged")
            }
            let flags = Self.u16(directory, at + 8)
            let methodCode = Self.u16(directory, at + 10)
            let crc = Self.u32(directory, at + 16)
            var compressed = Int64(Self.u32(directory, at + 20))
            var uncompressed = Int64(Self.u32(directory, at + 24))
            let nameLength = Int(Self.u16(directory, at + 28))
            let extraLength = Int(Self.u16(directory, at + 30))
            let commentLength = Int(Self.u16(directory, at + 32))
            var localOffset = Int64(Self.u32(directory, at + 42))
            let nameStart = at + 46
            guard nameStart + nameLength + extraLength + commentLength <= directory.count else {
                throw bad("a central directory entry is damaged")
            }
            let name = String(decoding: directory[nameStart ..< nameStart + nameLength], as: UTF8.self)
            // ZIP64 extended information (tag 0x0001) carries, in this order, whichever of the
            // three 32-bit fields were saturated.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let tag = Self.u16(directory, extra)
                let size = Int(Self.u16(directory, extra + 2))
                if tag == 0x0001 {
                    var field = extra + 4
                    if uncompressed == 0xFFFF_FFFF, field + 8 <= extra + 4 + size {
                        guard let value = Int64(exactly: Self.u64(directory, field)) else { throw bad("a ZIP64 size of \(name) is larger than any file") }
                        uncompressed = value; field += 8
                    }
                    if compressed == 0xFFFF_FFFF, field + 8 <= extra + 4 + size {
                        guard let value = Int64(exactly: Self.u64(directory, field)) else { throw bad("a ZIP64 size of \(name) is larger than any file") }
                        compressed = value; field += 8
                    }
                    if localOffset == 0xFFFF_FFFF, field + 8 <= extra + 4 + size {
                        guard let value = Int64(exactly: Self.u64(directory, field)) else { throw bad("a ZIP64 size of \(name) is larger than any file") }
                        localOffset = value
                    }
                }
                extra += 4 + size
            }
            let method: Member.Method
            switch methodCode {
            case 0: method = .stored
            case 8: method = .deflated
            default:
                throw RunError.unsupportedZipMember(path: path, member: name,
                                                       reason: "compression method \(methodCode) is not supported (only stored and deflated)")
            }
            if flags & 1 != 0 {
                throw RunError.unsupportedZipMember(path: path, member: name, reason: "it is encrypted")
            }
            guard compressed <= file.size, localOffset >= 0, localOffset <= file.size else {
                throw RunError.unsupportedZipMember(path: path, member: name, reason: "its sizes or offset lie outside the file (the archive is damaged)")
            }
            members.append(Member(name: name, method: method, crc32: crc, compressedSize: compressed,
                                  uncompressedSize: uncompressed, localHeaderOffset: localOffset))
            at = extraEnd + commentLength
        }
        self.members = members
    }

    /// Offset of a member's data: after its local header, whose name/extra lengths may differ
    /// from the central directory's.
    func dataOffset(of member: Member, in file: ReadOnlyFile) throws -> Int64 {
        let header = try file.read(offset: member.localHeaderOffset, count: 30)
        guard header.count == 30, Self.u32(header, 0) == 0x0403_4B50 else {
            throw RunError.badZip(path: path, reason: "the local header of \(member.name) is damaged")
        }
        let start = member.localHeaderOffset + 30 + Int64(Self.u16(header, 26)) + Int64(Self.u16(header, 28))
        guard start <= file.size, member.compressedSize <= file.size - start else {
            throw RunError.truncated(path: "\(path) member \(member.name)", expectedBytes: start + member.compressedSize,
                                        actualBytes: file.size)
        }
        return start
    }

    private static func lastIndex(of signature: UInt32, in bytes: [UInt8], maxStart: Int) -> Int? {
        var i = maxStart
        while i >= 0 {
            if u32(bytes, i) == signature { return i }
            i -= 1
        }
        return nil
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }
}
