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
    /// Deterministic distinct colours for any count: greedy farthest-point picks in OKLab from a
    /// fixed grid of mid-lightness, clearly chromatic colours (see `generatedColours`).
    case generated = "generated"

    /// Colours for classes `0..<count`: the named palette's own colours first, then generated
    /// ones chosen to be far from those and from each other.
    public func colours(count: Int) -> [RGBColour] {
        let own: [RGBColour]
        switch self {
        case .colourBlindSafe: own = Self.petroff10.map { RGBColour(hex: $0) }
        case .neuroMapper: own = (0..<10).map { RGBColour(hue: (255.0 / 10 * Double($0)).rounded(.down), saturation: 1, lightness: 0.5) }
        case .generated: own = []
        }
        let n = max(count, 0)
        if n <= own.count { return Array(own.prefix(n)) }
        // Beyond a few hundred classes no eye tells new colours apart: choose at most 256 and
        // repeat them, so a million classes cost linear time (each choice scans every candidate).
        let distinct = own + Self.generatedColours(min(n - own.count, 256), avoiding: own)
        return n <= distinct.count ? Array(distinct.prefix(n)) : (0 ..< n).map { distinct[$0 % distinct.count] }
    }

    /// The colour of class `index`.
    public func colour(_ index: Int) -> RGBColour {
        colours(count: index + 1)[index]
    }

    static let petroff10: [UInt32] = [0x3f90da, 0xffa90e, 0xbd1f01, 0x94a4a2, 0x832db6,
                                      0xa96b59, 0xe76300, 0xb9ac70, 0x717581, 0x92dadd]

    /// `count` colours, each the candidate farthest (Euclidean OKLab distance, B. Ottosson 2020)
    /// from everything chosen so far and from `avoiding`. Candidates: OKLCH lightness 0.45…0.85,
    /// chroma 0.08…0.17, hue every 10°, inside sRGB; ties go to the first in grid order, so the
    /// sequence is fixed. The first pick (nothing to avoid) is the candidate nearest to #3f90da.
    public static func generatedColours(_ count: Int, avoiding: [RGBColour] = []) -> [RGBColour] {
        guard count > 0 else { return [] }
        var candidates: [(lab: SIMD3<Double>, rgb: RGBColour)] = []
        for li in 0...8 {
            for ci in 0...3 {
                for hi in 0..<36 {
                    let l = 0.45 + 0.05 * Double(li), c = 0.08 + 0.03 * Double(ci), h = Double(hi) * 10 * .pi / 180
                    let lab = SIMD3(l, c * cos(h), c * sin(h))
                    if let rgb = oklabToSRGB(l: lab.x, a: lab.y, b: lab.z) { candidates.append((lab, rgb)) }
                }
            }
        }
        var nearest = [Double](repeating: .infinity, count: candidates.count)
        func include(_ lab: SIMD3<Double>) {
            for k in candidates.indices {
                let d = candidates[k].lab - lab
                nearest[k] = min(nearest[k], (d * d).sum())
            }
        }
        var chosen: [RGBColour] = []
        if avoiding.isEmpty {
            let start = srgbToOKLab(RGBColour(hex: 0x3f90da))
            var first = 0
            for k in candidates.indices {
                let d = candidates[k].lab - start, e = candidates[first].lab - start
                if (d * d).sum() < (e * e).sum() { first = k }
            }
            chosen.append(candidates[first].rgb)
            include(candidates[first].lab)
        } else {
            avoiding.forEach { include(srgbToOKLab($0)) }
        }
        while chosen.count < count {
            var best = 0
            for k in candidates.indices where nearest[k] > nearest[best] { best = k }
            chosen.append(candidates[best].rgb)
            include(candidates[best].lab)
        }
        return chosen
    }

    /// sRGB → OKLab (inverse of `oklabToSRGB`).
    static func srgbToOKLab(_ c: RGBColour) -> SIMD3<Double> {
        func lin(_ x: Double) -> Double { x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4) }
        let r = lin(c.red), g = lin(c.green), b = lin(c.blue)
        let l = cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b)
        let m = cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b)
        let s = cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b)
        return SIMD3(0.2104542553 * l + 0.7936177850 * m - 0.0040720876 * s,
                     1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
                     0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s)
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
