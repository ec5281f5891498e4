import Foundation
import XCTest

final class PresetsCommandTests: XCTestCase {
    private var presetsFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../presets").standardizedFileURL
    }

    func testListsEveryShippedPresetWithADescription() throws {
        let result = try NMRenderProcess.run(["presets"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        let names = lines.map { String($0.split(separator: " ").first!) }
        XCTAssertEqual(names, ["ci-strip", "paper-strip", "readme-gif", "talk-1080p", "talk-4k"])
        for line in lines { XCTAssertGreaterThan(line.split(separator: " ").count, 3, "no description: \(line)") }
    }

    func testTheExecutableCarriesExactlyThePresetsFolder() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: presetsFolder.path).filter { $0.hasSuffix(".conf") }
        XCTAssertFalse(files.isEmpty)
        for file in files {
            let name = String(file.dropLast(5))
            let text = try String(contentsOf: presetsFolder.appendingPathComponent(file), encoding: .utf8)
            let expected = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
                .map { $0.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " = ") }
            let printed = try NMRenderProcess.run(["presets", name])
            XCTAssertEqual(printed.stdout.split(separator: "\n").map(String.init), expected,
                           "presets/\(file) differs from the compiled-in copy: run scripts/embed-presets.sh")
        }
    }

    func testUnknownPresetIsAUsageErrorListingTheAvailableOnes() throws {
        let result = try NMRenderProcess.run(["presets", "talk-8k"])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("unknown preset 'talk-8k'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("talk-1080p"), result.stderr)
    }

    func testKeysListsEverySetting() throws {
        let result = try NMRenderProcess.run(["presets", "--keys"])
        XCTAssertEqual(result.status, 0)
        for key in ["size", "fps", "theme", "epochs", "n-neighbors", "alignment", "track"] {
            XCTAssertTrue(result.stdout.contains("\n\(key) ") || result.stdout.hasPrefix("\(key) "), "missing \(key)")
        }
    }
}
