import Foundation

/// A colour in CIELAB (CIE 1976 L*a*b*), D65 white.
public struct LabColour: Sendable, Equatable {
    public var l: Double
    public var a: Double
    public var b: Double

    public init(l: Double, a: Double, b: Double) {
        self.l = l
        self.a = a
        self.b = b
    }

    /// sRGB (IEC 61966-2-1) → linear RGB → XYZ (sRGB primaries, D65) → CIELAB (CIE 15:2004),
    /// with the D65 white X = 0.95047, Y = 1, Z = 1.08883.
    public init(_ c: RGBColour) {
        func linear(_ v: Double) -> Double { v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
        let r = linear(c.red), g = linear(c.green), bl = linear(c.blue)
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * bl) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * bl
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * bl) / 1.08883
        // f(t) = t^(1/3) above (6/29)^3, else the linear segment t / (3 (6/29)^2) + 4/29.
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        let fx = f(x), fy = f(y), fz = f(z)
        self.init(l: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz))
    }
}

/// Perceptual colour difference.
public enum ColourDifference {
    /// CIEDE2000 colour difference ΔE00 with kL = kC = kH = 1, computed in the three steps of
    /// G. Sharma, W. Wu, E. N. Dalal, "The CIEDE2000 Color-Difference Formula: Implementation
    /// Notes, Supplementary Test Data, and Mathematical Observations", Color Research and
    /// Application 30(1), 21–30, 2005 — including their notes on hue angles of achromatic
    /// colours (h' = 0 when a' = b' = 0) and on the mean hue when |h1' − h2'| > 180°.
    ///
    /// About 1 is a just-noticeable difference; two point colours 10 apart are told apart at a
    /// glance.
    public static func ciede2000(_ x: LabColour, _ y: LabColour) -> Double {
        let degrees = 180 / Double.pi
        // Step 1: C' and h'. a' stretches a* for near-neutral colours, G from the mean chroma.
        let cMean = (hypot(x.a, x.b) + hypot(y.a, y.b)) / 2
        let c7 = pow(cMean, 7)
        let g = 0.5 * (1 - sqrt(c7 / (c7 + pow(25, 7))))
        let a1 = (1 + g) * x.a, a2 = (1 + g) * y.a
        let c1 = hypot(a1, x.b), c2 = hypot(a2, y.b)
        func hue(_ a: Double, _ b: Double) -> Double {
            if a == 0 && b == 0 { return 0 }
            let h = atan2(b, a) * degrees
            return h < 0 ? h + 360 : h
        }
        let h1 = hue(a1, x.b), h2 = hue(a2, y.b)

        // Step 2: differences in lightness, chroma and hue.
        let dL = y.l - x.l
        let dC = c2 - c1
        var dh = 0.0
        if c1 * c2 != 0 {
            dh = h2 - h1
            if dh > 180 { dh -= 360 } else if dh < -180 { dh += 360 }
        }
        let dH = 2 * sqrt(c1 * c2) * sin(dh / 2 / degrees)

        // Step 3: ΔE00 from the means, with the mean hue taken the short way round the circle.
        let lMean = (x.l + y.l) / 2
        let cMeanPrime = (c1 + c2) / 2
        var hMean = h1 + h2
        if c1 * c2 != 0 {
            if abs(h1 - h2) <= 180 { hMean = (h1 + h2) / 2 } else if h1 + h2 < 360 { hMean = (h1 + h2 + 360) / 2 } else { hMean = (h1 + h2 - 360) / 2 }
        }

        // Weighting functions and the rotation term for blue.
        let t = 1 - 0.17 * cos((hMean - 30) / degrees) + 0.24 * cos(2 * hMean / degrees)
            + 0.32 * cos((3 * hMean + 6) / degrees) - 0.20 * cos((4 * hMean - 63) / degrees)
        let dTheta = 30 * exp(-pow((hMean - 275) / 25, 2))
        let cm7 = pow(cMeanPrime, 7)
        let rC = 2 * sqrt(cm7 / (cm7 + pow(25, 7)))
        let l50 = (lMean - 50) * (lMean - 50)
        let sL = 1 + 0.015 * l50 / sqrt(20 + l50)
        let sC = 1 + 0.045 * cMeanPrime
        let sH = 1 + 0.015 * cMeanPrime * t
        let rT = -sin(2 * dTheta / degrees) * rC

        let l = dL / sL, c = dC / sC, h = dH / sH
        return sqrt(l * l + c * c + h * h + rT * c * h)
    }

    /// ΔE00 between two sRGB colours.
    public static func ciede2000(_ x: RGBColour, _ y: RGBColour) -> Double {
        ciede2000(LabColour(x), LabColour(y))
    }
}
