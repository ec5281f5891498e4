import CCairo
import Interpolate

/// Highlighted samples in one panel: a fading trail, a ring in the class colour and a label
/// that stays inside the panel.
struct TrackOverlay {
    let mapping: PanelMapping
    let pointRadius: Double
    let theme: Theme
    let scale: Double

    func draw(_ tracks: [TrackFrame], colours: (Int) -> RGBColour, on canvas: Canvas) {
        let panel = mapping.rect
        let lineWidth = theme.sizes.trackLine * scale
        canvas.clip(to: panel)
        cairo_set_line_cap(canvas.cr, CAIRO_LINE_CAP_ROUND)
        // Trails first, so no trail crosses another track's ring or label.
        for track in tracks where track.trail.count > 1 {
            let colour = colours(track.classIndex)
            for i in 0..<(track.trail.count - 1) {
                let a = mapping.point(track.trail[i]), b = mapping.point(track.trail[i + 1])
                guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else { continue }
                let age = track.trailAge.count == track.trail.count
                    ? Double(track.trailAge[i] + track.trailAge[i + 1]) / 2
                    : 1 - Double(i) / Double(track.trail.count - 1)
                let alpha = 0.85 * (1 - min(max(age, 0), 1))
                guard alpha > 0.01 else { continue }
                canvas.line(from: a, to: b, colour: colour, width: lineWidth * (0.5 + 0.5 * (1 - age)), alpha: alpha)
            }
        }
        cairo_set_line_cap(canvas.cr, CAIRO_LINE_CAP_BUTT)
        let ringRadius = pointRadius + 4 * scale + lineWidth / 2
        for track in tracks {
            guard let position = track.position else { continue }
            let p = mapping.point(position)
            guard p.x.isFinite, p.y.isFinite else { continue }
            canvas.ring(x: p.x, y: p.y, radius: ringRadius, colour: theme.panelBackground, width: lineWidth + 3 * scale)
            canvas.ring(x: p.x, y: p.y, radius: ringRadius, colour: colours(track.classIndex), width: lineWidth)
        }
        canvas.restore()
        let size = theme.sizes.trackLabel * scale
        for track in tracks where !track.label.isEmpty {
            guard let position = track.position else { continue }
            let p = mapping.point(position)
            guard p.x.isFinite, p.y.isFinite, panel.contains(x: p.x, y: p.y) else { continue }
            let width = canvas.textWidth(track.label, family: theme.fontFamily, size: size, bold: true)
            let place = Self.labelPlacement(anchor: p, offset: ringRadius + 2 * scale, textWidth: width,
                                            textHeight: size, panel: panel.inset(by: 4 * scale))
            canvas.drawText(track.label, x: place.x, centreY: place.centreY, family: theme.fontFamily, size: size,
                            colour: theme.text, bold: true, halo: theme.panelBackground, haloWidth: 4 * scale)
        }
    }

    /// Top-left corner x and vertical centre of a label of the given size next to `anchor`: the
    /// first of upper-right, lower-right, upper-left, lower-left that fits the panel, else the
    /// upper-right position pushed inside.
    static func labelPlacement(anchor: (x: Double, y: Double), offset: Double, textWidth: Double, textHeight: Double,
                               panel: Rect) -> (x: Double, centreY: Double) {
        let d = offset * 0.75
        let candidates: [(Double, Double)] = [
            (anchor.x + d, anchor.y - d - textHeight / 2),
            (anchor.x + d, anchor.y + d + textHeight / 2),
            (anchor.x - d - textWidth, anchor.y - d - textHeight / 2),
            (anchor.x - d - textWidth, anchor.y + d + textHeight / 2),
        ]
        func fits(_ c: (Double, Double)) -> Bool {
            c.0 >= panel.x && c.0 + textWidth <= panel.maxX && c.1 - textHeight / 2 >= panel.y && c.1 + textHeight / 2 <= panel.maxY
        }
        if let c = candidates.first(where: fits) { return (c.0, c.1) }
        let x = min(max(candidates[0].0, panel.x), max(panel.maxX - textWidth, panel.x))
        let y = min(max(candidates[0].1, panel.y + textHeight / 2), panel.maxY - textHeight / 2)
        return (x, y)
    }
}
