import Encode
import Foundation
import SettingSchema
import XCTest
@testable import nm_render

/// The settings registry is the one home of every setting: keys, defaults, help, presets and
/// config files all come from it and agree with it.
final class SettingRegistryTests: XCTestCase {
    func testEveryKeyIsRegisteredOnce() {
        let keys = SettingKey.all.map(\.key)
        XCTAssertEqual(keys.count, Set(keys).count, "duplicate keys: \(keys)")
    }

    /// Writing a key's documented default leaves the defaults unchanged: the default shown in
    /// help is the one the settings start from.
    func testEveryDocumentedDefaultIsTheDefault() throws {
        for key in SettingKey.all where key.key != VideoSettings.Setting.crf.key {
            var settings = Settings()
            try key.apply(key.defaultText, &settings)
            XCTAssertEqual(settings, Settings(), "\(key.key) = \(key.defaultText) changes the defaults")
        }
    }

    /// A help line is the setting's help followed by the values it takes: the help must not
    /// say the values again (it once read "... or a list such as 10,50,200; all, ... 10,50,200").
    func testNoHelpRepeatsTheValuesItsLineAppends() {
        for key in SettingKey.all where !key.isSwitch {
            XCTAssertFalse(key.help.contains(key.expected), "\(key.key): \(key.fullHelp)")
            XCTAssertEqual(key.fullHelp.components(separatedBy: key.expected).count, 2, "\(key.key): \(key.fullHelp)")
        }
    }

    func testHelpOfEachCommandListsExactlyItsSettingsWithTheirDefaults() throws {
        for (name, command) in [("video", SettingsCommand.video), ("strip", .strip), ("layout", .layout), ("plan", .plan), ("watch", .watch)] {
            let help = try NMRenderProcess.run([name, "--help"]).stdout
            let flags = Set(help.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("  --") else { return nil }
                return line.dropFirst(2).split(separator: " ").first.map { String($0).trimmingCharacters(in: [","]) }
            })
            for key in SettingKey.all(for: command) {
                XCTAssertTrue(flags.contains("--\(key.key)"), "\(name) --help lacks --\(key.key)")
            }
            let joined = help.replacingOccurrences(of: "\n      ", with: " ")
            for key in SettingKey.all(for: command) {
                XCTAssertTrue(joined.contains("(default \(key.defaultText.isEmpty ? "none" : key.defaultText))"),
                              "\(name) --help lacks the default of \(key.key)")
            }
        }
    }

    func testPresetsKeysListsTheRegistry() throws {
        let lines = try NMRenderProcess.run(["presets", "--keys"]).stdout.split(separator: "\n")
        XCTAssertEqual(lines.map { String($0.split(separator: " ")[0]) }, SettingKey.all.map(\.key))
    }

    func testEveryShippedPresetUsesRegisteredKeysAndValidValues() throws {
        for name in PresetLibrary.names() {
            var settings = Settings()
            XCTAssertNoThrow(try settings.apply(PresetLibrary.load(name).pairs), "preset \(name)")
        }
    }

    func testAConfigFileAndAFlagGiveTheSameSettings() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString).conf")
        defer { try? FileManager.default.removeItem(at: file) }
        try "n-neighbors = 30\nlegend = false\ncrf.vp9 = 40\n".write(to: file, atomically: true, encoding: .utf8)
        var fromFile = Settings()
        try fromFile.apply(SettingsFile(contentsOf: file).pairs)
        let flags = try SettingFlags.extract(from: ["run", "--n-neighbors", "30", "--no-legend", "--crf.vp9=40"], for: .video)
        XCTAssertEqual(flags.rest, ["run"])
        var fromFlags = Settings()
        try fromFlags.apply(flags.pairs)
        XCTAssertEqual(fromFile, fromFlags)
        XCTAssertEqual(fromFlags.layout.parameters.nNeighbors, 30)
        XCTAssertFalse(fromFlags.legend)
    }

    func testAFlagValueMayLookLikeAFlag() throws {
        let flags = try SettingFlags.extract(from: ["run", "--epochs", "-1:3", "-o", "x.png"], for: .strip)
        XCTAssertEqual(flags.pairs.map(\.value), ["-1:3"])
        XCTAssertEqual(flags.rest, ["run", "-o", "x.png"])
    }

    // MARK: codec-aware CRF

    func testWebMDefaultsToCRF32AndMP4To26() throws {
        XCTAssertEqual(try Settings().crf.value(for: .webm), 32)
        XCTAssertEqual(try Settings().crf.value(for: .mp4), 26)
    }

    func testPlainCRFAcceptsVP9sRangeAndIsCheckedAgainstH264sAtTheOutput() throws {
        var settings = Settings()
        try settings.apply([("crf", "63", "--crf")])
        XCTAssertEqual(try settings.crf.value(for: .webm), 63)
        XCTAssertThrowsError(try settings.crf.value(for: .mp4)) { error in
            XCTAssertEqual((error as? SettingValueError)?.expected, "a whole number from 0 to 51")
        }
        XCTAssertThrowsError(try settings.apply([("crf", "64", "--crf")])) { error in
            guard case let .badValue(key, _, expected, _)? = error as? SettingsError else { return XCTFail("\(error)") }
            XCTAssertEqual(key, "crf")
            XCTAssertEqual(expected, "a whole number from 0 to 63")
        }
    }

    func testACodecsCRFFromAPresetDoesNotLeakIntoTheOtherCodec() throws {
        var settings = Settings()
        try settings.apply(PresetLibrary.load("talk-4k").pairs)
        XCTAssertEqual(try settings.crf.value(for: .mp4), 22)
        XCTAssertEqual(try settings.crf.value(for: .webm), VideoSettings.defaultVP9CRF)
    }

    func testAnH264CRFAbove51IsRefused() {
        var settings = Settings()
        XCTAssertThrowsError(try settings.apply([("crf.h264", "52", "--crf.h264")])) { error in
            guard case let .badValue(key, _, expected, _)? = error as? SettingsError else { return XCTFail("\(error)") }
            XCTAssertEqual(key, "crf.h264")
            XCTAssertEqual(expected, "a whole number from 0 to 51")
        }
    }

    func testTheCommandLineTakesCRF60ForWebMAndRefusesItForMP4() throws {
        let folder = try temporaryFolder()
        let run = try GeneratedRun().write(to: folder.appendingPathComponent("tiny"))
        let common = ["--size", "160x90", "--duration", "1", "--hold", "0", "--fps", "5", "--quiet", "--crf", "60"]
            + FastArguments.layout + FastArguments.cache(in: folder)
        let mp4 = try NMRenderProcess.run(["video", run.path, "-o", folder.appendingPathComponent("x.mp4").path] + common)
        assertError(mp4, status: ExitCode.usage, mentioning: ["crf 60", "0 to 51", "H.264"])
        guard VideoContainer.webm.isAvailable else { throw XCTSkip("no VP9 encoder in this FFmpeg") }
        let webm = try NMRenderProcess.run(["video", run.path, "-o", folder.appendingPathComponent("x.webm").path] + common)
        XCTAssertEqual(webm.status, 0, webm.stderr)
    }
}
