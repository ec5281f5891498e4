/// Exact nearest neighbours of 2D points through a uniform grid of square cells (about one point
/// per cell), searched ring by ring outward until no closer point can remain.
struct NearestNeighbourGrid {
    private let xs: [Float]
    private let ys: [Float]
    private let present: [Bool]
    private let minX: Float, minY: Float, cell: Float
    private let columns: Int, rows: Int
    private let cellStart: [Int]
    private let cellItems: [Int]

    /// `points` holds x0, y0, x1, y1, …; NaN marks an absent point (never returned, never queried).
    init(points: [Float]) {
        let n = points.count / 2
        var xs = [Float](repeating: .nan, count: n), ys = xs
        var present = [Bool](repeating: false, count: n)
        var lox = Float.infinity, loy = Float.infinity, hix = -Float.infinity, hiy = -Float.infinity
        var count = 0
        for i in 0..<n where points[2 * i].isFinite && points[2 * i + 1].isFinite {
            xs[i] = points[2 * i]; ys[i] = points[2 * i + 1]; present[i] = true
            lox = min(lox, xs[i]); hix = max(hix, xs[i]); loy = min(loy, ys[i]); hiy = max(hiy, ys[i])
            count += 1
        }
        if count == 0 { lox = 0; loy = 0; hix = 0; hiy = 0 }
        let side = Int(Double(max(count, 1)).squareRoot().rounded(.up))
        let extent = max(hix - lox, hiy - loy)
        let cell: Float = extent > 0 ? extent / Float(side) : 1
        let columns = min(max(1, Int(((hix - lox) / cell).rounded(.up))), 4096)
        let rows = min(max(1, Int(((hiy - loy) / cell).rounded(.up))), 4096)
        self.xs = xs; self.ys = ys; self.present = present
        self.minX = lox; self.minY = loy; self.cell = cell
        self.columns = columns; self.rows = rows
        // Counting sort by cell; stable, so each cell lists its points by ascending index.
        var start = [Int](repeating: 0, count: columns * rows + 1)
        var cellOf = [Int](repeating: -1, count: n)
        for i in 0..<n where present[i] {
            let c = Self.cellIndex(xs[i], ys[i], minX: lox, minY: loy, cell: cell, columns: columns, rows: rows)
            cellOf[i] = c
            start[c + 1] += 1
        }
        for c in 0..<(columns * rows) { start[c + 1] += start[c] }
        var fill = start
        var items = [Int](repeating: 0, count: count)
        for i in 0..<n where cellOf[i] >= 0 {
            items[fill[cellOf[i]]] = i
            fill[cellOf[i]] += 1
        }
        self.cellStart = start
        self.cellItems = items
    }

    private static func cellIndex(_ x: Float, _ y: Float, minX: Float, minY: Float, cell: Float,
                                  columns: Int, rows: Int) -> Int {
        let cx = min(max(Int((x - minX) / cell), 0), columns - 1)
        let cy = min(max(Int((y - minY) / cell), 0), rows - 1)
        return cy * columns + cx
    }

    /// The nearest other present point to point `i` (ties: the lower index), or nil if `i` is
    /// absent or alone.
    func nearest(to i: Int) -> Int? {
        guard present[i] else { return nil }
        let x = xs[i], y = ys[i]
        let cx = min(max(Int((x - minX) / cell), 0), columns - 1)
        let cy = min(max(Int((y - minY) / cell), 0), rows - 1)
        var best = -1
        var bestD = Float.infinity
        let maxRing = max(columns, rows)
        var ring = 0
        while ring <= maxRing {
            for gy in (cy - ring)...(cy + ring) where gy >= 0 && gy < rows {
                let onEdgeRow = gy == cy - ring || gy == cy + ring
                let step = onEdgeRow ? 1 : max(2 * ring, 1)
                var gx = cx - ring
                while gx <= cx + ring {
                    if gx >= 0 && gx < columns {
                        let c = gy * columns + gx
                        for slot in cellStart[c]..<cellStart[c + 1] {
                            let j = cellItems[slot]
                            if j == i { continue }
                            let dx = xs[j] - x, dy = ys[j] - y
                            let d = dx * dx + dy * dy
                            if d < bestD || (d == bestD && j < best) { bestD = d; best = j }
                        }
                    }
                    gx += step
                }
            }
            // Points in ring r+1 and beyond are at least r cells away (a point is within its cell).
            let reach = Float(ring) * cell
            if best >= 0 && bestD < reach * reach { break }
            ring += 1
        }
        return best >= 0 ? best : nil
    }
}
