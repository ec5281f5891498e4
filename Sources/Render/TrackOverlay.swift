import CCairo
import Interpolate

/// Highlighted samples in one panel: a fading trail, a ring in the class colour and a label
/// placed by `TrackLabelLayout` (never over another label, another ring or the panel edge;
/// joined to its point by a leader line when displaced).
struct TrackOverlay {
    let mapping: PanelMapping
    let pointRadius: Double
    let theme: Theme
    let scale: Double

    /// Halo around label glyphs, reference pixels: keeps text legible over points.
    static let haloWidth = 4.0
    /// DejaVu Sans ascender and descender as fractions of the em size: a label box spans
    /// from the ascender to the descender (so "g" and "#" fit) plus the halo.
    static let ascent = 0.76, descent = 0.24
    /// Labels keep this far (reference pixels) from the panel edge.
    static let edgeMargin = 4.0

    var lineWidth: Double { theme.sizes.trackLine * scale }
    /// Ring radius: a gap of 4 reference pixels between the disc and the ring.
    var ringRadius: Double { pointRadius + 4 * scale + lineWidth / 2 }
    var labelSize: Double { theme.sizes.trackLabel * scale }
    var halo: Double { Self.haloWidth * scale }

    /// The label layout of this panel: labels start 2 reference pixels outside the ring.
    var labelLayout: TrackLabelLayout { TrackLabelLayout(offset: ringRadius + lineWidth / 2 + 2 * scale) }
    /// The area labels must stay in.
    var labelArea: Rect { mapping.rect.inset(by: Self.edgeMargin * scale) }

    /// Places the labels of `tracks` (measured with `canvas`'s fonts).
    func placeLabels(_ tracks: [TrackFrame], previous: [Int: Int], measure canvas: Canvas) -> TrackLabelLayout.Result {
        var labels: [TrackLabelLayout.Label] = []
        var rings: [Rect] = []
        for track in tracks {
            guard let position = track.position else { continue }
            let p = mapping.point(position)
            guard p.x.isFinite, p.y.isFinite else { continue }
            let r = ringRadius + lineWidth / 2
            rings.append(Rect(x: p.x - r, y: p.y - r, width: 2 * r, height: 2 * r))
            guard !track.label.isEmpty else { continue }
            let width = canvas.textWidth(track.label, family: theme.fontFamily, size: labelSize, bold: true) + halo
            labels.append(TrackLabelLayout.Label(key: track.sample, anchorX: p.x, anchorY: p.y, width: width,
                                                 height: labelSize * (Self.ascent + Self.descent) + halo))
        }
        return labelLayout.place(labels, in: labelArea, obstacles: rings, previous: previous)
    }

    /// Draws trails, rings and the placed labels.
    func draw(_ tracks: [TrackFrame], labels: TrackLabelLayout.Result, colours: (Int) -> RGBColour, on canvas: Canvas) {
        let panel = mapping.rect
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
                // Trails fade from 85 % opaque at the point to nothing at their oldest end and
                // thin to half width, so direction of motion reads at a glance.
                let alpha = 0.85 * (1 - min(max(age, 0), 1))
                guard alpha > 0.01 else { continue }
                canvas.line(from: a, to: b, colour: colour, width: lineWidth * (0.5 + 0.5 * (1 - age)), alpha: alpha)
            }
        }
        // Leader lines under the rings and labels.
        let byKey = Dictionary(tracks.map { ($0.sample, $0) }, uniquingKeysWith: { a, _ in a })
        for placement in labels.placements where placement.needsLeader {
            guard let position = byKey[placement.key]?.position else { continue }
            let p = mapping.point(position)
            let box = placement.box
            // From the ring's edge towards the nearest point of the box.
            let qx = min(max(p.x, box.x), box.maxX), qy = min(max(p.y, box.y), box.maxY)
            let dx = qx - p.x, dy = qy - p.y, d = (dx * dx + dy * dy).squareRoot()
            guard d > ringRadius else { continue }
            let start = (p.x + dx / d * ringRadius, p.y + dy / d * ringRadius)
            canvas.line(from: start, to: (qx, qy), colour: theme.secondaryText, width: max(1.5 * scale, 1), alpha: 0.9)
        }
        cairo_set_line_cap(canvas.cr, CAIRO_LINE_CAP_BUTT)
        for track in tracks {
            guard let position = track.position else { continue }
            let p = mapping.point(position)
            guard p.x.isFinite, p.y.isFinite else { continue }
            // A background-coloured ring under the class-coloured one separates it from points.
            canvas.ring(x: p.x, y: p.y, radius: ringRadius, colour: theme.panelBackground, width: lineWidth + 3 * scale)
            canvas.ring(x: p.x, y: p.y, radius: ringRadius, colour: colours(track.classIndex), width: lineWidth)
        }
        canvas.restore()
        for placement in labels.placements {
            guard let track = byKey[placement.key] else { continue }
            let box = placement.box
            canvas.drawText(track.label, x: box.x + halo / 2, centreY: box.y + halo / 2 + labelSize * (Self.ascent - Canvas.capHeight / 2),
                            family: theme.fontFamily, size: labelSize, colour: theme.text, bold: true,
                            halo: theme.panelBackground, haloWidth: halo)
        }
    }
}
