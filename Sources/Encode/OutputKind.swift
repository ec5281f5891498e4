import Foundation

/// What kind of output a destination path asks for, from its extension.
public enum OutputKind: String, Sendable, CaseIterable {
    case mp4
    case gif
    case webm
    /// A folder of `frame_000001.png`, ...
    case pngSequence

    /// `.mp4`, `.gif`, `.webm` (any case); a path with no extension, ending in `/`, or naming an
    /// existing folder is a PNG sequence folder. Anything else is `EncodeError.unknownExtension`.
    public init(destination: URL) throws {
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
