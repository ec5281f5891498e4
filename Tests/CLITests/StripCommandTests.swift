import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

final class StripCommandTests: XCTestCase {
    private var folder: URL!
    private var run: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder()
        run = try GeneratedRun().write(to: folder.appendingPathComponent("tiny"))
    }

    /// `nm-render strip RUNS -o OUT` with fast layout settings and the cache in the test folder.
    private func strip(_ runs: [URL], to out: URL, _ extra: [String] = []) throws -> NMRenderProcess.Result {
        try NMRenderProcess.run(["strip"] + runs.map(\.path) + ["-o", out.path, "--quiet", "--dpi", "72"]
                                + FastArguments.layout + FastArguments.cache(in: folder) + extra)
    }

    // MARK: outputs

    func testPNGIsByteIdenticalAcrossTwoRuns() throws {
        let a = folder.appendingPathComponent("a.png"), b = folder.appendingPathComponent("b.png")
        XCTAssertEqual(try strip([run], to: a, ["--epochs", "0,1,2"]).status, 0)
        // The second run recomputes the layouts (no cache), so this covers the whole pipeline.
        XCTAssertEqual(try strip([run], to: b, ["--epochs", "0,1,2", "--no-cache"]).status, 0)
        XCTAssertEqual(try bytes(a), try bytes(b))
    }

    func testPNGCarriesTheToolVersionInATextChunk() throws {
        let out = folder.appendingPathComponent("strip.png")
        XCTAssertEqual(try strip([run], to: out).status, 0)
        let version = try runSucceeding(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = PNGTextChunks.read(try bytes(out))
        XCTAssertEqual(text["Software"], "nm-render \(version)")
    }

    func testPDFIsAPDFDocument() throws {
        let out = folder.appendingPathComponent("strip.pdf")
        let result = try strip([run], to: out, ["--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual((try runReport(result, command: "strip")["outputs"] as? [[String: Any]])?.first?["kind"] as? String, "pdf")
        let data = try bytes(out)
        XCTAssertTrue(data.starts(with: Array("%PDF-".utf8)))
        XCTAssertTrue(String(decoding: data.suffix(32), as: UTF8.self).contains("%%EOF"))
    }

    func testSVGIsWellFormedXMLWithAnSVGRoot() throws {
        let out = folder.appendingPathComponent("strip.svg")
        XCTAssertEqual(try strip([run], to: out).status, 0)
        let parser = XMLParser(data: try bytes(out))
        let root = SVGRootRecorder()
        parser.delegate = root
        XCTAssertTrue(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
        XCTAssertEqual(root.name, "svg")
    }

    func testRowsBlocksDrawsEveryBlockOfOneRun() throws {
        let byRuns = folder.appendingPathComponent("runs.png"), byBlocks = folder.appendingPathComponent("blocks.png")
        XCTAssertEqual(try strip([run], to: byRuns).status, 0)
        let result = try strip([run], to: byBlocks, ["--rows", "blocks"])
        XCTAssertEqual(result.status, 0, result.stderr)
        // Two rows (blocks) instead of one (the run): a taller figure of the same width.
        let (runsWidth, runsHeight) = try pngSize(byRuns), (blocksWidth, blocksHeight) = try pngSize(byBlocks)
        XCTAssertEqual(blocksWidth, runsWidth)
        XCTAssertGreaterThan(blocksHeight, runsHeight)
    }

    func testNeuroMapperSampleStripHasOneRowPerRun() throws {
        let sample = try requireSharedData("neuromapper-sample")
        let one = folder.appendingPathComponent("one.png"), two = folder.appendingPathComponent("two.png")
        let result = try strip([sample], to: one, ["--block", "layer4", "--epochs", "5,100,200", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try runReport(result, command: "strip")
        XCTAssertEqual(report["cache_misses"] as? Int, 0, "ready 2D layouts must not be recomputed")
        XCTAssertEqual((report["outputs"] as? [[String: Any]])?.first?["bytes"] as? Int, try bytes(one).count)
        XCTAssertEqual(try strip([sample, sample], to: two, ["--block", "layer4", "--epochs", "5,100,200"]).status, 0)
        XCTAssertEqual(try pngSize(two).width, try pngSize(one).width)
        XCTAssertGreaterThan(try pngSize(two).height, try pngSize(one).height)
    }

    func testWithoutEpochsALongRunShowsFirstLastAndThreeBetween() throws {
        let sample = try requireSharedData("neuromapper-sample")
        let chosen = folder.appendingPathComponent("chosen.png"), listed = folder.appendingPathComponent("listed.png")
        XCTAssertEqual(try strip([sample], to: chosen).status, 0)
        // 40 saved epochs 5..200: indices 0, 10, 20, 29, 39 (i x 39 / 4, rounded).
        XCTAssertEqual(try strip([sample], to: listed, ["--epochs", "5,55,105,150,200"]).status, 0)
        XCTAssertEqual(try bytes(chosen), try bytes(listed))
    }

    // MARK: bad flags

    func testNameGivesEachRunItsDisplayNameEvenWithCommas() throws {
        let out = folder.appendingPathComponent("named.png")
        let result = try strip([run, run], to: out, ["--name", "digits CNN, well-fit", "--name", "digits CNN, over-fit"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let comment = PNGTextChunks.read(try bytes(out))["Comment"] ?? ""
        XCTAssertTrue(comment.hasSuffix("runs digits CNN, well-fit, digits CNN, over-fit"), comment)
    }

    func testMoreNamesThanRunsIsAUsageError() throws {
        let result = try strip([run], to: folder.appendingPathComponent("strip.png"), ["--name", "a", "--name", "b"])
        assertError(result, status: ExitCode.usage, mentioning: ["--name", "2 times", "1 run"])
    }

    func testRowsBlocksWithTwoRunsIsAUsageError() throws {
        let result = try strip([run, run], to: folder.appendingPathComponent("strip.png"), ["--rows", "blocks"])
        assertError(result, status: ExitCode.usage, mentioning: ["--rows blocks", "one run", "got 2"])
    }

    func testUnknownExtensionIsAUsageErrorListingTheFormats() throws {
        let result = try strip([run], to: folder.appendingPathComponent("strip.jpg"))
        assertError(result, status: ExitCode.usage, mentioning: ["strip.jpg", ".png, .pdf or .svg"])
    }

    func testUnknownBlockIsAUsageErrorListingTheBlocks() throws {
        let result = try strip([run], to: folder.appendingPathComponent("strip.png"), ["--block", "block9"])
        assertError(result, status: ExitCode.usage, mentioning: ["block9", "block1, block2"])
    }

    func testBadRowsValueIsAUsageErrorListingTheChoices() throws {
        let result = try strip([run], to: folder.appendingPathComponent("strip.png"), ["--rows", "columns"])
        assertError(result, status: ExitCode.usage, mentioning: ["--rows", "'columns'", "runs, blocks"])
    }

    func testMissingOutputFolderIsCannotCreate() throws {
        let out = folder.appendingPathComponent("absent/strip.png")
        assertError(try strip([run], to: out), status: ExitCode.cannotCreate, mentioning: [out.path])
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("absent").path))
    }

    // MARK: files not drawn

    func testADamagedNeuroMapperFileNotDrawnDoesNotFailTheStrip() throws {
        let sample = try requireSharedData("neuromapper-sample")
        let copy = folder.appendingPathComponent("nm")
        try FileManager.default.copyItem(at: sample, to: copy)
        // The run's first labels file, and an epoch of the drawn block that is not drawn.
        let labels = copy.appendingPathComponent("layer1_pre_embeded_(20, 0.1)/5_labels.csv")
        try Data("damaged\n".utf8).write(to: labels)
        try Data("1,2\n".utf8).write(to: copy.appendingPathComponent("layer4_pre_embeded_(20, 0.1)/15_embedding.csv"))
        let out = folder.appendingPathComponent("strip.png")
        let result = try strip([copy], to: out, ["--block", "layer4", "--epochs", "5,100,200"])
        XCTAssertEqual(result.status, 0, result.stderr)
        assertError(try NMRenderProcess.run(["inspect", copy.path, "--check"]), status: ExitCode.dataError, mentioning: [labels.path])
    }

    func testADamagedActivationsFileOfABlockNotDrawnDoesNotFailTheStrip() throws {
        let damaged = run.appendingPathComponent("epoch_001/block1.npy")
        try Data(try bytes(damaged).dropLast(8)).write(to: damaged)
        let result = try strip([run], to: folder.appendingPathComponent("strip.png"), ["--block", "block2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        assertError(try strip([run], to: folder.appendingPathComponent("other.png"), ["--block", "block1"]),
                    status: ExitCode.dataError, mentioning: [damaged.path, "truncated"])
    }

    // MARK: helpers

    /// Width and height from the IHDR chunk, which PNG requires first (bytes 16-23).
    private func pngSize(_ url: URL) throws -> (width: Int, height: Int) {
        let header = [UInt8](try bytes(url).prefix(24))
        XCTAssertTrue(header.starts(with: PNGTextChunks.signature))
        func be32(_ at: Int) -> Int { header[at ..< at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}

/// Records the name of an XML document's root element.
private final class SVGRootRecorder: NSObject, XMLParserDelegate {
    var name: String?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if name == nil { name = elementName }
    }
}
