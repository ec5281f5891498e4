import Runs
import XCTest

/// `nm-render layout RUN1 RUN2 … --out DIR` names one layouts folder per run.
final class RunFolderNamesTests: XCTestCase {
    func testRunNamesAreKeptWhenAlreadySafe() {
        XCTAssertEqual(RunFolderNames.names(for: ["digits-wellfit", "digits_overfit.v2"]), ["digits-wellfit", "digits_overfit.v2"])
    }

    func testUnsafeCharactersBecomeOneUnderscoreEach() {
        XCTAssertEqual(RunFolderNames.safe("digits CNN, over-fit"), "digits_CNN_over-fit")
        XCTAssertEqual(RunFolderNames.safe("a/b\\c:d"), "a_b_c_d")
        XCTAssertEqual(RunFolderNames.safe("lr=0.1 (β 0.9)"), "lr_0.1_0.9_")
    }

    func testNoHiddenParentOrEmptyNames() {
        XCTAssertEqual(RunFolderNames.safe(".."), "run")
        XCTAssertEqual(RunFolderNames.safe(".hidden"), "hidden")
        XCTAssertEqual(RunFolderNames.safe(""), "run")
        XCTAssertEqual(RunFolderNames.safe("   "), "run")
        XCTAssertEqual(RunFolderNames.safe(String(repeating: "x", count: 300)).count, 100)
    }

    func testRepeatedNamesGetTwoThreeInRunOrder() {
        XCTAssertEqual(RunFolderNames.names(for: ["run", "run", "other", "run"]), ["run", "run-2", "other", "run-3"])
    }

    func testASuffixNeverTakesANameAlreadyGiven() {
        XCTAssertEqual(RunFolderNames.names(for: ["a-2", "a", "a"]), ["a-2", "a", "a-3"])
        XCTAssertEqual(RunFolderNames.names(for: ["Run", "run"]), ["Run", "run-2"], "names differing only in case clash on macOS")
    }
}
