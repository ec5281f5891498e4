import Foundation

/// The top-level box types of an ISO-BMFF (MP4) file, in file order: each box starts with a
/// 32-bit big-endian size and a 4-character type; size 1 means a 64-bit size follows, 0 means
/// "to the end of the file".
enum TopLevelAtoms {
    static func names(in file: URL) throws -> [String] {
        let data = try Data(contentsOf: file)
        var names: [String] = []
        var offset = 0
        while offset + 8 <= data.count {
            let size32 = data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            names.append(String(decoding: data[offset + 4..<offset + 8], as: UTF8.self))
            var size = size32
            if size32 == 1, offset + 16 <= data.count {
                size = data[offset + 8..<offset + 16].reduce(0) { $0 << 8 | Int($1) }
            } else if size32 == 0 {
                size = data.count - offset
            }
            guard size >= 8 else { break }
            offset += size
        }
        return names
    }
}
