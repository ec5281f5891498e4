import LayoutModel
extension MetricsTable {
    /// Reads `metrics.csv`: header `epoch,<name>,...`, one row per epoch (rows may come in any
    /// order; they are sorted by epoch), empty cells are NaN.
    static func read(path: String) throws -> MetricsTable {
        let csv = try NumericCSV<Double>.read(path, hasHeader: true, allowEmptyCells: true)
        guard let header = csv.header, header.first?.lowercased() == "epoch" else {
            throw RunError.csvBadHeader(path: path, reason: "the first column must be named epoch, as in `epoch,val_acc`")
        }
        var rows: [(epoch: Int, values: [Double])] = []
        var seen: Set<Int> = []
        for r in 0 ..< csv.rowCount {
            let e = csv.value(row: r, column: 0)
            guard e.rounded() == e, abs(e) < 1e15 else {
                throw RunError.csvNotNumber(path: path, line: csv.lineNumbers[r], column: 1, text: "\(e) (an epoch must be a whole number)")
            }
            guard seen.insert(Int(e)).inserted else {
                throw RunError.duplicateMetricsEpoch(path: path, line: csv.lineNumbers[r], epoch: Int(e))
            }
            rows.append((Int(e), (1 ..< csv.columnCount).map { csv.value(row: r, column: $0) }))
        }
        rows.sort { $0.epoch < $1.epoch }
        let names = Array(header.dropFirst())
        let values = names.indices.map { m in rows.map { $0.values[m] } }
        return MetricsTable(names: names, epochs: rows.map(\.epoch), values: values)
    }
}
