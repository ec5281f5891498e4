import Foundation

/// The `tEXt` chunks of a PNG file (PNG spec 11.3.4.3: keyword, NUL, Latin-1 text), read by
/// walking the chunk list: 4-byte big-endian length, 4-byte type, data, 4-byte CRC.
enum PNGTextChunks {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func read(_ data: Data) -> [String: String] {
        let bytes = [UInt8](data)
        guard bytes.starts(with: signature) else { return [:] }
        var result: [String: String] = [:]
        var offset = signature.count
        while offset + 8 <= bytes.count {
            let length = bytes[offset ..< offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[offset + 4 ..< offset + 8], as: UTF8.self)
            let start = offset + 8, end = start + length
            guard end <= bytes.count else { break }
            if type == "tEXt", let nul = bytes[start ..< end].firstIndex(of: 0) {
                let keyword = String(decoding: bytes[start ..< nul], as: UTF8.self)
                result[keyword] = String(bytes[(nul + 1) ..< end].map { Character(Unicode.Scalar($0)) })
            }
            offset = end + 4
        }
        return result
    }
}
