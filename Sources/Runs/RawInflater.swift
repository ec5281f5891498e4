import CZlib

/// Inflates a raw deflate stream (ZIP method 8) with zlib. Owns its `z_stream` and ends it in
/// deinit; used by one thread at a time.
final class RawInflater {
    private let stream: UnsafeMutablePointer<z_stream>

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = nm_inflate_init_raw(stream)
        precondition(status == Z_OK, "zlib inflateInit2 failed (\(status)): out of memory")
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates `input` into exactly `outputCount` bytes, or fewer when `allowShort` (for reading
    /// only a prefix). Damaged data throws `unsupportedZipMember` naming the archive and member.
    func inflate(_ input: UnsafeRawBufferPointer, outputCount: Int, allowShort: Bool,
                 archive: String, member: String) throws -> [UInt8] {
        func failure(_ reason: String) -> RunError { .unsupportedZipMember(path: archive, member: member, reason: reason) }
        var output = [UInt8](repeating: 0, count: outputCount)
        var produced = 0
        var status: Int32 = Z_OK
        output.withUnsafeMutableBytes { out in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = 0
            stream.pointee.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = 0
            var inputLeft = input.count
            var outputLeft = out.count
            // avail_in/avail_out are 32-bit: feed large members in chunks.
            let chunk = 1 << 30
            repeat {
                if stream.pointee.avail_in == 0 {
                    let n = min(inputLeft, chunk)
                    stream.pointee.avail_in = uInt(n)
                    inputLeft -= n
                }
                if stream.pointee.avail_out == 0 {
                    let n = min(outputLeft, chunk)
                    stream.pointee.avail_out = uInt(n)
                    outputLeft -= n
                }
                let before = stream.pointee.avail_out
                status = CZlib.inflate(stream, Z_NO_FLUSH)
                produced += Int(before - stream.pointee.avail_out)
            } while status == Z_OK && produced < outputCount
        }
        if produced < outputCount && !allowShort {
            throw failure(status == Z_STREAM_END ? "it is shorter than the archive directory says"
                                                 : "its compressed data is damaged (zlib status \(status))")
        }
        if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
            throw failure("its compressed data is damaged (zlib status \(status))")
        }
        if produced < outputCount { output.removeLast(outputCount - produced) }
        return output
    }
}

/// CRC-32 of a buffer (ZIP's checksum), computed by zlib.
func zipCRC32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt = 0
    var offset = 0
    bytes.withUnsafeBufferPointer { buffer in
        while offset < buffer.count {
            let n = min(buffer.count - offset, 1 << 30)
            crc = CZlib.crc32(crc, buffer.baseAddress! + offset, uInt(n))
            offset += n
        }
    }
    return UInt32(truncatingIfNeeded: crc)
}
