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
    ///
    /// Split on bytes (LF, with a CR before it dropped), not Characters: a million class names
    /// take a fraction of a second, and invalid UTF-8 becomes U+FFFD instead of an error.
    static func lines(_ path: String, what: String) throws -> [String] {
        let bytes = try readBytes(path)
        var lines: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start <= buffer.count {
                var end = start
                while end < buffer.count && buffer[end] != 10 { end += 1 }
                var a = start, b = end
                while a < b && (buffer[a] == 32 || buffer[a] == 9 || buffer[a] == 13) { a += 1 }
                while b > a && (buffer[b - 1] == 32 || buffer[b - 1] == 9 || buffer[b - 1] == 13) { b -= 1 }
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[a ..< b]), as: UTF8.self))
                start = end + 1
            }
        }
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
