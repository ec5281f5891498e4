import XCTest
@testable import Render

/// Class colours and the key colours handed to the GIF encoder.
final class PaletteTests: XCTestCase {
    private func distance(_ a: RGBColour, _ b: RGBColour) -> Double {
        let (x, y) = (a.rgb8, b.rgb8)
        let dr = Double(x.red) - Double(y.red), dg = Double(x.green) - Double(y.green), db = Double(x.blue) - Double(y.blue)
        return (dr * dr + dg * dg + db * db).squareRoot()
    }

    func testTheDefaultPaletteIsPetroff10() {
        XCTAssertEqual(ClassPalette.colourBlindSafe.colours(count: 10).map(\.hexString),
                       ["#3f90da", "#ffa90e", "#bd1f01", "#94a4a2", "#832db6", "#a96b59", "#e76300", "#b9ac70", "#717581", "#92dadd"])
    }

    func testNeuroMapperColoursAreItsHSLHues() {
        let colours = ClassPalette.neuroMapper.colours(count: 10)
        XCTAssertEqual(colours[0].hexString, "#ff0000")
        XCTAssertEqual(colours[5].rgb8, RGBColour(hue: 127, saturation: 1, lightness: 0.5).rgb8)
    }

    func testGeneratedColoursAreDeterministicAndDistinct() {
        let colours = ClassPalette.generated.colours(count: 30)
        XCTAssertEqual(colours, ClassPalette.generated.colours(count: 30))
        for i in 0..<30 { for j in (i + 1)..<30 { XCTAssertGreaterThan(distance(colours[i], colours[j]), 12, "classes \(i) and \(j)") } }
    }

    func testPalettesContinueBeyondTenClasses() {
        let colours = ClassPalette.colourBlindSafe.colours(count: 14)
        XCTAssertEqual(colours.count, 14)
        XCTAssertEqual(Set(colours.map(\.rgb8)).count, 14)
    }

    func testKeyColoursStartWithBackgroundsAndClassesAndAreUnique() {
        let settings = RenderSettings(theme: .dark)
        let keys = settings.keyColours(classCount: 10, pointOpacity: 0.75)
        XCTAssertEqual(keys[0], Theme.dark.background.rgb8)
        XCTAssertEqual(keys[1], Theme.dark.panelBackground.rgb8)
        XCTAssertEqual(Array(keys[2..<12]), ClassPalette.colourBlindSafe.colours(count: 10).map(\.rgb8))
        XCTAssertEqual(Set(keys).count, keys.count)
        XCTAssertTrue(keys.contains(Theme.dark.text.rgb8))
        XCTAssertTrue(keys.contains(ClassPalette.colourBlindSafe.colour(0).blended(over: Theme.dark.panelBackground, coverage: 0.75).rgb8))
        XCTAssertLessThanOrEqual(keys.count, 256)
    }

    func testThemesAreFoundByName() {
        XCTAssertEqual(Theme.named("Dark")?.name, "dark")
        XCTAssertNil(Theme.named("neon"))
    }
}
