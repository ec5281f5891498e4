import ArgumentParser
import Foundation
import Layout
import LayoutModel
import Runs

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise a run: kind, blocks, epochs, samples, classes, ids, metrics, size.",
        discussion: """
            Reads only headers and the small side files, so it answers at once even for runs of \
            hundreds of gigabytes. --check also reads every array and reports NaN or infinite values.

            RUN is an activations run folder, a layouts folder (`nm-render layout --out`), or a \
            NeuroMapper demo folder (choose the variant with --variant when it holds several).

            Examples:
              nm-render inspect runs/resnet-wellfit
              nm-render inspect runs/resnet-wellfit --json --check
              nm-render inspect neuromapper-demo --variant overfit
            """
    )

    @Argument(help: ArgumentHelp("The run folder.", valueName: "run"))
    var runPath: String

    @Option(help: ArgumentHelp("NeuroMapper folders: the variant to read, e.g. 'overfit' or '(20, 0.1)'.", valueName: "name"))
    var variant: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "Read every array and fail (exit 65) on NaN or infinite values.")
    var check = false

    func run() throws {
        let opened = try Run.open(at: URL(fileURLWithPath: runPath), variant: variant)
        if check { try opened.check() }
        if json {
            print(try opened.summary.json())
        } else {
            print(opened.summary.text.utf8.split(separator: 10, omittingEmptySubsequences: false).map { TerminalText.safe(String(Substring($0))) }.joined(separator: "\n"))
            if check { print("check    every array is finite") }
        }
    }
}

