import XCTest
@testable import Render

/// CIEDE2000 against its published test data, and the context grey kept apart from the classes.
final class ColourDifferenceTests: XCTestCase {
    /// Table 1 of Sharma, Wu & Dalal (2005): 34 pairs (L1, a1, b1, L2, a2, b2, ΔE00).
    static let sharmaPairs: [(LabColour, LabColour, Double)] = [
        (50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425),
        (50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615),
        (50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412),
        (50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000),
        (50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000),
        (50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000),
        (50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669),
        (50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669),
        (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792),
        (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792),
        (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195),
        (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195),
        (50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045),
        (50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045),
        (50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461),
        (50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065),
        (50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492),
        (50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977),
        (50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030),
        (50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535),
        (50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000),
        (50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000),
        (50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000),
        (50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000),
        (60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644),
        (63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630),
        (61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731),
        (35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645),
        (22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373),
        (36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146),
        (90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441),
        (90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381),
        (6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377),
        (2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082),
    ].map { (LabColour(l: $0.0, a: $0.1, b: $0.2), LabColour(l: $0.3, a: $0.4, b: $0.5), $0.6) }

    func testCIEDE2000MatchesEveryPublishedPairToFourDecimals() {
        XCTAssertEqual(Self.sharmaPairs.count, 34)
        for (k, (x, y, expected)) in Self.sharmaPairs.enumerated() {
            // The table rounds to 4 decimals; half a unit of the last place is the tolerance.
            XCTAssertEqual(ColourDifference.ciede2000(x, y), expected, accuracy: 0.00005, "pair \(k + 1)")
        }
    }

    func testCIEDE2000IsSymmetricAndZeroForEqualColours() {
        for (x, y, _) in Self.sharmaPairs {
            XCTAssertEqual(ColourDifference.ciede2000(x, y), ColourDifference.ciede2000(y, x), accuracy: 1e-9)
        }
        XCTAssertEqual(ColourDifference.ciede2000(LabColour(l: 40, a: 12, b: -30), LabColour(l: 40, a: 12, b: -30)), 0)
    }

    func testSRGBToLabHitsTheReferenceWhitePointAndPrimaries() {
        let white = LabColour(RGBColour(hex: 0xFFFFFF))
        XCTAssertEqual(white.l, 100, accuracy: 0.01)
        XCTAssertEqual(white.a, 0, accuracy: 0.01)
        XCTAssertEqual(white.b, 0, accuracy: 0.01)
        // sRGB red in CIELAB D65 is (53.24, 80.09, 67.20).
        let red = LabColour(RGBColour(hex: 0xFF0000))
        XCTAssertEqual(red.l, 53.24, accuracy: 0.02)
        XCTAssertEqual(red.a, 80.09, accuracy: 0.05)
        XCTAssertEqual(red.b, 67.20, accuracy: 0.05)
        let grey = LabColour(RGBColour(hex: 0x777777))
        XCTAssertEqual(grey.a, 0, accuracy: 0.01)
        XCTAssertEqual(grey.b, 0, accuracy: 0.01)
    }

    /// The context grey (legend swatch and points drawn as context) is at least 10 ΔE00 from
    /// every class colour, for every palette, theme and class count up to 30.
    func testContextGreyIsDistinctFromEveryClassColourInEveryPaletteAndTheme() {
        let minimum = 10.0
        for theme in Theme.builtIn {
            let swatch = theme.contextPoint
            let drawn = theme.contextPoint.blended(over: theme.panelBackground, coverage: theme.contextOpacity)
            for palette in ClassPalette.allCases {
                for (i, colour) in palette.colours(count: 30).enumerated() {
                    let a = ColourDifference.ciede2000(swatch, colour), b = ColourDifference.ciede2000(drawn, colour)
                    XCTAssertGreaterThanOrEqual(a, minimum, "\(theme.name) \(palette.rawValue) class \(i) \(colour.hexString): swatch \(swatch.hexString)")
                    XCTAssertGreaterThanOrEqual(b, minimum, "\(theme.name) \(palette.rawValue) class \(i) \(colour.hexString): drawn \(drawn.hexString)")
                }
            }
        }
    }

    func testTheStandardPaletteHasTwoGreysThatTheContextGreyAvoids() {
        let greys = ClassPalette.colourBlindSafe.colours(count: 10).filter { c in
            let lab = LabColour(c)
            return (lab.a * lab.a + lab.b * lab.b).squareRoot() < 10
        }
        XCTAssertEqual(greys.map(\.hexString), ["#94a4a2", "#717581"])
    }

    /// Context points must still be seen: the drawn grey stays at least 5 ΔE00 off the panel.
    func testContextPointsRemainVisibleOnTheirPanel() {
        for theme in Theme.builtIn {
            let drawn = theme.contextPoint.blended(over: theme.panelBackground, coverage: theme.contextOpacity)
            XCTAssertGreaterThanOrEqual(ColourDifference.ciede2000(drawn, theme.panelBackground), 5, theme.name)
        }
    }
}
