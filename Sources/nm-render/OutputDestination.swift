import AtomicOutput
import Encode
import Foundation
import Runs

/// The output rule (README, "Outputs"), checked before any long computation so that a refused
/// destination fails at once and touches nothing. The writers check it again when they reserve
/// and commit their output (`AtomicOutput`), so this is the early answer, not the only guard.
enum OutputDestination {
    enum Kind {
        /// A file: replaces a regular file, never a folder.
        case file
        /// A folder of PNG frames (`video -o DIR`).
        case frames
        /// A layouts folder (`layout --out DIR`).
        case layouts

        var rule: OutputRule {
            switch self {
            case .file: return .file
            case .frames: return .folder(legacyContents: PNGSequenceSink.isFramesFolder)
            case .layouts: return .folder(legacyContents: LayoutsFolderWriter.isLayoutsFolder)
            }
        }
    }

    /// Throws (exit 73) when `url`'s folder is missing or not writable, when the destination holds
    /// something this kind of output may not replace, or when it is, lies inside or contains one
    /// of the input runs `inputs`.
    static func check(_ url: URL, kind: Kind, inputs: [String]) throws {
        try OutputPath.checkWritable(url)
        try kind.rule.protecting(inputs.map { URL(fileURLWithPath: $0) }).check(url)
    }
}
