/// Every colour, font and size the renderer uses. Drawing code reads these and nothing else.
///
/// Sizes are in reference pixels: pixels of a 1920×1080 frame (or of a 1600-wide strip figure);
/// the renderer multiplies them by the output's scale, so every output size looks the same.
public struct Theme: Sendable, Equatable {
    public var name: String
    /// Frame / figure background.
    public var background: RGBColour
    /// Fill behind the points of a panel (equal to `background` for no panel fill).
    public var panelBackground: RGBColour
    /// Panel outline, nil for none.
    public var panelBorder: RGBColour?
    /// Titles, epoch label, headers.
    public var text: RGBColour
    /// Legend, axis labels and other secondary text.
    public var secondaryText: RGBColour
    /// Axis lines, grid lines and the progress bar track.
    public var gridLine: RGBColour
    /// Progress bar fill and metric playhead.
    public var accent: RGBColour
    /// Colour of points drawn as context (classes outside the filter), and of the legend's
    /// "other" swatch. The built-in themes pick a grey at least 10 CIEDE2000 units from every
    /// class colour of every palette, both as the swatch shows it and as drawn on the panel
    /// (at `contextOpacity`); Petroff's palette has two greys of its own (#94a4a2, #717581),
    /// so the context grey sits lighter than both on light pages and darker on dark ones.
    public var contextPoint: RGBColour
    /// Opacity of context points relative to the point opacity.
    public var contextOpacity: Double
    /// Metric series colours (train/val curves), in order.
    public var seriesColours: [RGBColour]
    /// Font family (Cairo toy API: fontconfig picks the file).
    public var fontFamily: String
    public var sizes: ThemeSizes
    /// Whether the frame shows the progress bar by default.
    public var showsProgressBar: Bool

    public init(name: String, background: RGBColour, panelBackground: RGBColour, panelBorder: RGBColour?,
                text: RGBColour, secondaryText: RGBColour, gridLine: RGBColour, accent: RGBColour,
                contextPoint: RGBColour, contextOpacity: Double, seriesColours: [RGBColour],
                fontFamily: String = "DejaVu Sans", sizes: ThemeSizes = ThemeSizes(), showsProgressBar: Bool = true) {
        self.name = name
        self.background = background
        self.panelBackground = panelBackground
        self.panelBorder = panelBorder
        self.text = text
        self.secondaryText = secondaryText
        self.gridLine = gridLine
        self.accent = accent
        self.contextPoint = contextPoint
        self.contextOpacity = contextOpacity
        self.seriesColours = seriesColours
        self.fontFamily = fontFamily
        self.sizes = sizes
        self.showsProgressBar = showsProgressBar
    }

    /// Light grey page, white panels with a hairline: the default for videos.
    public static let light = Theme(
        name: "light",
        background: RGBColour(hex: 0xF4F5F7), panelBackground: RGBColour(hex: 0xFFFFFF),
        panelBorder: RGBColour(hex: 0xD5D8DD),
        text: RGBColour(hex: 0x1D2330), secondaryText: RGBColour(hex: 0x4A5263),
        gridLine: RGBColour(hex: 0xC9CDD4), accent: RGBColour(hex: 0x2E6BD6),
        contextPoint: RGBColour(hex: 0xC4C8D0), contextOpacity: 0.65,
        seriesColours: [RGBColour(hex: 0x2E6BD6), RGBColour(hex: 0xE0701E), RGBColour(hex: 0x3A9A5B),
                        RGBColour(hex: 0x9B4DCA)])

    /// Near-black page for dark rooms and slides.
    public static let dark = Theme(
        name: "dark",
        background: RGBColour(hex: 0x111318), panelBackground: RGBColour(hex: 0x1B1E25),
        panelBorder: RGBColour(hex: 0x2C313B),
        text: RGBColour(hex: 0xECEEF2), secondaryText: RGBColour(hex: 0xAEB4BF),
        gridLine: RGBColour(hex: 0x3A404C), accent: RGBColour(hex: 0x6EA8FF),
        contextPoint: RGBColour(hex: 0x4C535F), contextOpacity: 0.65,
        seriesColours: [RGBColour(hex: 0x6EA8FF), RGBColour(hex: 0xFFA552), RGBColour(hex: 0x6BD68F),
                        RGBColour(hex: 0xC792EA)])

    /// White, no panel fill, hairline frames only: for figures in papers.
    public static let paper = Theme(
        name: "paper",
        background: RGBColour(hex: 0xFFFFFF), panelBackground: RGBColour(hex: 0xFFFFFF),
        panelBorder: RGBColour(hex: 0xBBBBBB),
        text: RGBColour(hex: 0x000000), secondaryText: RGBColour(hex: 0x333333),
        gridLine: RGBColour(hex: 0xCCCCCC), accent: RGBColour(hex: 0x000000),
        contextPoint: RGBColour(hex: 0xC6C6C6), contextOpacity: 0.6,
        seriesColours: [RGBColour(hex: 0x000000), RGBColour(hex: 0x777777), RGBColour(hex: 0x0072B2),
                        RGBColour(hex: 0xD55E00)],
        showsProgressBar: false)

    /// All built-in themes.
    public static let builtIn: [Theme] = [.light, .dark, .paper]

    /// The built-in theme with this name (`light`, `dark`, `paper`).
    public static func named(_ name: String) -> Theme? {
        builtIn.first { $0.name == name.lowercased() }
    }
}

/// Font sizes and line widths in reference pixels (see `Theme`). At 1080p the smallest text
/// (`tick`) is 22 px (em size), so every label is at least 18 px tall there.
public struct ThemeSizes: Sendable, Equatable {
    public var title: Double = 38
    public var epoch: Double = 58
    public var header: Double = 30
    public var legend: Double = 26
    public var tick: Double = 22
    public var trackLabel: Double = 24
    /// Outer margin.
    public var margin: Double = 28
    /// Gap between panels.
    public var gap: Double = 18
    /// Panel outline width.
    public var border: Double = 1.5
    /// Metric curve width.
    public var seriesLine: Double = 3
    /// Highlight ring and trail width.
    public var trackLine: Double = 3
    /// Progress bar thickness.
    public var progress: Double = 8

    public init() {}

    /// The smallest font size.
    public var smallestFont: Double { min(title, epoch, header, legend, tick, trackLabel) }
}
