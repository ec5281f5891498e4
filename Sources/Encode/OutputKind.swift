import Foundation

/// What kind of output a destination path asks for, from its extension.
public enum OutputKind: String, Sendable, CaseIterable {
    static let byExtension: [String: OutputKind] = ["mp4": .mp4, "gif": .gif, "webm": .webm]

    case mp4
    case gif
    case webm
    /// A folder of `frame_000001.png`, ...
    case pngSequence

    /// `.mp4`, `.gif`, `.webm` (any case), whatever is at the path (an existing folder named
    /// `x.mp4` is refused by the output rule, never filled with frames); a path with no
    /// extension, ending in `/`, or naming an existing folder is a PNG sequence folder. Anything
    /// else is `EncodeError.unknownExtension`.
    public init(destination: URL) throws {
        if let kind = Self.byExtension[destination.pathExtension.lowercased()] {
            self = kind
            return
        }
        var isDirectory: ObjCBool = false
        if destination.hasDirectoryPath
            || (FileManager.default.fileExists(atPath: destination.path, isDirectory: &isDirectory) && isDirectory.boolValue) {
            self = .pngSequence
            return
        }
        let ext = destination.pathExtension.lowercased()
        switch ext {
        case "mp4": self = .mp4
        case "gif": self = .gif
        case "webm": self = .webm
        case "": self = .pngSequence
        default: throw EncodeError.unknownExtension(path: destination.path, pathExtension: destination.pathExtension)
        }
    }
}
