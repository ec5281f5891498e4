/// Positions of class legend items: either flowing in centred lines (under the panels) or
/// stacked in columns (beside them). Offsets are relative to the legend's rectangle.
public struct LegendGeometry: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var entry: LegendEntry
        /// Centre of the colour swatch and left edge of the text, relative to the legend origin.
        public var swatchX: Double
        public var textX: Double
        public var centreY: Double
    }

    public var items: [Item]
    public var width: Double
    public var height: Double
    public var fontSize: Double
    public var swatchRadius: Double

    /// Geometry common to both arrangements, from the font size.
    struct Metrics {
        let fontSize: Double
        var swatchRadius: Double { fontSize * 0.36 }
        var textGap: Double { fontSize * 0.35 }
        var itemGap: Double { fontSize * 1.1 }
        var lineHeight: Double { fontSize * 1.55 }
        func itemWidth(_ textWidth: Double) -> Double { 2 * swatchRadius + textGap + textWidth }
    }

    /// Items in lines no wider than `maxWidth`, each line centred.
    static func flowing(_ entries: [LegendEntry], textWidths: [Double], fontSize: Double, maxWidth: Double) -> LegendGeometry {
        let m = Metrics(fontSize: fontSize)
        var lines: [[Int]] = [[]]
        var lineWidths: [Double] = [0]
        for (i, w) in textWidths.enumerated() {
            let iw = m.itemWidth(w)
            let needed = lines[lines.count - 1].isEmpty ? iw : lineWidths[lineWidths.count - 1] + m.itemGap + iw
            if needed > maxWidth, !lines[lines.count - 1].isEmpty {
                lines.append([i])
                lineWidths.append(iw)
            } else {
                lines[lines.count - 1].append(i)
                lineWidths[lineWidths.count - 1] = needed
            }
        }
        let width = min(lineWidths.max() ?? 0, maxWidth)
        var items: [Item] = []
        for (l, line) in lines.enumerated() {
            var x = (width - lineWidths[l]) / 2
            let cy = (Double(l) + 0.5) * m.lineHeight
            for i in line {
                items.append(Item(entry: entries[i], swatchX: x + m.swatchRadius, textX: x + 2 * m.swatchRadius + m.textGap, centreY: cy))
                x += m.itemWidth(textWidths[i]) + m.itemGap
            }
        }
        let height = entries.isEmpty ? 0 : Double(lines.count) * m.lineHeight
        return LegendGeometry(items: items, width: width, height: height, fontSize: fontSize, swatchRadius: m.swatchRadius)
    }

    /// Items stacked top to bottom, wrapping into more columns when taller than `maxHeight`.
    static func stacked(_ entries: [LegendEntry], textWidths: [Double], fontSize: Double, maxHeight: Double) -> LegendGeometry {
        let m = Metrics(fontSize: fontSize)
        let perColumn = max(Int(maxHeight / m.lineHeight), 1)
        var items: [Item] = []
        var x = 0.0
        var width = 0.0
        var start = 0
        while start < entries.count {
            let end = min(start + perColumn, entries.count)
            let columnWidth = (start..<end).map { m.itemWidth(textWidths[$0]) }.max() ?? 0
            for i in start..<end {
                items.append(Item(entry: entries[i], swatchX: x + m.swatchRadius, textX: x + 2 * m.swatchRadius + m.textGap,
                                  centreY: (Double(i - start) + 0.5) * m.lineHeight))
            }
            width = x + columnWidth
            x += columnWidth + m.itemGap
            start = end
        }
        let height = Double(min(entries.count, perColumn)) * m.lineHeight
        return LegendGeometry(items: items, width: width, height: height, fontSize: fontSize, swatchRadius: m.swatchRadius)
    }

    /// Draws the legend with its origin at `origin`.
    func draw(on canvas: Canvas, at origin: (x: Double, y: Double), theme: Theme) {
        for item in items {
            canvas.disc(x: origin.x + item.swatchX, y: origin.y + item.centreY, radius: swatchRadius, colour: item.entry.colour)
            canvas.drawText(item.entry.label, x: origin.x + item.textX, centreY: origin.y + item.centreY,
                            family: theme.fontFamily, size: fontSize, colour: theme.secondaryText)
        }
    }
}
