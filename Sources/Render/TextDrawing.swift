import CCairo

/// Horizontal anchoring of a text run.
enum TextAlignment {
    case left, centre, right
}

/// Text on a canvas with the Cairo toy font API (fontconfig resolves the family; DejaVu Sans).
extension Canvas {
    /// Cap height of DejaVu Sans as a fraction of the em size: used to centre text vertically on
    /// its capitals, which is what looks centred for labels.
    static let capHeight = 0.729

    func selectFont(family: String, size: Double, bold: Bool = false) {
        cairo_select_font_face(cr, family, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    /// Advance width of `text` in the current font.
    func advance(_ text: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }

    /// Width of `text` at a font size.
    func textWidth(_ text: String, family: String, size: Double, bold: Bool = false) -> Double {
        selectFont(family: family, size: size, bold: bold)
        return advance(text)
    }

    /// The largest size ≤ `size` (down to 75 % of it) at which `text` fits `maxWidth`, and the
    /// text, shortened with an ellipsis if even that size is too wide.
    func fit(_ text: String, family: String, size: Double, bold: Bool, maxWidth: Double) -> (String, Double) {
        let width = textWidth(text, family: family, size: size, bold: bold)
        guard width > maxWidth, maxWidth > 0 else { return (text, size) }
        let shrunk = size * max(maxWidth / width, 0.75)
        if textWidth(text, family: family, size: shrunk, bold: bold) <= maxWidth { return (text, shrunk) }
        var characters = Array(text)
        while !characters.isEmpty {
            characters.removeLast()
            let candidate = String(characters) + "…"
            if textWidth(candidate, family: family, size: shrunk, bold: bold) <= maxWidth { return (candidate, shrunk) }
        }
        return ("", shrunk)
    }

    /// Draws `text` with its capitals centred on `centreY`, anchored at `x`.
    func drawText(_ text: String, x: Double, centreY: Double, family: String, size: Double, colour: RGBColour,
                  bold: Bool = false, alignment: TextAlignment = .left, halo: RGBColour? = nil, haloWidth: Double = 0) {
        selectFont(family: family, size: size, bold: bold)
        let width = advance(text)
        let left: Double
        switch alignment {
        case .left: left = x
        case .centre: left = x - width / 2
        case .right: left = x - width
        }
        let baseline = centreY + size * Self.capHeight / 2
        cairo_move_to(cr, left, baseline)
        if let halo, haloWidth > 0 {
            cairo_text_path(cr, text)
            setColour(halo)
            cairo_set_line_width(cr, haloWidth)
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
            cairo_stroke_preserve(cr)
            setColour(colour)
            cairo_fill(cr)
        } else {
            setColour(colour)
            cairo_show_text(cr, text)
        }
    }

    /// Draws `text` rotated 90° anticlockwise (reading bottom to top), centred on (cx, cy).
    func drawVerticalText(_ text: String, centreX: Double, centreY: Double, family: String, size: Double,
                          colour: RGBColour, bold: Bool = false) {
        cairo_save(cr)
        cairo_translate(cr, centreX, centreY)
        cairo_rotate(cr, -.pi / 2)
        drawText(text, x: 0, centreY: 0, family: family, size: size, colour: colour, bold: bold, alignment: .centre)
        cairo_restore(cr)
    }
}
