import Foundation

/// An opaque sRGB colour with components in 0…1.
public struct RGBColour: Sendable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// From `0xRRGGBB`.
    public init(hex: UInt32) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
                  blue: Double(hex & 0xFF) / 255)
    }

    /// From HSL (hue in degrees, saturation and lightness in 0…1), the CSS `hsl()` formula.
    public init(hue: Double, saturation: Double, lightness: Double) {
        let c = (1 - abs(2 * lightness - 1)) * saturation
        let h = (hue.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360) / 60
        let x = c * (1 - abs(h.truncatingRemainder(dividingBy: 2) - 1))
        let (r, g, b): (Double, Double, Double)
        switch h {
        case ..<1: (r, g, b) = (c, x, 0)
        case ..<2: (r, g, b) = (x, c, 0)
        case ..<3: (r, g, b) = (0, c, x)
        case ..<4: (r, g, b) = (0, x, c)
        case ..<5: (r, g, b) = (x, 0, c)
        default: (r, g, b) = (c, 0, x)
        }
        let m = lightness - c / 2
        self.init(red: r + m, green: g + m, blue: b + m)
    }

    /// This colour drawn with `coverage` (0…1) over `background`, as the renderer composites it
    /// (sRGB-space OVER, like Cairo).
    public func blended(over background: RGBColour, coverage: Double) -> RGBColour {
        let a = min(max(coverage, 0), 1)
        return RGBColour(red: red * a + background.red * (1 - a),
                         green: green * a + background.green * (1 - a),
                         blue: blue * a + background.blue * (1 - a))
    }

    /// The 8-bit value of each channel, rounded.
    public var rgb8: RGB8 {
        func q(_ v: Double) -> UInt8 { UInt8((min(max(v, 0), 1) * 255).rounded()) }
        return RGB8(red: q(red), green: q(green), blue: q(blue))
    }

    /// Cairo ARGB32 pixel value (native-endian 0xAARRGGBB), fully opaque.
    var argb32: UInt32 {
        let c = rgb8
        return 0xFF00_0000 | UInt32(c.red) << 16 | UInt32(c.green) << 8 | UInt32(c.blue)
    }

    /// Relative luminance (WCAG 2 formula), for picking contrasting text.
    public var luminance: Double {
        func lin(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * lin(red) + 0.7152 * lin(green) + 0.0722 * lin(blue)
    }

    /// `#rrggbb`.
    public var hexString: String {
        let c = rgb8
        return String(format: "#%02x%02x%02x", c.red, c.green, c.blue)
    }
}

/// An 8-bit sRGB triple (what ends up in pixels and GIF palettes).
public struct RGB8: Sendable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }
}
