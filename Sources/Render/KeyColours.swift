extension RenderSettings {
    /// Coverage levels at which point colours are blended with the backgrounds for
    /// `keyColours`: the edge pixels of anti-aliased discs and translucent points.
    public static let keyCoverageLevels: [Double] = [0.2, 0.4, 0.6, 0.8]

    /// The colours frames are made of, for building an exact GIF palette: the backgrounds, the
    /// class colours of `classCount` classes, the context grey, the text and chrome colours, and
    /// every class / context / text colour blended over the frame and panel backgrounds at
    /// `keyCoverageLevels` and at the point opacity. Deduplicated, in a stable order (the most
    /// important first: backgrounds, classes, text).
    public func keyColours(classCount: Int, pointOpacity: Double? = nil) -> [RGB8] {
        let t = theme
        var ordered: [RGBColour] = [t.background, t.panelBackground]
        let classes = palette.colours(count: classCount)
        ordered += classes
        ordered += [t.contextPoint, t.text, t.secondaryText, t.gridLine, t.accent]
        if let border = t.panelBorder { ordered.append(border) }
        ordered += t.seriesColours
        var levels = Self.keyCoverageLevels
        if let pointOpacity, pointOpacity > 0, pointOpacity < 1 {
            levels += [pointOpacity, pointOpacity * 0.5]
        }
        levels += [t.contextOpacity * (pointOpacity ?? 1)]
        for background in [t.panelBackground, t.background] {
            for colour in classes + [t.contextPoint, t.text, t.secondaryText, t.accent] {
                for level in levels { ordered.append(colour.blended(over: background, coverage: level)) }
            }
        }
        var seen = Set<RGB8>()
        return ordered.map(\.rgb8).filter { seen.insert($0).inserted }
    }
}
