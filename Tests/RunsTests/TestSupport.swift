import Foundation
import XCTest
import LayoutModel
@testable import Runs

/// A fresh temporary folder per test, removed afterwards.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("layout-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Creates `relative` (and its folders) holding `bytes`; returns its URL.
    @discardableResult
    func file(_ relative: String, _ bytes: [UInt8]) throws -> URL {
        let target = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: target)
        return target
    }

    @discardableResult
    func file(_ relative: String, text: String) throws -> URL {
        try file(relative, Array(text.utf8))
    }

    /// A folder inside this one.
    func folder(_ relative: String) throws -> URL {
        let target = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        return target
    }
}

/// The NumPy-written fixtures (see Fixtures/make_fixtures.py).
enum Fixtures {
    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!
    }

    /// The [3, 4] array every float fixture holds: base[i, j] = (4i + j) · 0.25 − 1.5.
    static let base: [Float] = (0 ..< 12).map { Float($0) * 0.25 - 1.5 }
}

/// `.npy` bytes of a float32 [rows, cols] array.
func npy(_ values: [Float], _ rows: Int, _ cols: Int, dtype: NpyDType = .float32) -> [UInt8] {
    NpyWriter.encode(floats: values, shape: [rows, cols], dtype: dtype)
}

/// Deterministic test activations.
func ramp(_ rows: Int, _ cols: Int, offset: Float = 0) -> [Float] {
    (0 ..< rows * cols).map { Float($0) * 0.5 + offset }
}

/// Asserts that `body` throws a `RunError` whose message contains every fragment, and
/// returns the error.
@discardableResult
func assertLayoutError<T>(_ body: @autoclosure () throws -> T, contains fragments: [String],
                          file: StaticString = #filePath, line: UInt = #line) -> RunError? {
    do {
        _ = try body()
        XCTFail("expected an error containing \(fragments)", file: file, line: line)
        return nil
    } catch let error as RunError {
        for fragment in fragments {
            XCTAssertTrue(error.description.contains(fragment), "\"\(error.description)\" lacks \"\(fragment)\"", file: file, line: line)
        }
        return error
    } catch {
        XCTFail("expected a RunError, got \(error)", file: file, line: line)
        return nil
    }
}
