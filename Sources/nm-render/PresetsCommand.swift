import ArgumentParser
import Foundation

struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List the shipped presets, print one, or list every setting key.",
        discussion: """
            A preset is a settings file: `key = value` lines and `#` comments, with keys named like \
            the long flags. Precedence: preset < --config FILE < flags.

            Examples:
              nm-render presets
              nm-render presets talk-1080p
              nm-render presets --keys
            """
    )

    @Argument(help: "A preset to print (omit to list them all).")
    var name: String?

    @Flag(help: "List every setting key a preset, a config file or a flag can set.")
    var keys = false

    func run() throws {
        if keys {
            let width = SettingKey.all.map(\.key.count).max() ?? 0
            for key in SettingKey.all {
                print(key.key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + key.fullHelp)
            }
            return
        }
        if let name {
            let file = try PresetLibrary.load(name)
            for pair in file.pairs { print("\(pair.key) = \(pair.value)") }
            return
        }
        let names = PresetLibrary.names()
        guard !names.isEmpty else {
            throw CLIError.usage("no presets found in \(PresetLibrary.overrideFolder?.path ?? "the executable")")
        }
        let width = names.map(\.count).max() ?? 0
        for name in names {
            let description = (try? PresetLibrary.load(name).description) ?? ""
            print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + description)
        }
    }
}
