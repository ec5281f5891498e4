/// The union of rectangles in an image, as bands of rows that cover the same columns: what a
/// frame-sized copy or conversion has to visit, each pixel once however the rectangles overlap.
public struct PixelRegion: Sendable, Equatable {
    /// Rows `rows` cover the columns of `spans` (sorted, disjoint, not touching).
    public struct Band: Sendable, Equatable {
        public let rows: Range<Int>
        public let spans: [Range<Int>]
    }

    /// Top to bottom, disjoint.
    public let bands: [Band]

    /// The union of `rects`, clipped to a `width` x `height` image.
    public init(_ rects: [PixelRect], width: Int, height: Int) {
        // A sweep from top to bottom: between two consecutive top or bottom edges the same
        // rectangles cover every row; `active` holds those that reach the current band.
        let inside = rects.map { $0.clipped(width: width, height: height) }.filter { !$0.isEmpty }.sorted { $0.y < $1.y }
        let edges = Array(Set(inside.flatMap { [$0.y, $0.maxY] })).sorted()
        var bands: [Band] = []
        var active: [PixelRect] = []
        var next = 0
        var columns: [Range<Int>] = []
        for (top, bottom) in zip(edges, edges.dropFirst()) {
            active.removeAll { $0.maxY <= top }
            while next < inside.count && inside[next].y <= top {
                active.append(inside[next])
                next += 1
            }
            columns.removeAll(keepingCapacity: true)
            for r in active { columns.append(r.x ..< r.maxX) }
            columns.sort { $0.lowerBound < $1.lowerBound }
            var spans: [Range<Int>] = []
            for c in columns {
                if let last = spans.last, c.lowerBound <= last.upperBound {
                    spans[spans.count - 1] = last.lowerBound ..< max(last.upperBound, c.upperBound)
                } else {
                    spans.append(c)
                }
            }
            guard !spans.isEmpty else { continue }
            if let last = bands.last, last.rows.upperBound == top, last.spans == spans {
                bands[bands.count - 1] = Band(rows: last.rows.lowerBound ..< bottom, spans: spans)
            } else {
                bands.append(Band(rows: top ..< bottom, spans: spans))
            }
        }
        self.bands = bands
    }

    /// Pixels covered.
    public var pixelCount: Int { bands.reduce(0) { $0 + $1.rows.count * $1.spans.reduce(0) { $0 + $1.count } } }
}
