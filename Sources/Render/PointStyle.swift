import Foundation

/// Size and opacity of the sample discs.
public struct PointStyle: Sendable, Equatable {
    /// Disc radius in reference pixels (1080p frame / 1600-wide strip); nil derives it from the
    /// number of points and the panel size (`automaticRadius`).
    public var radius: Double?
    /// Opacity 0…1; nil derives it from the number of points (`automaticOpacity`).
    public var opacity: Double?

    public init(radius: Double? = nil, opacity: Double? = nil) {
        self.radius = radius
        self.opacity = opacity
    }

    /// Radius in device pixels so that the discs together would cover about 22 % of the panel
    /// (r = √(0.22·A / (π·n))), clamped to 1.2…5 reference px and scaled; never below 0.8
    /// device px (thinner discs shimmer when they move).
    public static func automaticRadius(pointCount n: Int, panelWidth: Double, panelHeight: Double, scale: Double) -> Double {
        let area = max(panelWidth * panelHeight, 1) / (scale * scale)
        let r = (0.22 * area / (Double.pi * Double(max(n, 1)))).squareRoot()
        return max(min(max(r, 1.2), 5) * scale, 0.8)
    }

    /// 0.9 up to 1,000 points, falling by 0.15 per decade beyond, never below 0.35: dense clouds
    /// stay readable as density instead of saturating to a solid blob.
    public static func automaticOpacity(pointCount n: Int) -> Double {
        let decades = max(log10(Double(max(n, 1)) / 1000), 0)
        return min(max(0.9 - 0.15 * decades, 0.35), 1)
    }

    /// The radius used for a panel, in device pixels.
    public func resolvedRadius(pointCount: Int, panel: Rect, scale: Double) -> Double {
        if let radius { return max(radius * scale, 0.5) }
        return Self.automaticRadius(pointCount: pointCount, panelWidth: panel.width, panelHeight: panel.height, scale: scale)
    }

    /// The opacity used.
    public func resolvedOpacity(pointCount: Int) -> Double {
        min(max(opacity ?? Self.automaticOpacity(pointCount: pointCount), 0), 1)
    }
}
