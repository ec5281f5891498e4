import ArgumentParser
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train a small network twice (well-fit and over-fit) and render the comparison, with no input.",
        discussion: """
            Trains a multilayer perceptron in Swift, for real (forward, backward, SGD), on a \
            generated 10-class spiral problem that is not linearly separable: once on plenty of \
            data (well-fit), once on 100 samples with 20% noisy labels (over-fit), from the same \
            initial weights. Every epoch the activations of its blocks on the same 800 evaluation \
            samples are recorded. The whole pipeline then writes, into OUT:

              runs/well-fit, runs/over-fit  the recorded runs (input format)
              demo.mp4        both runs side by side, every block, 1280x720
              demo.gif        the same, small, for READMEs
              demo-strip.png  last hidden block of both runs at 5 epochs

            Example:
              nm-render demo --out nm-demo
            """
    )

    @Option(help: ArgumentHelp("Folder to write into (created if missing).", valueName: "dir"))
    var out = "nm-demo"

    @OptionGroup var report: ReportFlags

    func run() throws {
        let folder = URL(fileURLWithPath: out)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError.cannotCreate("cannot create \(folder.path): \(error.localizedDescription)")
        }
        let progress = ProgressReporter(quiet: report.quiet)
        let summary = try DemoPipeline().render(into: folder, progress: progress)
        if report.json { summary.printJSON() }
    }
}

