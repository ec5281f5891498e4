import Foundation

/// What a numeric CSV's cells are read as: exactly what `strtod` gives (`Double`) or that
/// rounded to float (`Float`, for coordinates), by `DecimalNumber` when it can.
protocol CSVNumber {
    static var nan: Self { get }
    init(_ value: Double)
    /// The cell's value, or nil to leave it to `strtod`.
    static func quickly(_ text: UnsafeBufferPointer<UInt8>) -> Self?
}

extension Double: CSVNumber {
    static func quickly(_ text: UnsafeBufferPointer<UInt8>) -> Double? { DecimalNumber.double(text) }
}

extension Float: CSVNumber {
    static func quickly(_ text: UnsafeBufferPointer<UInt8>) -> Float? { DecimalNumber.float(text) }
}

/// A numeric CSV: optional header line, then rows of numbers, all rows as wide as the first.
struct NumericCSV<Value: CSVNumber> {
    var header: [String]?
    var columnCount: Int
    /// Row-major values.
    var values: [Value]
    /// 1-based file line of each data row.
    var lineNumbers: [Int]

    var rowCount: Int { lineNumbers.count }

    func value(row: Int, column: Int) -> Value { values[row * columnCount + column] }

    /// Parses `path`. Empty cells become NaN when `allowEmptyCells`, else they are "not a
    /// number"; trailing blank lines are ignored; a blank line inside is a ragged row.
    /// Cells are parsed in place (by `DecimalNumber`, else `strtod`, C locale), without making
    /// strings; one pass over the bytes in one function keeps that loop allocation-free.
    static func read(_ path: String, hasHeader: Bool, allowEmptyCells: Bool = false) throws -> NumericCSV {
        var bytes = try TextFiles.readBytes(path)
        func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 }
        // Ignore trailing blank lines (and a final newline).
        var end = bytes.count
        while end > 0, isSpace(bytes[end - 1]) || bytes[end - 1] == 10 { end -= 1 }
        bytes.removeLast(bytes.count - end)
        bytes.append(0) // strtod stops at the NUL after the last cell
        var header: [String]?
        var columnCount = -1
        var values: [Value] = []
        values.reserveCapacity(end / 8)
        var lineNumbers: [Int] = []
        try bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            var lineStart = 0
            var lineNumber = 0
            while lineStart < end {
                lineNumber += 1
                var lineEnd = lineStart
                while lineEnd < end && buffer[lineEnd] != 10 { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                if hasHeader && header == nil {
                    header = String(decoding: buffer[lineStart ..< lineEnd], as: UTF8.self)
                        .split(separator: ",", omittingEmptySubsequences: false)
                        .map { $0.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r\u{FEFF}"))) }
                    columnCount = header!.count
                    continue
                }
                var cells = 0
                var cellStart = lineStart
                let isBlank = buffer[lineStart ..< lineEnd].allSatisfy(isSpace)
                while !isBlank {
                    var cellEnd = cellStart
                    while cellEnd < lineEnd && buffer[cellEnd] != 44 { cellEnd += 1 }
                    var a = cellStart, b = cellEnd
                    while a < b && isSpace(buffer[a]) { a += 1 }
                    while b > a && isSpace(buffer[b - 1]) { b -= 1 }
                    cells += 1
                    if a == b {
                        guard allowEmptyCells else {
                            throw RunError.csvNotNumber(path: path, line: lineNumber, column: cells, text: "")
                        }
                        values.append(.nan)
                    } else if let value = Value.quickly(UnsafeBufferPointer(rebasing: buffer[a ..< b])) {
                        values.append(value)
                    } else {
                        var stop: UnsafeMutablePointer<CChar>?
                        let value = (base + a).withMemoryRebound(to: CChar.self, capacity: b - a) { strtod($0, &stop) }
                        guard let stop, UnsafeRawPointer(stop) == UnsafeRawPointer(base + b) else {
                            throw RunError.csvNotNumber(path: path, line: lineNumber, column: cells,
                                                           text: String(decoding: buffer[a ..< b], as: UTF8.self))
                        }
                        values.append(Value(value))
                    }
                    if cellEnd >= lineEnd { break }
                    cellStart = cellEnd + 1
                }
                if columnCount < 0 { columnCount = cells }
                guard cells == columnCount else {
                    throw RunError.csvRagged(path: path, line: lineNumber, found: cells, expected: columnCount)
                }
                lineNumbers.append(lineNumber)
            }
        }
        if hasHeader && header == nil { throw RunError.csvBadHeader(path: path, reason: "the file is empty") }
        return NumericCSV(header: header, columnCount: max(columnCount, 0), values: values, lineNumbers: lineNumbers)
    }
}
