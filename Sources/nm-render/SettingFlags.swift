import Foundation

/// The setting flags of one command line, generated from `SettingKey`: `--key value`,
/// `--key=value`, and `--key` / `--no-key` for on/off settings. They are taken out of the
/// arguments before ArgumentParser sees the rest, so every setting has exactly one flag with
/// one spelling, validation and help, whichever module declares it.
enum SettingFlags {
    /// The pairs taken from this process's command line. Written once by `main` before any
    /// command runs and only read afterwards, so no two threads ever race on it.
    nonisolated(unsafe) static var given: [(key: String, value: String, origin: String)] = []

    /// Splits `arguments` (after the program name) into the setting pairs of `command` and
    /// the rest. A value is the next argument whatever it looks like (`--epochs -1:3`).
    static func extract(from arguments: [String], for command: SettingsCommand) throws
        -> (rest: [String], pairs: [(key: String, value: String, origin: String)]) {
        // `plan` takes a render's settings as they are (so a sweep script passes one set of
        // options to both) and uses those that decide which layouts are needed.
        let keys = command == .plan ? SettingKey.all : SettingKey.all(for: command)
        var rest: [String] = []
        var pairs: [(key: String, value: String, origin: String)] = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            if argument == "--" {
                rest.append(contentsOf: arguments[(i - 1)...])
                break
            }
            guard argument.hasPrefix("--") else { rest.append(argument); continue }
            let body = argument.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let inline = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
            if let key = keys.first(where: { $0.key == name }) {
                if let inline {
                    pairs.append((key.key, inline, "--\(key.key)"))
                } else if key.isSwitch {
                    pairs.append((key.key, "true", "--\(key.key)"))
                } else {
                    guard i < arguments.count else {
                        throw CLIError.usage("--\(key.key) needs a value: \(key.expected)")
                    }
                    pairs.append((key.key, arguments[i], "--\(key.key)"))
                    i += 1
                }
            } else if name.hasPrefix("no-"), inline == nil,
                      let key = keys.first(where: { $0.isSwitch && $0.key == name.dropFirst(3) }) {
                pairs.append((key.key, "false", "--no-\(key.key)"))
            } else {
                rest.append(argument)
            }
        }
        return (rest, pairs)
    }

    /// The SETTINGS block of a command's `--help`, wrapped to ArgumentParser's 80 columns with
    /// every line indented (it re-flows lines that start at column 0).
    static func helpSection(for command: SettingsCommand) -> String {
        var lines = ["SETTINGS (flags; also `key = value` in presets and --config files):"]
        for key in SettingKey.all(for: command) {
            let flag = key.isSwitch ? "--\(key.key), --no-\(key.key)" : "--\(key.key) <\(key.valueName)>"
            lines.append("  " + flag)
            lines.append(contentsOf: wrap(key.fullHelp, width: 70).map { "      " + $0 })
        }
        return lines.joined(separator: "\n")
    }

    /// Greedy word wrap.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
