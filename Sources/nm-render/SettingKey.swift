import Foundation

/// One named setting: how to read its text into `Settings`, and what it means.
/// The table is the single source of truth for presets, `--config` files and flags.
struct SettingKey: Sendable {
    let name: String
    let help: String
    let apply: @Sendable (String, inout Settings) throws -> Void

    static let all: [SettingKey] = [
        SettingKey(name: "size", help: "output size WIDTHxHEIGHT in pixels, even numbers (video), e.g. 1920x1080") {
            $1.size = try parseSize($0)
        },
        SettingKey(name: "fps", help: "frames per second, 1-120") { $1.fps = try int($0, 1 ... 120) },
        SettingKey(name: "seconds-per-epoch", help: "seconds of video per step between saved epochs, 0.05-60") {
            // The later layer's timing wins: a flag's seconds-per-epoch replaces a preset's duration.
            $1.secondsPerEpoch = try double($0, 0.05 ... 60)
            $1.duration = nil
        },
        SettingKey(name: "duration", help: "total seconds of video (instead of seconds-per-epoch), 1-3600") {
            $1.duration = try double($0, 1 ... 3600)
            $1.secondsPerEpoch = nil
        },
        SettingKey(name: "hold", help: "seconds to hold the first and the last epoch, 0-60") {
            $1.hold = try double($0, 0 ... 60)
        },
        SettingKey(name: "motion", help: "motion between epochs: linear, smooth (ease in/out) or cubic (smooth velocity)") {
            $1.motion = try choice($0)
        },
        SettingKey(name: "pacing", help: "time per epoch step: step (equal), epoch (by epoch number) or adaptive (by how much moves)") {
            $1.pacing = try choice($0)
        },
        SettingKey(name: "crf", help: "H.264 quality, 0 (lossless) - 51 (worst); lower is better and larger") {
            $1.crf = try int($0, 0 ... 51)
        },
        SettingKey(name: "encoder-preset", help: "x264 speed preset: ultrafast, superfast, veryfast, faster, fast, medium, slow") {
            let presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"]
            guard presets.contains($0) else { throw SettingValueError(expected: "one of \(presets.joined(separator: ", "))") }
            $1.encoderPreset = $0
        },
        SettingKey(name: "theme", help: "light, dark or paper") { $1.theme = try choice($0) },
        SettingKey(name: "palette", help: "class colours: standard (colour-blind safe) or neuromapper") {
            $1.palette = try choice($0)
        },
        SettingKey(name: "title", help: "title drawn above the panels") { $1.title = $0.isEmpty ? nil : $0 },
        SettingKey(name: "point-radius", help: "point radius in pixels at 1080p (scaled with the output), 0.3-20, or auto") {
            $1.pointRadius = $0 == "auto" ? nil : try double($0, 0.3 ... 20)
        },
        SettingKey(name: "point-opacity", help: "point opacity 0.05-1, or auto") {
            $1.pointOpacity = $0 == "auto" ? nil : try double($0, 0.05 ... 1)
        },
        SettingKey(name: "samples", help: "draw a class-stratified subset of this many samples, or all") {
            $1.samples = $0 == "all" ? nil : try int($0, 1 ... 100_000_000)
        },
        SettingKey(name: "classes", help: "comma-separated class names or indices to show (empty: all)") {
            $1.classes = list($0)
        },
        SettingKey(name: "context", help: "true: draw the classes not chosen with --classes in grey; false: hide them") {
            $1.context = try bool($0)
        },
        SettingKey(name: "track", help: "samples to follow: ids (3,17,42), auto:N (most moved), auto:N:flips, auto:N:misclassified, or none") {
            $1.tracks = try parseTracks($0)
        },
        SettingKey(name: "trail", help: "seconds of trail drawn behind tracked samples, 0-30") {
            $1.trailSeconds = try double($0, 0 ... 30)
        },
        SettingKey(name: "metrics", help: "comma-separated metrics.csv columns to chart under the panels (empty: none)") {
            $1.metrics = list($0)
        },
        SettingKey(name: "camera", help: "fixed (one frame for the whole video) or follow (smoothly follows the points)") {
            $1.camera = try choice($0)
        },
        SettingKey(name: "outliers", help: "points beyond the robust camera bounds: edge (drawn at the edge) or clip (hidden)") {
            $1.outliers = try choice($0)
        },
        SettingKey(name: "legend", help: "true or false: draw the class legend") { $1.legend = try bool($0) },
        SettingKey(name: "blocks", help: "comma-separated blocks to show, in order (empty: all)") {
            $1.blocks = list($0)
        },
        SettingKey(name: "epochs", help: "saved epochs to use: all, FIRST:LAST, or a list such as 10,50,200") {
            $1.epochs = try EpochSpec(parsing: $0)
        },
        SettingKey(name: "block", help: "the block shown in a strip with rows = runs") { $1.block = $0.isEmpty ? nil : $0 },
        SettingKey(name: "rows", help: "strip rows: runs, or blocks (one run only)") { $1.rows = try choice($0) },
        SettingKey(name: "dpi", help: "strip resolution in dots per inch for PNG, 36-1200") { $1.dpi = try int($0, 36 ... 1200) },
        SettingKey(name: "strip-width", help: "strip width in inches, 2-40, or auto (1.6 in per epoch column)") {
            $1.stripWidth = $0 == "auto" ? nil : try double($0, 2 ... 40)
        },
        SettingKey(name: "n-neighbors", help: "AlignedUMAP neighbours per point, 2-200") { $1.nNeighbors = try int($0, 2 ... 200) },
        SettingKey(name: "min-dist", help: "AlignedUMAP minimum distance between embedded points, 0-10") {
            $1.minDist = try double($0, 0 ... 10)
        },
        SettingKey(name: "spread", help: "AlignedUMAP scale of embedded points, 0.1-10 (must be >= min-dist)") {
            $1.spread = try double($0, 0.1 ... 10)
        },
        SettingKey(name: "alignment", help: "AlignedUMAP alignment regularisation (spring strength between epochs), 0-10") {
            $1.alignment = try double($0, 0 ... 10)
        },
        SettingKey(name: "alignment-window", help: "AlignedUMAP epochs each side that pull on a point, 1-20") {
            $1.alignmentWindow = try int($0, 1 ... 20)
        },
        SettingKey(name: "layout-epochs", help: "AlignedUMAP optimisation epochs, 10-5000") {
            $1.layoutEpochs = try int($0, 10 ... 5000)
        },
        SettingKey(name: "metric", help: "distance between activations: euclidean or cosine") { $1.metric = try choice($0) },
        SettingKey(name: "seed", help: "random seed of the layout (same seed, same layout), a non-negative integer") {
            guard let v = UInt64($0) else { throw SettingValueError(expected: "a non-negative integer") }
            $1.seed = v
        },
        SettingKey(name: "orient", help: "true: rotate/flip blocks and runs to match each other; false: leave as computed") {
            $1.orient = try bool($0)
        },
    ]

