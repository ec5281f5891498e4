/// The 256 colours of a GIF: the theme's key colours first, exactly, then a regular RGB lattice
/// (and a grey ramp in any slots left) so that colours the theme did not list can be dithered.
public struct GIFPalette: Sendable, Equatable {
    /// Exactly 256 entries.
    public let colors: [RGB]
    /// How many leading entries are key colours (distinct, in the order given).
    public let keyCount: Int
    /// Levels per channel of the filler lattice (red, green, blue); zeros when keys fill the palette.
    public let latticeLevels: (r: Int, g: Int, b: Int)

    public static func == (a: GIFPalette, b: GIFPalette) -> Bool { a.colors == b.colors && a.keyCount == b.keyCount }

    /// The most key colours a caller should pass: 248 keeps a 2 x 2 x 2 lattice for dithering
    /// the colours that are not keys.
    public static let maxKeyColors = 248

    /// Builds the palette. Duplicate keys are merged; more than 256 distinct keys is an error.
    public init(keyColors: [RGB]) throws {
        var seen = Set<RGB>()
        let keys = keyColors.filter { seen.insert($0).inserted }
        guard keys.count <= 256 else { throw EncodeError.tooManyKeyColors(count: keys.count) }
        var colors = keys
        let free = 256 - keys.count
        let levels = Self.latticeLevels(fitting: free)
        if levels.r > 0 {
            for r in 0..<levels.r {
                for g in 0..<levels.g {
                    for b in 0..<levels.b {
                        colors.append(RGB(Self.level(r, of: levels.r), Self.level(g, of: levels.g), Self.level(b, of: levels.b)))
                    }
                }
            }
        }
        // Slots the lattice leaves: a grey ramp, which anti-aliased text and axes use most.
        let greys = 256 - colors.count
        for i in 0..<greys {
            let v = greys == 1 ? 128 : (i * 255 + (greys - 1) / 2) / (greys - 1)
            colors.append(RGB(UInt8(v), UInt8(v), UInt8(v)))
        }
        self.colors = colors
        keyCount = keys.count
        latticeLevels = levels
    }

    /// Evenly spaced channel value `i` of `n` levels over 0...255.
    private static func level(_ i: Int, of n: Int) -> UInt8 { UInt8((i * 255 + (n - 1) / 2) / (n - 1)) }

    /// The largest lattice r x g x b <= `free` with at least 2 levels per channel, giving green the
    /// most levels and blue the fewest (the eye's sensitivity order); (0, 0, 0) if `free` < 8.
    static func latticeLevels(fitting free: Int) -> (r: Int, g: Int, b: Int) {
        var best = (r: 0, g: 0, b: 0)
        var bestProduct = 0
        var bestSpread = Int.max
        for g in 2...8 {
            for r in 2...g {
                for b in 2...r {
                    let product = r * g * b
                    guard product <= free else { continue }
                    let spread = g - b
                    if product > bestProduct || (product == bestProduct && spread < bestSpread) {
                        best = (r, g, b)
                        bestProduct = product
                        bestSpread = spread
                    }
                }
            }
        }
        return best
    }
}
