/// An opaque 8-bit sRGB colour, as the theme defines it and as it appears in frames.
public struct RGB: Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// From 0xRRGGBB.
    public init(hex: UInt32) {
        self.init(UInt8(truncatingIfNeeded: hex >> 16), UInt8(truncatingIfNeeded: hex >> 8), UInt8(truncatingIfNeeded: hex))
    }

    /// 0xRRGGBB.
    public var hex: UInt32 { UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b) }

    public var description: String {
        let digits = String(hex, radix: 16)
        return "#" + String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// `self` drawn over `background` with opacity `alpha` (0...1), rounded to the nearest level:
    /// out = alpha * self + (1 - alpha) * background, per channel, the colour Cairo's OVER gives
    /// for an opaque background. Themes use this to list the blends they want kept exact.
    public func blended(over background: RGB, alpha: Double) -> RGB {
        func mix(_ f: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((alpha * Double(f) + (1 - alpha) * Double(b)).rounded().clamped(0, 255))
        }
        return RGB(mix(r, background.r), mix(g, background.g), mix(b, background.b))
    }
}

extension Double {
    func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}
