import Foundation

/// A preset or `--config` file: `key = value` lines, `#` comments, blank lines ignored.
/// Keys are the long flag names without dashes (see `nm-render presets --keys`).
struct SettingsFile {
    /// A one-line description, from a leading `# description: …` comment.
    var description: String
    var pairs: [(key: String, value: String, origin: String)]

    init(text: String, origin: String) throws {
        description = ""
        pairs = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let at = "\(origin):\(index + 1)"
            if line.hasPrefix("#") {
                let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
                if body.hasPrefix("description:") {
                    description = body.dropFirst("description:".count).trimmingCharacters(in: .whitespaces)
                }
                continue
            }
            if line.isEmpty { continue }
            guard let eq = line.firstIndex(of: "=") else { throw SettingsError.badLine(line, origin: at) }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            guard !key.isEmpty else { throw SettingsError.badLine(line, origin: at) }
            pairs.append((key, value, at))
        }
    }

    init(contentsOf url: URL) throws {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CLIError.usage("cannot read config file \(url.path): \(error.localizedDescription)")
        }
        try self.init(text: text, origin: url.path)
    }
}

/// The presets shipped in `presets/` (installed beside the executable as a resource bundle).
enum PresetLibrary {
    /// Folders searched in order: `$NM_RENDER_PRESETS`, the bundle SwiftPM copies next to the
    /// executable, `../share/nm-render/presets` for installed layouts, and the source tree.
    static var folders: [URL] {
        var result: [URL] = []
        if let env = ProcessInfo.processInfo.environment["NM_RENDER_PRESETS"] {
            result.append(URL(fileURLWithPath: env))
        }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        result.append(exe.appendingPathComponent("nm-render_nm-render.resources/presets"))
        result.append(exe.appendingPathComponent("../share/nm-render/presets").standardizedFileURL)
        result.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../presets").standardizedFileURL)
        return result
    }

    static var folder: URL? {
        folders.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("talk-1080p.conf").path) }
    }

    static func names() -> [String] {
        guard let folder, let items = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return items.filter { $0.hasSuffix(".conf") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func load(_ name: String) throws -> SettingsFile {
        guard let folder, names().contains(name) else {
            throw SettingsError.unknownPreset(name, available: names())
        }
        return try SettingsFile(contentsOf: folder.appendingPathComponent("\(name).conf"))
    }
}
