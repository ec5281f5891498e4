import Foundation
import Interpolate
import SettingSchema

/// The settings the command line itself owns: what a picture shows and how its time runs,
/// composed from the libraries. The algorithm's settings live in `AlignedUMAPParameters.Setting`,
/// the stage's in `LayoutOptions.Setting`, the encoder's in `VideoSettings.Setting`.
enum CommandSettings {
    // MARK: output and time

    static let size = SettingSpec(
        key: "size", help: "output size in pixels; even sides for .mp4 and .webm",
        defaultValue: PixelSize(width: 1920, height: 1080), domain: .pixelSize, valueName: "WxH")
    static let secondsPerEpoch = SettingSpec(
        key: "seconds-per-epoch", help: "seconds of motion between two saved epochs (a later duration replaces it)",
        defaultValue: 0.5, domain: .number(0.05 ... 60), valueName: "s")
    static let duration = SettingSpec(
        key: "duration", help: "total seconds of video, instead of seconds-per-epoch",
        defaultValue: Double?.none, domain: .optional(.number(1 ... 3600), or: "auto"), valueName: "s")
    static let hold = SettingSpec(
        key: "hold", help: "seconds to hold the first epoch (the last is held 1.5x as long)",
        defaultValue: 1.0, domain: .number(0 ... 60), valueName: "s")
    static let motion = SettingSpec(
        key: "motion", help: "motion between epochs: linear, smooth (ease in/out) or cubic (smooth velocity)",
        defaultValue: MotionKind.cubic, domain: .choice(MotionKind.self))
    static let pacing = SettingSpec(
        key: "pacing", help: "time per epoch step: step (equal), epoch (by epoch number) or adaptive (by how much moves)",
        defaultValue: PacingKind.step, domain: .choice(PacingKind.self))
    static let camera = SettingSpec(
        key: "camera", help: "follow (smoothly reframes as the layout grows or shrinks) or fixed (one frame for the whole video)",
        defaultValue: CameraMode.follow, domain: .choice(CameraMode.self))
    static let outliers = SettingSpec(
        key: "outliers", help: "points beyond the camera's robust bounds: edge (drawn at the panel edge) or clip (hidden)",
        defaultValue: OutlierMode.edge, domain: .choice(OutlierMode.self))
    static let track = SettingSpec(
        key: "track", help: "samples to follow: ids (3,17,42), auto:N (most moved in the last block), auto:N:flips, auto:N:misclassified, or none",
        defaultValue: TrackSpec.none, domain: .tracks, valueName: "spec")
    static let trail = SettingSpec(
        key: "trail", help: "seconds of trail drawn behind tracked samples",
        defaultValue: 1.5, domain: .number(0 ... 30), valueName: "s")

    // MARK: look

    static let theme = SettingSpec(key: "theme", help: "colours of background, text and chrome",
                                   defaultValue: ThemeName.light, domain: .choice(ThemeName.self))
    static let palette = SettingSpec(key: "palette", help: "class colours: standard (colour-blind safe) or neuromapper",
                                     defaultValue: PaletteName.standard, domain: .choice(PaletteName.self))
    static let title = SettingSpec(key: "title", help: "title drawn above the panels (empty: none)",
                                   defaultValue: String?.none, domain: .optionalText)
    static let pointRadius = SettingSpec(
        key: "point-radius", help: "point radius in pixels at 1080p (scaled with the output)",
        defaultValue: Double?.none, domain: .optional(.number(0.3 ... 20), or: "auto"), valueName: "px")
    static let pointOpacity = SettingSpec(
        key: "point-opacity", help: "point opacity", defaultValue: Double?.none,
        domain: .optional(.number(0.05 ... 1), or: "auto"), valueName: "alpha")
    static let samples = SettingSpec(
        key: "samples", help: "draw a class-stratified subset of this many samples, the same in every panel and frame",
        defaultValue: Int?.none, domain: .optional(.integer(1 ... 100_000_000), or: "all"), valueName: "N")
    static let classes = SettingSpec(key: "classes", help: "class names or indices to show (empty: all)",
                                     defaultValue: [String](), domain: .list(valueName: "c1,c2"))
    static let context = SettingSpec(key: "context", help: "draw the classes not chosen with classes in grey instead of hiding them",
                                     defaultValue: false, domain: .flag)
    static let metrics = SettingSpec(key: "metrics", help: "metrics.csv columns to chart under the panels (empty: none)",
                                     defaultValue: [String](), domain: .list(valueName: "val_acc,train_acc"))
    static let legend = SettingSpec(key: "legend", help: "draw the class legend", defaultValue: true, domain: .flag)

