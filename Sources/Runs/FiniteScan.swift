/// Finding NaN / ±Inf in float data.
enum FiniteScan {
    /// Count of non-finite values and the (row, column) of the first, or nil when all are
    /// finite. With `allowNaN`, only ±Inf count (layouts mark absent samples with NaN).
    static func firstProblem(_ values: [Float], cols: Int, allowNaN: Bool = false) -> (count: Int, row: Int, column: Int)? {
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
}
