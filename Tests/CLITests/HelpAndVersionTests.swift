import Foundation
import XCTest

final class HelpAndVersionTests: XCTestCase {
    func testEverySubcommandHelpExplainsItselfWithAnExample() throws {
        for command in ["demo", "video", "strip", "layout", "inspect", "presets"] {
            let result = try runSucceeding([command, "--help"])
            XCTAssertTrue(result.stdout.hasPrefix("OVERVIEW: "), command)
            XCTAssertTrue(result.stdout.contains("USAGE: nm-render \(command)"), command)
            XCTAssertTrue(result.stdout.contains("\n  nm-render \(command)"), "\(command) --help shows no example")
        }
    }

    func testRootHelpDocumentsEveryExitCode() throws {
        let help = try runSucceeding(["--help"]).stdout
        XCTAssertTrue(help.contains("EXIT CODES:"))
        for code in ["0", "64", "65", "69", "70", "73", "130"] {
            XCTAssertTrue(help.contains("\n  \(code) "), "exit code \(code) missing from --help")
        }
    }

    func testRenderingCommandsDocumentTheExitCodes() throws {
        for command in ["video", "strip"] {
            XCTAssertTrue(try runSucceeding([command, "--help"]).stdout.contains("EXIT CODES:"), command)
        }
    }

    func testVersionIsOneSemanticVersionLine() throws {
        let result = try runSucceeding(["--version"])
        XCTAssertNotNil(result.stdout.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+\n$"#, options: .regularExpression), result.stdout)
    }

    func testUnknownSubcommandIsAnArgumentParserUsageError() throws {
        let result = try NMRenderProcess.run(["render", "run"])
        XCTAssertEqual(result.status, ExitCode.usage, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("Error: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("render"), result.stderr)
    }
}
