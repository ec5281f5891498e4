import ArgumentParser
import AtomicOutput
import Foundation

/// The tool's version, printed by `--version` and written into outputs' metadata.
let toolVersion = "0.1.0"

@main
struct NMRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nm-render",
        abstract: "Render how a neural network's internal representations evolve during training.",
        discussion: """
            Give it a training run (per epoch, the activations of the same samples at several blocks \
            of a model); it aligns 2D layouts across epochs with AlignedUMAP and renders MP4/GIF \
            videos or still epoch strips. Start with `nm-render demo`.

            \(ExitStatus.helpText)
            """,
        version: toolVersion,
        subcommands: [DemoCommand.self, VideoCommand.self, StripCommand.self, LayoutCommand.self, PlanCommand.self, WatchCommand.self, InspectCommand.self, PresetsCommand.self]
    )

    static func main() {
        InterruptCleanup.shared.install { signal in
            let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
            FileHandle.standardError.write(Data("\nnm-render: interrupted (\(name)); partial output removed\n".utf8))
        }
        do {
            var arguments = Array(CommandLine.arguments.dropFirst())
            if let name = arguments.first, let command = [("video", SettingsCommand.video), ("strip", .strip),
                                                           ("layout", .layout), ("plan", .plan),
                                                           ("watch", .watch)].first(where: { $0.0 == name })?.1 {
                let split = try SettingFlags.extract(from: Array(arguments.dropFirst()), for: command)
                SettingFlags.given = split.pairs
                arguments = [name] + split.rest
            }
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            InterruptCleanup.shared.waitIfInterrupting()
            if let status = ExitStatus(for: error) {
                FileHandle.standardError.write(Data("nm-render: error: \(TerminalText.safe(String(describing: error)))\n".utf8))
                Foundation.exit(status.rawValue)
            }
            exit(withError: error)
        }
    }

}