    // MARK: value parsers

    static func int(_ text: String, _ range: ClosedRange<Int>) throws -> Int {
        guard let v = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(v) else {
            throw SettingValueError(expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return v
    }

    static func double(_ text: String, _ range: ClosedRange<Double>) throws -> Double {
        guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite, range.contains(v) else {
            throw SettingValueError(expected: "a number from \(format(range.lowerBound)) to \(format(range.upperBound))")
        }
        return v
    }

    static func bool(_ text: String) throws -> Bool {
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw SettingValueError(expected: "true or false")
        }
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ text: String) throws -> T where T.RawValue == String {
        guard let v = T(rawValue: text.lowercased()) else {
            throw SettingValueError(expected: "one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return v
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func parseSize(_ text: String) throws -> PixelSize {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]),
              (16 ... 8192).contains(w), (16 ... 8192).contains(h) else {
            throw SettingValueError(expected: "WIDTHxHEIGHT with each side from 16 to 8192, e.g. 1920x1080")
        }
        return PixelSize(width: w, height: h)
    }

    static func parseTracks(_ text: String) throws -> TrackSpec {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t == "none" { return .none }
        if t.hasPrefix("auto:") {
            let parts = t.dropFirst(5).split(separator: ":").map(String.init)
            guard let first = parts.first, let n = Int(first), (1 ... 50).contains(n), parts.count <= 2 else {
                throw SettingValueError(expected: "auto:N with N from 1 to 50, optionally auto:N:moved, auto:N:flips or auto:N:misclassified")
            }
            let rule: AutoTrackRule = parts.count == 2 ? try choice(parts[1]) : .moved
            return .auto(n, rule: rule)
        }
        return .ids(list(t))
    }

    private static func format(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(v)
    }
}
