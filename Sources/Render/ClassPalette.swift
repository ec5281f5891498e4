import Foundation

/// How classes get their colours.
public enum ClassPalette: String, Sendable, CaseIterable {
    /// Petroff's 10-colour sequence (M. A. Petroff, "Accessible Color Sequences for Data
    /// Visualization", arXiv:2107.02270, 2021; matplotlib's `petroff10` style), chosen by
    /// optimisation to stay distinguishable under the common colour-vision deficiencies.
    /// Classes beyond 10 continue with `generated` colours.
    case colourBlindSafe = "cb-safe"
    /// NeuroMapper's map colours (poloclub/NeuroMapper, `src/js/constant.js`): `hsl(⌊25.5·i⌋,
    /// 100 %, 50 %)` for class i, the ten hues it gives ScatterGL. Beyond 10: `generated`.
    case neuroMapper = "neuromapper"
    /// Deterministic distinct colours for any count: golden-angle hues in OKLCH with three
    /// alternating lightness levels (see `generatedColour(_:)`).
    case generated = "generated"

    /// Colours for classes `0..<count`.
    public func colours(count: Int) -> [RGBColour] {
        (0..<max(count, 0)).map(colour)
    }

    /// The colour of class `index`.
    public func colour(_ index: Int) -> RGBColour {
        switch self {
        case .colourBlindSafe where index < Self.petroff10.count:
            return RGBColour(hex: Self.petroff10[index])
        case .neuroMapper where index < 10:
            return RGBColour(hue: (255.0 / 10 * Double(index)).rounded(.down), saturation: 1, lightness: 0.5)
        default:
            return Self.generatedColour(index)
        }
    }

    static let petroff10: [UInt32] = [0x3f90da, 0xffa90e, 0xbd1f01, 0x94a4a2, 0x832db6,
                                      0xa96b59, 0xe76300, 0xb9ac70, 0x717581, 0x92dadd]

    /// Colour `index` of an unbounded deterministic sequence: hue = 27° + index·137.508°
    /// (golden angle, so consecutive colours are far apart), lightness cycling 0.70, 0.55, 0.82
    /// (OKLab L), chroma 0.14 reduced until the colour fits in sRGB.
    public static func generatedColour(_ index: Int) -> RGBColour {
        let hue = (27 + Double(index) * 137.50776405).truncatingRemainder(dividingBy: 360) * .pi / 180
        let lightness = [0.70, 0.55, 0.82][index % 3]
        var chroma = 0.14
        while true {
            let a = chroma * cos(hue), b = chroma * sin(hue)
            if let c = oklabToSRGB(l: lightness, a: a, b: b) { return c }
            chroma -= 0.005
            if chroma <= 0 { return oklabToSRGB(l: lightness, a: 0, b: 0) ?? RGBColour(red: 0.5, green: 0.5, blue: 0.5) }
        }
    }

    /// OKLab → sRGB (B. Ottosson, "A perceptual color space for image processing", 2020);
    /// nil when outside the sRGB gamut.
    static func oklabToSRGB(l: Double, a: Double, b: Double) -> RGBColour? {
        let l_ = l + 0.3963377774 * a + 0.2158037573 * b
        let m_ = l - 0.1055613458 * a - 0.0638541728 * b
        let s_ = l - 0.0894841775 * a - 1.2914855480 * b
        let (L, M, S) = (l_ * l_ * l_, m_ * m_ * m_, s_ * s_ * s_)
        let r = 4.0767416621 * L - 3.3077115913 * M + 0.2309699292 * S
        let g = -1.2684380046 * L + 2.6097574011 * M - 0.3413193965 * S
        let bl = -0.0041960863 * L - 0.7034186147 * M + 1.7076147010 * S
        let eps = 1e-9
        guard (-eps...1 + eps).contains(r), (-eps...1 + eps).contains(g), (-eps...1 + eps).contains(bl) else { return nil }
        func gamma(_ x: Double) -> Double {
            let x = min(max(x, 0), 1)
            return x <= 0.0031308 ? 12.92 * x : 1.055 * pow(x, 1 / 2.4) - 0.055
        }
        return RGBColour(red: gamma(r), green: gamma(g), blue: gamma(bl))
    }
}
