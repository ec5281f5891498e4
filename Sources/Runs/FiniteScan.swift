/// Finding NaN / ±Inf in float data.
enum FiniteScan {
    /// Count of non-finite values and the (row, column) of the first, or nil when all are
    /// finite. With `allowNaN`, only ±Inf count (layouts mark absent samples with NaN).
    static func firstProblem(_ values: [Float], cols: Int, allowNaN: Bool = false) -> (count: Int, row: Int, column: Int)? {
        guard anyNonFinite(values) else { return nil }
        var count = 0
        var first = -1
        values.withUnsafeBufferPointer { buffer in
            for i in 0 ..< buffer.count {
                let v = buffer[i]
                // Exponent bits all ones: Inf or NaN (one integer test, vectorisable).
                if v.bitPattern & 0x7F80_0000 == 0x7F80_0000 {
                    if allowNaN && v.isNaN { continue }
                    if first < 0 { first = i }
                    count += 1
                }
            }
        }
        guard count > 0 else { return nil }
        let width = max(cols, 1)
        return (count, first / width, first % width)
    }

    /// Whether any value is NaN or ±Inf: the exponent test OR-ed over all values without a
    /// branch, which vectorises (the counting loop above does not, and took a few percent of a
    /// wide layout's time when every slice was scanned with it).
    static func anyNonFinite(_ values: [Float]) -> Bool {
        values.withUnsafeBufferPointer { anyNonFinite($0) }
    }

    static func anyNonFinite(_ buffer: UnsafeBufferPointer<Float>) -> Bool {
        var found: UInt32 = 0
        for v in buffer { found |= v.bitPattern & 0x7F80_0000 == 0x7F80_0000 ? 1 : 0 }
        return found != 0
    }
}
