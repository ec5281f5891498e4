import AlignedUMAP
import Encode
import Foundation
import Interpolate
import Layout
import LayoutModel
import SettingSchema

/// Every setting a preset, a `--config` file or a flag can set. Fields whose owner is a library
/// hold that library's value (its defaults are declared there); the rest are the command line's
/// own choices, declared in `CommandSettings`. `SettingKey.all` binds each to its key.
/// Precedence: defaults < preset < config file < flags.
struct Settings: Equatable {
    typealias Own = CommandSettings
    // Output and time
    var size = Own.size.defaultValue
    var fps = VideoSettings.Setting.fps.defaultValue
    var secondsPerEpoch = Own.secondsPerEpoch.defaultValue
    var duration = Own.duration.defaultValue
    var hold = Own.hold.defaultValue
    var motion = Own.motion.defaultValue
    var pacing = Own.pacing.defaultValue
    var crf = CodecCRF()
    var encoderPreset = VideoSettings.Setting.encoderPreset.defaultValue
    var maxBitrate = VideoSettings.Setting.maxBitrate.defaultValue
    var maxSize = VideoSettings.Setting.maxSize.defaultValue
    var reportQuality = VideoSettings.Setting.reportQuality.defaultValue
    // Look
    var theme = Own.theme.defaultValue
    var palette = Own.palette.defaultValue
    var title = Own.title.defaultValue
    var pointRadius = Own.pointRadius.defaultValue
    var pointOpacity = Own.pointOpacity.defaultValue
    var samples = Own.samples.defaultValue
    var classes = Own.classes.defaultValue
    var context = Own.context.defaultValue
    var tracks = Own.track.defaultValue
    var trailSeconds = Own.trail.defaultValue
    var metrics = Own.metrics.defaultValue
    var camera = Own.camera.defaultValue
    var outliers = Own.outliers.defaultValue
    var legend = Own.legend.defaultValue
    // Selection
    var blocks = Own.blocks.defaultValue
    var epochs = Own.epochs.defaultValue
    var block = Own.block.defaultValue
    var rows = Own.rows.defaultValue
    var dpi = Own.dpi.defaultValue
    var stripWidth = Own.stripWidth.defaultValue
    // Layout (AlignedUMAP's parameters and the stage's orientation)
    var layout = LayoutOptions()

    /// Applies `key = value` pairs in order; `origin` names where they came from for errors.
    mutating func apply(_ pairs: [(key: String, value: String, origin: String)]) throws {
        let keys = SettingKey.all
        for pair in pairs {
            guard let key = keys.first(where: { $0.key == pair.key }) else {
                throw SettingsError.unknownKey(pair.key, origin: pair.origin)
            }
            do {
                try key.apply(pair.value, &self)
            } catch {
                throw SettingsError.badValue(key: pair.key, value: pair.value, expected: error.expected, origin: pair.origin)
            }
        }
    }
}

struct PixelSize: Equatable, CustomStringConvertible {
    var width: Int
    var height: Int
    var description: String { "\(width)x\(height)" }
}

enum MotionKind: String, CaseIterable, Sendable { case linear, smooth, cubic }
enum PacingKind: String, CaseIterable, Sendable { case step, epoch, adaptive }
enum ThemeName: String, CaseIterable, Sendable { case light, dark, paper }
enum PaletteName: String, CaseIterable, Sendable { case standard, neuromapper }
enum OutlierMode: String, CaseIterable, Sendable { case edge, clip }
enum StripRows: String, CaseIterable, Sendable { case runs, blocks }

/// Which samples to follow with highlight tracks.
enum TrackSpec: Equatable, Sendable {
    case none
    case ids([String])
    /// The N samples chosen automatically by `rule`.
    case auto(Int, rule: AutoTrackRule)
}

enum AutoTrackRule: String, CaseIterable, Sendable { case moved, flips, misclassified }

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
            return "\(origin): unknown setting '\(key)'; valid settings: \(SettingKey.all.map(\.key).joined(separator: ", "))"
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
