import AlignedUMAP
import Foundation
@testable import Layout
import LayoutModel
import Runs
import XCTest

/// A progress sink that says nothing.
private final class SilentProgress: LayoutProgress, @unchecked Sendable {
    func begin(_ name: String) {}
    func update(_ done: Int, of total: Int, detail: String) {}
    func note(_ message: String) {}
    func end() -> Double { 0 }
}

/// The cache is keyed by the arrays' content: copies and other mount points hit, changed bytes
/// miss, digests are remembered by file identity, and entries are stored whole by many writers.
final class ContentKeyTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("content-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Three classes on their own axes, pulled apart as epochs go on; blocks `a` and `b`.
    private func writeRun(named name: String, n: Int = 45) throws -> URL {
        let labels = (0 ..< n).map { Int32($0 % 3) }
        let samples = SampleTable(ids: (0 ..< n).map(String.init), labels: labels, classNames: ["x", "y", "z"])
        let writer = try RunWriter(destination: folder.appendingPathComponent(name), name: name,
                                   blocks: [RunManifest.Block(name: "a"), RunManifest.Block(name: "b")], samples: samples)
        for e in 0 ..< 3 {
            for (b, block) in ["a", "b"].enumerated() {
                var values = [Float]()
                for i in 0 ..< n {
                    for d in 0 ..< 5 {
                        let centre: Float = Int(labels[i]) == d % 3 ? Float(2 + e) : 0
                        values.append(centre + sin(Float(i * 7 + d * 3 + b + 1)))
                    }
                }
                try writer.write(block: block, epoch: e, rows: n, cols: 5, values: values)
            }
        }
        return try writer.finish()
    }

    private func stage(_ cache: LayoutCache?) -> LayoutStage {
        var parameters = AlignedUMAPParameters()
        parameters.nNeighbors = 6
        parameters.nEpochs = 20
        return LayoutStage(options: LayoutOptions(parameters: parameters, orient: false), cache: cache,
                           toolVersion: "test", progress: SilentProgress())
    }

    private func copyFolder(_ source: URL, to name: String) throws -> URL {
        let copy = folder.appendingPathComponent(name)
        try FileManager.default.copyItem(at: source, to: copy)
        return copy
    }

    func testSHA256MatchesTheStandardVectorsWhateverThePieces() {
        XCTAssertEqual(SHA256().hexDigest(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var abc = SHA256()
        abc.update("abc")
        XCTAssertEqual(abc.hexDigest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // 56 bytes: the padding needs a second block. Fed in pieces that straddle block ends.
        let text = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        var pieces = SHA256()
        pieces.update(Array(text[0 ..< 3]))
        pieces.update(Array(text[3 ..< 50]))
        pieces.update(Array(text[50...]))
        XCTAssertEqual(pieces.hexDigest(), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var long = SHA256()
        for _ in 0 ..< 1000 { long.update(Array(repeating: UInt8(ascii: "a"), count: 1000)) }
        XCTAssertEqual(long.hexDigest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testACopyUnderAnotherNameHitsTheSameEntry() throws {
        let original = try writeRun(named: "lr-01")
        let copy = try copyFolder(original, to: "elsewhere")
        let cache = LayoutCache(folder: folder.appendingPathComponent("cache"))
        let first = stage(cache)
        let computed = try first.layouts(of: try Run.open(at: original), blocks: ["a"], epochs: [0, 1, 2])
        XCTAssertEqual(first.cacheMisses, 1)
        let second = stage(cache)
        let fromCopy = try second.layouts(of: try Run.open(at: copy), blocks: ["a"], epochs: [0, 1, 2])
        XCTAssertEqual(second.cacheHits, 1, "the copy's arrays hold the same bytes")
        XCTAssertEqual(second.cacheMisses, 0)
        XCTAssertEqual(fromCopy.blocks[0].positions, computed.blocks[0].positions)
    }

    func testOneChangedActivationMissesTheCache() throws {
        let original = try writeRun(named: "run")
        let cache = LayoutCache(folder: folder.appendingPathComponent("cache"))
        _ = try stage(cache).layouts(of: try Run.open(at: original), blocks: ["a"], epochs: [0, 1, 2])
        let changed = try copyFolder(original, to: "changed")
        // Flip one bit of the last float of epoch 1's block a (after the header, inside the data).
        let path = changed.appendingPathComponent("epoch_001/a.npy")
        var bytes = try Data(contentsOf: path)
        bytes[bytes.count - 1] ^= 0x01
        try bytes.write(to: path)
        let other = stage(cache)
        _ = try other.layouts(of: try Run.open(at: changed), blocks: ["a"], epochs: [0, 1, 2])
        XCTAssertEqual(other.cacheMisses, 1)
        XCTAssertEqual(other.cacheHits, 0)
    }

    func testADigestIsRememberedByFileIdentityUntilTheFileChanges() throws {
        let file = folder.appendingPathComponent("data.bin")
        try Data("first version".utf8).write(to: file)
        let digests = ContentDigest(indexFolder: folder.appendingPathComponent("digests"))
        let real = try digests.digest(ofFile: file.path)
        XCTAssertEqual(real, try ContentDigest.hash(path: file.path))
        // A remembered digest is answered without reading the file: plant another one and see it come back.
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("digests").path)
        XCTAssertEqual(entries.count, 1)
        let planted = String(repeating: "0", count: 64)
        try Data(planted.utf8).write(to: folder.appendingPathComponent("digests").appendingPathComponent(entries[0]))
        XCTAssertEqual(try digests.digest(ofFile: file.path), planted)
        // New bytes give a new identity (size and modification time), so they are hashed.
        try Data("second version, longer".utf8).write(to: file)
        XCTAssertEqual(try digests.digest(ofFile: file.path), try ContentDigest.hash(path: file.path))
        XCTAssertNotEqual(try digests.digest(ofFile: file.path), real)
    }

    func testStoringAKeyThatAnotherWriterStoredFirstKeepsOneWholeEntry() throws {
        let run = try Run.open(at: writeRun(named: "run"))
        let cache = LayoutCache(folder: folder.appendingPathComponent("cache"))
        try cache.prepare()
        let key = CacheKey(["race"])
        let set = LayoutSet(runName: "run", epochs: [0], blocks: [BlockLayout(name: "a", positions: [Array(repeating: 1, count: 90)])],
                            samples: run.samples)
        try cache.storeShared(set, parameters: ["who": "first"], key: key)
        try cache.storeShared(set, parameters: ["who": "second"], key: key)
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.folder.path)
        XCTAssertEqual(names, [key.hex], "no staging folder is left behind")
        XCTAssertEqual(try Run.open(at: cache.entry(for: key)).layoutParameters["who"], "first")
    }

    func testOneOrientedBlockIsOneUnitAndTurnsCachedWhenRun() throws {
        let run = try Run.open(at: writeRun(named: "run"))
        var parameters = AlignedUMAPParameters()
        parameters.nNeighbors = 6
        parameters.nEpochs = 20
        let oriented = LayoutStage(options: LayoutOptions(parameters: parameters, orient: true),
                                   cache: LayoutCache(folder: folder.appendingPathComponent("cache")),
                                   toolVersion: "test", progress: SilentProgress())
        let before = try oriented.units(of: run, showing: ["a"])
        XCTAssertEqual(before.map(\.block), ["a"], "one block costs one block, oriented or not")
        XCTAssertEqual(before.map(\.cached), [false])
        XCTAssertTrue(try oriented.cacheLayouts(of: run, block: "a"))
        XCTAssertFalse(try oriented.cacheLayouts(of: run, block: "a"), "a second run of a unit finds it cached")
        let after = try oriented.units(of: run, showing: ["a"])
        XCTAssertEqual(after.map(\.cached), [true])
        XCTAssertEqual(after.map(\.key), before.map(\.key))
    }

    func testUnitsNeedACache() throws {
        let run = try Run.open(at: writeRun(named: "run"))
        XCTAssertThrowsError(try stage(nil).units(of: run, showing: ["a"])) { error in
            XCTAssertTrue("\(error)".contains("--cache"), "\(error)")
        }
    }
}
