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
    /// non-blank byte (so a final newline or trailing blank lines do not count). Reads the file
    /// in bounded chunks, whatever its size.
    static func countLines(_ path: String) throws -> Int {
        let file = try ReadOnlyFile(path: path)
        var newlines = 0
        var newlinesBeforeLastContent = -1  // -1: no content yet
        try file.forEachChunk { chunk in
            for byte in chunk {
                if byte == 10 {
                    newlines += 1
                } else if byte != 13 && byte != 32 && byte != 9 {
                    newlinesBeforeLastContent = newlines
                }
            }
        }
        return newlinesBeforeLastContent + 1
    }
}
