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
            throw LayoutError.emptyLine(path: path, line: empty + 1, what: what)
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

/// A numeric CSV: optional header line, then rows of numbers, all rows as wide as the first.
struct NumericCSV {
    var header: [String]?
    var columnCount: Int
    /// Row-major values.
    var values: [Double]
    /// 1-based file line of each data row.
    var lineNumbers: [Int]

    var rowCount: Int { lineNumbers.count }

    func value(row: Int, column: Int) -> Double { values[row * columnCount + column] }

    /// Parses `path`. Empty cells become NaN when `allowEmptyCells`, else they are "not a
    /// number"; trailing blank lines are ignored; a blank line inside is a ragged row.
    static func read(_ path: String, hasHeader: Bool, allowEmptyCells: Bool = false) throws -> NumericCSV {
        let bytes = try TextFiles.readBytes(path)
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        func isBlank(_ line: ArraySlice<UInt8>) -> Bool { line.allSatisfy { $0 == 13 || $0 == 32 || $0 == 9 } }
        while let last = lines.last, isBlank(last) { lines.removeLast() }
        var header: [String]?
        var columnCount = -1
        var firstData = 0
        if hasHeader {
            guard let first = lines.first else { throw LayoutError.csvBadHeader(path: path, reason: "the file is empty") }
            header = String(decoding: first, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r\u{FEFF}"))) }
            columnCount = header!.count
            firstData = 1
        }
        var values: [Double] = []
        var lineNumbers: [Int] = []
        values.reserveCapacity(max(0, lines.count - firstData) * max(1, columnCount))
        for lineIndex in firstData ..< lines.count {
            var line = lines[lineIndex]
            if line.last == 13 { line = line.dropLast() }
            let cells = line.split(separator: 44, omittingEmptySubsequences: false)
            if columnCount < 0 { columnCount = cells.count }
            guard cells.count == columnCount else {
                throw LayoutError.csvRagged(path: path, line: lineIndex + 1, found: isBlank(line) ? 0 : cells.count, expected: columnCount)
            }
            for (column, cell) in cells.enumerated() {
                let text = String(decoding: cell, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if text.isEmpty && allowEmptyCells {
                    values.append(.nan)
                } else if let value = Double(text) {
                    values.append(value)
                } else {
                    throw LayoutError.csvNotNumber(path: path, line: lineIndex + 1, column: column + 1, text: text)
                }
            }
            lineNumbers.append(lineIndex + 1)
        }
        return NumericCSV(header: header, columnCount: max(columnCount, 0), values: values, lineNumbers: lineNumbers)
    }
}
