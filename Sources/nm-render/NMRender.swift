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
        subcommands: [DemoCommand.self, VideoCommand.self, StripCommand.self, LayoutCommand.self, InspectCommand.self, PresetsCommand.self]
    )

    static func main() {
        InterruptCleanup.shared.install { signal in
            let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
            FileHandle.standardError.write(Data("\nnm-render: interrupted (\(name)); partial output removed\n".utf8))
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if let status = exitStatus(for: error) {
                FileHandle.standardError.write(Data("nm-render: error: \(error)\n".utf8))
                Foundation.exit(status.rawValue)
            }
            exit(withError: error)
        }
    }

    /// Our own errors carry their exit status; ArgumentParser's (help, usage) are left to it.
    static func exitStatus(for error: Error) -> ExitStatus? {
        switch error {
        case let e as CLIError: return e.status
        case is SettingsError: return .usage
        case is OutputError: return .cannotCreate
        case let e as ExitCodedError: return ExitStatus(moduleCode: e.exitCode)
        default: return nil
        }
    }
}

/// Module errors that know their sysexits code.
protocol ExitCodedError: Error, CustomStringConvertible {
    var exitCode: Int32 { get }
}
