import XCTest
@testable import Render

/// Row headers: long names wrap, then shrink, and are elided only where they agree.
final class HeaderTextTests: XCTestCase {
    /// A monospaced stand-in for a font: every character is 0.6 em wide.
    private func width(_ text: String, _ size: Double) -> Double { Double(text.count) * 0.6 * size }

    func testTheDistinctPartIsWhatTheNamesDoNotShareWidenedToWholeWords() {
        let names = ["digits CNN, over-fit", "digits CNN, well-fit"]
        let ranges = HeaderText.distinctRanges(names)
        XCTAssertEqual(zip(names, ranges).map { String(Array($0)[$1]) }, ["over", "well"])
        let sweep = ["lr=0.001 seed 1", "lr=0.003 seed 1"]
        XCTAssertEqual(zip(sweep, HeaderText.distinctRanges(sweep)).map { String(Array($0)[$1]) }, ["0.001", "0.003"])
        XCTAssertEqual(HeaderText.distinctRanges(["alone"]), [0..<5])
    }

    func testANameThatFitsIsLeftAlone() {
        let fit = HeaderText.fit("well-fit", distinct: 0..<8, size: 30, maxWidth: 400, maxLines: 2, width: width)
        XCTAssertEqual(fit, HeaderText.Fit(lines: ["well-fit"], size: 30))
    }

    func testALongNameWrapsBeforeItShrinks() {
        // 20 characters at 18 px = 360 px: too wide for 250, two lines of 10 fit at full size.
        let fit = HeaderText.fit("digits CNN over-fit", distinct: 0..<19, size: 30, maxWidth: 250, maxLines: 2, width: width)
        XCTAssertEqual(fit.size, 30)
        XCTAssertEqual(fit.lines, ["digits CNN", "over-fit"])
    }

    func testALongNameShrinksBeforeItIsCut() {
        // One line only: 19 characters need 342 px at 30 px, 239 px at 21 px.
        let fit = HeaderText.fit("digits CNN over-fit", distinct: 0..<19, size: 30, maxWidth: 250, maxLines: 1, width: width)
        XCTAssertEqual(fit.lines, ["digits CNN over-fit"])
        XCTAssertLessThan(fit.size, 30)
        XCTAssertGreaterThanOrEqual(fit.size, 30 * HeaderText.smallestScale)
    }

    func testNamesCutToFitNeverShowTheSameTextAndKeepTheirDifference() {
        let names = ["digits CNN, over-fit", "digits CNN, well-fit"]
        // 9 characters at the smallest size (21 px): neither one line nor two lines fit.
        let maxWidth = 9 * 0.6 * 21
        let fits = HeaderText.fitAll(names, size: 30, maxWidth: maxWidth, maxLines: 2, width: width)
        XCTAssertEqual(fits.map(\.lines), [["…over-fit"], ["…well-fit"]])
        for fit in fits { XCTAssertLessThanOrEqual(width(fit.lines[0], fit.size), maxWidth + 1e-9) }
    }

    func testANameTooLongForItsLinesIsCutToWhatFillsThemNotToOneLine() {
        let names = ["digits MLP, well-fit: 10k augmented samples, weight decay 5e-4",
                     "digits MLP, over-fit: 300 samples, 20% noisy labels"]
        // Three lines of 14 characters at the smallest size: the first name needs five.
        let maxWidth = 14 * 0.6 * 21
        let fits = HeaderText.fitAll(names, size: 30, maxWidth: maxWidth, maxLines: 3, width: width)
        XCTAssertEqual(fits[0].lines.count, 3, "\(fits[0].lines)")
        XCTAssertTrue(fits[0].lines.joined(separator: " ").contains("well-fit"), "\(fits[0].lines)")
        XCTAssertTrue(fits[0].lines.joined().contains("…"))
        for fit in fits { for line in fit.lines { XCTAssertLessThanOrEqual(width(line, fit.size), maxWidth + 1e-9) } }
    }

    func testTheSharedStartIsShortenedBeforeTheDifference() {
        let names = ["digits CNN, over-fit", "digits CNN, well-fit"]
        let fits = HeaderText.fitAll(names, size: 30, maxWidth: 13 * 0.6 * 21, maxLines: 1, width: width)
        XCTAssertEqual(fits.map(\.lines), [["digi…over-fit"], ["digi…well-fit"]])
    }

    func testEvenAVeryNarrowHeaderKeepsTheDistinctPartsEnds() {
        let names = ["sweep lr=0.0010 wd=0", "sweep lr=0.0030 wd=0"]
        let fits = HeaderText.fitAll(names, size: 30, maxWidth: 5 * 0.6 * 21, maxLines: 1, width: width)
        XCTAssertEqual(fits.map(\.lines), [["…010…"], ["…030…"]])
    }

    func testAllRowsOfASheetShareOneSize() {
        let names = ["short", "a much longer name that has to shrink"]
        let fits = HeaderText.fitAll(names, size: 30, maxWidth: 400, maxLines: 1, width: width)
        XCTAssertEqual(fits[0].size, fits[1].size)
        XCTAssertLessThan(fits[0].size, 30)
        XCTAssertEqual(fits[0].lines, ["short"])
    }
}
