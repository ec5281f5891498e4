import ArgumentParser

@main
struct NMRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nm-render",
        abstract: "Render how a neural network's representations evolve during training.",
        version: "0.1.0",
        subcommands: []
    )
}