    // MARK: selection

    static let blocks = SettingSpec(key: "blocks", help: "blocks to show, in order (empty: all)",
                                    defaultValue: [String](), domain: .list(valueName: "b1,b2"))
    static let epochs = SettingSpec(key: "epochs", help: "saved epochs to use",
                                    defaultValue: EpochSpec.all, domain: .epochs, valueName: "10:200|10,50,200")
    static let block = SettingSpec(key: "block", help: "the block a strip shows when rows are runs (empty: the last block)",
                                   defaultValue: String?.none, domain: .optionalText, valueName: "name")
    static let rows = SettingSpec(key: "rows", help: "strip rows: runs, or blocks (one run only)",
                                  defaultValue: StripRows.runs, domain: .choice(StripRows.self))
    static let dpi = SettingSpec(key: "dpi", help: "strip resolution of PNG output in dots per inch",
                                 defaultValue: 150, domain: .integer(36 ... 1200))
    static let stripWidth = SettingSpec(
        key: "strip-width", help: "strip width in inches (auto: 1.6 in per epoch column)",
        defaultValue: Double?.none, domain: .optional(.number(2 ... 40), or: "auto"), valueName: "in")
}

// MARK: the command line's own value kinds

extension SettingDomain where Value == PixelSize {
    static var pixelSize: SettingDomain {
        let expected = "WIDTHxHEIGHT with each side from 16 to 8192, e.g. 1920x1080"
        return SettingDomain(expected: expected, valueName: "WxH", parse: { (text: String) throws(SettingValueError) -> PixelSize in
            let parts = text.lowercased().split(separator: "x")
            guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]),
                  (16 ... 8192).contains(w), (16 ... 8192).contains(h) else { throw SettingValueError(expected: expected) }
            return PixelSize(width: w, height: h)
        }, format: { $0.description })
    }
}

extension SettingDomain where Value == String? {
    /// Text, where empty means none.
    static var optionalText: SettingDomain {
        SettingDomain(expected: "any text", valueName: "text", parse: { (text: String) throws(SettingValueError) -> String? in
            text.isEmpty ? nil : text
        }, format: { $0 ?? "" })
    }
}

extension SettingDomain where Value == EpochSpec {
    static var epochs: SettingDomain {
        SettingDomain(expected: "all, FIRST:LAST, last:N or a list such as 10,50,200", valueName: "epochs",
                      parse: { (text: String) throws(SettingValueError) -> EpochSpec in
            do { return try EpochSpec(parsing: text) } catch let error as SettingValueError { throw error } catch {
                throw SettingValueError(expected: "all, FIRST:LAST, last:N or a list such as 10,50,200")
            }
        }, format: { $0.description })
    }
}

extension SettingDomain where Value == TrackSpec {
    static var tracks: SettingDomain {
        let expected = "ids such as 3,17,42, auto:N with N from 1 to 50 (optionally auto:N:moved, auto:N:flips or auto:N:misclassified), or none"
        return SettingDomain(expected: expected, valueName: "spec", parse: { (text: String) throws(SettingValueError) -> TrackSpec in
            let t = text.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t == "none" { return .none }
            guard t.hasPrefix("auto:") else {
                return .ids(t.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            }
            let parts = t.dropFirst(5).split(separator: ":").map(String.init)
            guard let first = parts.first, let n = Int(first), (1 ... 50).contains(n), parts.count <= 2 else {
                throw SettingValueError(expected: expected)
            }
            guard parts.count == 2 else { return .auto(n, rule: .moved) }
            guard let rule = AutoTrackRule(rawValue: parts[1].lowercased()) else { throw SettingValueError(expected: expected) }
            return .auto(n, rule: rule)
        }, format: { spec in
            switch spec {
            case .none: return "none"
            case let .ids(ids): return ids.joined(separator: ",")
            case let .auto(n, rule): return rule == .moved ? "auto:\(n)" : "auto:\(n):\(rule.rawValue)"
            }
        })
    }
}
