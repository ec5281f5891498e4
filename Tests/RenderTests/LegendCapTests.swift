import XCTest
@testable import Render

/// Many classes (CIFAR-100, ImageNet, a million-line classes.txt) give a legend that fits: the
/// first `maxLegendClasses` by name, then one item counting the rest, in linear time.
final class LegendCapTests: XCTestCase {
    func testALegendOfManyClassesNamesTheFirstAndCountsTheRest() {
        let names = (0 ..< 1_000).map { "class \($0)" }
        let entries = RenderSettings(theme: .light).legendEntries(classNames: names)
        XCTAssertEqual(entries.count, RenderSettings.maxLegendClasses + 1)
        XCTAssertEqual(entries.first?.label, "class 0")
        XCTAssertEqual(entries.last?.label, "+\(1_000 - RenderSettings.maxLegendClasses) more")
    }

    func testAFewClassesAreAllNamed() {
        let entries = RenderSettings(theme: .light).legendEntries(classNames: ["cat", "dog"])
        XCTAssertEqual(entries.map(\.label), ["cat", "dog"])
    }

    func testAMillionClassesGetColoursInLinearTime() {
        let start = Date()
        XCTAssertEqual(ClassPalette.colourBlindSafe.colours(count: 1_000_000).count, 1_000_000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
    }
}
