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
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CLIError.usage("config file \(url.path) does not exist")
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CLIError.usage("cannot read config file \(url.path): it is not readable UTF-8 text")
        }
        try self.init(text: text, origin: url.path)
    }
}

/// The presets shipped in `presets/`, compiled into the executable (`ShippedPresets.swift`).
/// `NM_RENDER_PRESETS=DIR` replaces them with the `.conf` files of another folder.
enum PresetLibrary {
    static var overrideFolder: URL? {
        ProcessInfo.processInfo.environment["NM_RENDER_PRESETS"].map { URL(fileURLWithPath: $0) }
    }

    static func names() -> [String] {
        if let folder = overrideFolder {
            let items = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return items.filter { $0.hasSuffix(".conf") }.map { String($0.dropLast(5)) }.sorted()
        }
        return shippedPresets.keys.sorted()
    }

    static func load(_ name: String) throws -> SettingsFile {
        guard names().contains(name) else { throw SettingsError.unknownPreset(name, available: names()) }
        if let folder = overrideFolder {
            return try SettingsFile(contentsOf: folder.appendingPathComponent("\(name).conf"))
        }
        return try SettingsFile(text: shippedPresets[name]!, origin: "preset \(name)")
    }
}
