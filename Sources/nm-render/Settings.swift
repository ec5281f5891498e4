import Foundation
import LayoutModel
import Interpolate

/// Every render setting a preset, a `--config` file or a flag can set, with its default.
///
/// Presets, config files and flags all go through the same `SettingKey` table, so a value is
/// validated the same way wherever it comes from. Precedence: preset < config file < flags.
struct Settings: Equatable {
    // Output
    var size = PixelSize(width: 1920, height: 1080)
    var fps = 30
    var secondsPerEpoch: Double? = nil
    var duration: Double? = nil
    var hold = 1.0
    var motion = MotionKind.cubic
    var pacing = PacingKind.step
    var crf = 20
    var encoderPreset = "veryfast"
    // Look
    var theme = ThemeName.light
    var palette = PaletteName.standard
    var title: String? = nil
    var pointRadius: Double? = nil
    var pointOpacity: Double? = nil
    var samples: Int? = nil
    var classes: [String] = []
    var context = false
    var tracks: TrackSpec = .none
    var trailSeconds = 1.5
    var metrics: [String] = []
    var camera = CameraMode.follow
    var outliers = OutlierMode.edge
    var legend = true
    // Selection
    var blocks: [String] = []
    var epochs: EpochSpec = .all
    var block: String? = nil
    var rows = StripRows.runs
    var dpi = 150
    var stripWidth: Double? = nil
    // Layout (AlignedUMAP)
    var nNeighbors = 15
    var minDist = 0.1
    var spread = 1.0
    var alignment = 0.01
    var alignmentWindow = 3
    var layoutEpochs = 200
    var metric = MetricName.euclidean
    var seed: UInt64 = 42
    var orient = true

    /// Applies `key = value` pairs in order; `origin` names where they came from for errors.
    mutating func apply(_ pairs: [(key: String, value: String, origin: String)]) throws {
        for pair in pairs {
            guard let key = SettingKey.all.first(where: { $0.name == pair.key }) else {
                throw SettingsError.unknownKey(pair.key, origin: pair.origin)
            }
            do {
                try key.apply(pair.value, &self)
            } catch let error as SettingValueError {
                throw SettingsError.badValue(key: pair.key, value: pair.value, expected: error.expected,
                                             origin: pair.origin)
            }
        }
    }
}

struct PixelSize: Equatable, CustomStringConvertible {
    var width: Int
    var height: Int
    var description: String { "\(width)x\(height)" }
}

enum MotionKind: String, CaseIterable { case linear, smooth, cubic }
enum PacingKind: String, CaseIterable { case step, epoch, adaptive }
enum ThemeName: String, CaseIterable { case light, dark, paper }
enum PaletteName: String, CaseIterable { case standard, neuromapper }
enum OutlierMode: String, CaseIterable { case edge, clip }
enum StripRows: String, CaseIterable { case runs, blocks }
enum MetricName: String, CaseIterable { case euclidean, cosine }

/// Which samples to follow with highlight tracks.
enum TrackSpec: Equatable {
    case none
    case ids([String])
    /// The N samples chosen automatically by `rule`.
    case auto(Int, rule: AutoTrackRule)
}

enum AutoTrackRule: String, CaseIterable { case moved, flips, misclassified }

struct SettingValueError: Error {
    let expected: String
}

enum SettingsError: Error, CustomStringConvertible {
    case unknownKey(String, origin: String)
    case badValue(key: String, value: String, expected: String, origin: String)
    case badLine(String, origin: String)
    case unknownPreset(String, available: [String])
    case noEpochs(EpochSpec, saved: [Int])
    case missingEpoch(Int, saved: [Int])
    case conflicting(String)

    var description: String {
        switch self {
        case let .unknownKey(key, origin):
            return "\(origin): unknown setting '\(key)'; valid settings: \(SettingKey.all.map(\.name).joined(separator: ", "))"
        case let .badValue(key, value, expected, origin):
            return "\(origin): bad value '\(value)' for \(key): expected \(expected)"
        case let .badLine(line, origin):
            return "\(origin): cannot read '\(line)': expected 'key = value'"
        case let .unknownPreset(name, available):
            return "unknown preset '\(name)'; available presets: \(available.joined(separator: ", "))"
        case let .noEpochs(spec, saved):
            return "--epochs \(spec) selects no saved epoch; saved epochs: \(EpochList.compactText(saved))"
        case let .missingEpoch(e, saved):
            return "--epochs: epoch \(e) was not saved; saved epochs: \(EpochList.compactText(saved))"
        case let .conflicting(message):
            return message
        }
    }
}

