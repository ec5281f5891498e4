import Foundation

/// Reading the small text files of a run: one entry per line (`classes.txt`, `ids.txt`) and
/// numeric CSV (`metrics.csv`, NeuroMapper embeddings and labels).
enum TextFiles {
    static func readBytes(_ path: String) throws -> [UInt8] {
        let file = try ReadOnlyFile(path: path)
        return try file.read(offset: 0, count: Int(file.size))
    }

    /// Lines with `\r` and surrounding spaces removed; trailing empty lines dropped; an empty
    /// line before the end is an error naming its line number (`what` says what was expected).
    static func lines(_ path: String, what: String) throws -> [String] {
        let text = String(decoding: try readBytes(path), as: UTF8.self)
        // Character-wise split: "\r\n" is one Character in Swift, so splitting on "\n" alone
        // would miss Windows line ends.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        if let empty = lines.firstIndex(of: "") {
            throw RunError.emptyLine(path: path, line: empty + 1, what: what)
        }
        return lines
    }

    /// Data rows of a text file without reading it into Swift strings: lines up to the last
    /// non-blank byte (so a final newline or trailing blank lines do not count).
    static func countLines(_ path: String) throws -> Int {
        let mapped = try ReadOnlyFile(path: path).map()
        return withExtendedLifetime(mapped) {
            let bytes = mapped.bytes
            var end = bytes.count
            while end > 0, [10, 13, 32, 9].contains(bytes[end - 1]) { end -= 1 }
            guard end > 0 else { return 0 }
            var count = 1
            var at = bytes.baseAddress!
            var left = end
            while left > 0, let hit = memchr(at, 10, left) {
                count += 1
                let advance = UnsafeRawPointer(hit) - at + 1
                at += advance
                left -= advance
            }
            return count
        }
    }
}
