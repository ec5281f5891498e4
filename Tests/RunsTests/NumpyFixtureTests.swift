import XCTest
import LayoutModel
@testable import Runs

/// Files written by NumPy itself (Fixtures/make_fixtures.py) read as NumPy meant them.
final class NumpyFixtureTests: XCTestCase {
    func testFloatFixturesInEveryDtypeByteOrderAndLayoutHoldTheBaseArray() throws {
        for code in ["f2", "f4", "f8"] {
            for order in ["le", "be"] {
                for layout in ["c", "fortran"] {
                    let array = try NpyArrayRef.open(path: Fixtures.url("\(code)_\(order)_\(layout).npy").path)
                    XCTAssertEqual(array.shape, [3, 4])
                    XCTAssertEqual(array.dtype.bigEndian, order == "be")
                    XCTAssertEqual(array.header.fortranOrder, layout == "fortran")
                    XCTAssertEqual(try array.floats(), Fixtures.base, "\(code) \(order) \(layout)")
                }
            }
        }
    }

    func testIntegerFixturesInEveryWidthHoldTheLabels() throws {
        for name in ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "i4_be"] {
            let array = try NpyArrayRef.open(path: Fixtures.url("labels_\(name).npy").path)
            XCTAssertEqual(try array.integers(), [0, 3, 1, 2, 127], name)
        }
    }

    func testHeaderFormatVersions2And3Read() throws {
        for version in ["v2", "v3"] {
            let array = try NpyArrayRef.open(path: Fixtures.url("f4_\(version).npy").path)
            XCTAssertEqual(array.shape, [3, 4])
            XCTAssertEqual(try array.floats(), Fixtures.base)
        }
    }

    func testNpzFromSavezStoredMembersRead() throws {
        try assertArchiveHoldsBaseArrays("stored.npz")
    }

    func testNpzFromSavezCompressedDeflatedMembersRead() throws {
        try assertArchiveHoldsBaseArrays("deflated.npz")
    }

    func testNpzWithZip64RecordsReads() throws {
        try assertArchiveHoldsBaseArrays("zip64.npz")
    }

    private func assertArchiveHoldsBaseArrays(_ name: String) throws {
        let members = try NpyArrayRef.openArchive(path: Fixtures.url(name).path)
        XCTAssertEqual(members.map(\.name), ["block1", "block2"])
        XCTAssertEqual(members[0].array.dtype, .float32)
        XCTAssertEqual(members[1].array.dtype, .float16)
        XCTAssertEqual(try members[0].array.floats(), Fixtures.base)
        XCTAssertEqual(try members[1].array.floats(), Fixtures.base.map { $0 * 2 })
    }
}
