import AlignedUMAP
import Encode
import Layout
import SettingSchema

/// The commands whose flags include a setting.
enum SettingsCommand: Sendable {
    case video, strip, layout, plan, watch
}

/// One setting bound to its field of `Settings`: the registry that presets, `--config` files,
/// flags, `presets --keys` and `--help` are all generated from. Each entry is one line; the
/// setting's key, help, default and values come from its owner's `SettingSpec`.
struct SettingKey {
    let key: String
    let help: String
    let expected: String
    let defaultText: String
    let valueName: String
    let isSwitch: Bool
    let commands: Set<SettingsCommand>
    let apply: (String, inout Settings) throws(SettingValueError) -> Void

    private static let rendering: Set<SettingsCommand> = [.video, .strip, .watch]
    private static let computing: Set<SettingsCommand> = [.video, .strip, .layout, .plan, .watch]
    private typealias Own = CommandSettings
    private typealias UMAP = AlignedUMAPParameters.Setting
    private typealias Encoder = VideoSettings.Setting

    /// Every setting, in the order help lists them.
    static var all: [SettingKey] {
        [
            bind(Own.size, \.size, for: [.video, .watch]),
            bind(Encoder.fps, \.fps, for: [.video, .watch]),
            bind(Own.secondsPerEpoch, \.secondsPerEpoch, for: [.video, .watch]) { $0.duration = nil },
            bind(Own.duration, \.duration, for: [.video, .watch]),
            bind(Own.hold, \.hold, for: [.video, .watch]),
            bind(Own.motion, \.motion, for: [.video, .watch]),
            bind(Own.pacing, \.pacing, for: [.video, .watch]),
            bind(Encoder.crf, \.crf.h264, for: [.video, .watch]) { $0.crf.vp9 = $0.crf.h264 },
            bind(Encoder.crfH264, \.crf.h264, for: [.video, .watch]),
            bind(Encoder.crfVP9, \.crf.vp9, for: [.video, .watch]),
            bind(Encoder.encoderPreset, \.encoderPreset, for: [.video, .watch]),
            bind(Encoder.maxBitrate, \.maxBitrate, for: [.video]),
            bind(Encoder.maxSize, \.maxSize, for: [.video]),
            bind(Encoder.reportQuality, \.reportQuality, for: [.video]),
            bind(Own.camera, \.camera, for: [.video, .watch]),
            bind(Own.outliers, \.outliers, for: rendering),
            bind(Own.track, \.tracks, for: rendering),
            bind(Own.trail, \.trailSeconds, for: [.video, .watch]),
            bind(Own.theme, \.theme, for: rendering),
            bind(Own.palette, \.palette, for: rendering),
            bind(Own.title, \.title, for: rendering),
            bind(Own.pointRadius, \.pointRadius, for: rendering),
            bind(Own.pointOpacity, \.pointOpacity, for: rendering),
            bind(Own.samples, \.samples, for: rendering),
            bind(Own.classes, \.classes, for: rendering),
            bind(Own.context, \.context, for: rendering),
            bind(Own.metrics, \.metrics, for: rendering),
            bind(Own.legend, \.legend, for: rendering),
            bind(Own.blocks, \.blocks, for: rendering.union([.plan])),
            bind(Own.epochs, \.epochs, for: computing),
            bind(Own.block, \.block, for: [.strip, .watch]),
            bind(Own.rows, \.rows, for: [.strip, .watch]),
            bind(Own.dpi, \.dpi, for: [.strip, .watch]),
            bind(Own.stripWidth, \.stripWidth, for: [.strip, .watch]),
            bind(UMAP.nNeighbors, \.layout.parameters.nNeighbors, for: computing),
            bind(UMAP.minDist, \.layout.parameters.minDist, for: computing),
            bind(UMAP.spread, \.layout.parameters.spread, for: computing),
            bind(UMAP.alignment, \.layout.parameters.alignmentRegularisation, for: computing),
            bind(UMAP.alignmentWindow, \.layout.parameters.alignmentWindow, for: computing),
            bind(UMAP.layoutEpochs, \.layout.parameters.nEpochs, for: computing),
            bind(UMAP.metric, \.layout.parameters.metric, for: computing),
            bind(UMAP.seed, \.layout.parameters.seed, for: computing),
            bind(LayoutOptions.Setting.orient, \.layout.orient, for: computing),
            bind(LayoutOptions.Setting.jointRuns, \.layout.jointRuns, for: computing),
            bind(LayoutOptions.Setting.independentRuns, \.layout.independentRuns, for: computing),
            bind(LayoutOptions.Setting.runAlignment, \.layout.runAlignment, for: computing),
            bind(LayoutOptions.Setting.order, \.layout.order, for: computing),
            bind(UMAP.threads, \.layout.parameters.threads, for: computing),
        ]
    }

    /// The settings one command takes as flags.
    static func all(for command: SettingsCommand) -> [SettingKey] {
        all.filter { $0.commands.contains(command) }
    }

    /// `spec` stored at `path`; `then` adjusts fields that the value overrides.
    private static func bind<V>(_ spec: SettingSpec<V>, _ path: WritableKeyPath<Settings, V>, for commands: Set<SettingsCommand>,
                                then adjust: ((inout Settings) -> Void)? = nil) -> SettingKey {
        SettingKey(key: spec.key, help: spec.help, expected: spec.domain.expected, defaultText: spec.defaultText,
                   valueName: spec.valueName, isSwitch: spec.domain.isSwitch, commands: commands,
                   apply: { (text: String, settings: inout Settings) throws(SettingValueError) in
                       settings[keyPath: path] = try spec.domain.parse(text)
                       adjust?(&settings)
                   })
    }

    /// The help line: what it does, what it takes, its default.
    var fullHelp: String {
        let shown = defaultText.isEmpty ? "none" : defaultText
        return isSwitch ? "\(help) (default \(shown))" : "\(help); \(expected) (default \(shown))"
    }
}
