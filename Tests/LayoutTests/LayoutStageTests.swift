import AlignedUMAP
import Foundation
import Layout
import LayoutModel
import Runs
import SeededRandom
import XCTest

/// A progress sink that records what the stage says.
private final class RecordedProgress: LayoutProgress, @unchecked Sendable {
    // Used from the test's thread only; the stage calls it synchronously.
    var notes: [String] = []
    var stages: [String] = []
    func begin(_ name: String) { stages.append(name) }
    func update(_ done: Int, of total: Int, detail: String) {}
    func note(_ message: String) { notes.append(message) }
    func end() -> Double { 0 }
}

final class LayoutStageTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("layout-stage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Two Gaussian blobs in 6-d per class, drifting a little each epoch; blocks `a` and `b`.
    private func writeRun(epochs: Int = 3, n: Int = 60) throws -> URL {
        let labels = (0 ..< n).map { Int32($0 % 2) }
        let samples = SampleTable(ids: (0 ..< n).map(String.init), labels: labels, classNames: ["even", "odd"])
        let writer = try RunWriter(destination: folder.appendingPathComponent("run"), name: "blobs",
                                   blocks: [RunManifest.Block(name: "a"), RunManifest.Block(name: "b")],
                                   samples: samples)
        var rng = SplitMix64(seed: 7)
        for e in 0 ..< epochs {
            for block in ["a", "b"] {
                var values = [Float]()
                for i in 0 ..< n {
                    for d in 0 ..< 6 {
                        let centre: Float = (labels[i] == 0) == (d % 2 == 0) ? 4 : 0
                        values.append(centre + Float(e) * 0.1 + Float.random(in: -1 ... 1, using: &rng))
                    }
                }
                try writer.write(block: block, epoch: e, rows: n, cols: 6, values: values)
            }
        }
        return try writer.finish()
    }

    private func stage(cache: LayoutCache?, orient: Bool = true) -> (LayoutStage, RecordedProgress) {
        var parameters = AlignedUMAPParameters()
        parameters.nNeighbors = 8
        parameters.nEpochs = 30
        let progress = RecordedProgress()
        return (LayoutStage(options: LayoutOptions(parameters: parameters, orient: orient), cache: cache,
                            toolVersion: "test", progress: progress), progress)
    }

    func testLayoutsCoverEveryAskedEpochAndSample() throws {
        let run = try Run.open(at: writeRun())
        let (stage, _) = stage(cache: nil)
        let set = try stage.layouts(of: run, blocks: ["a"], epochs: [0, 2])
        XCTAssertEqual(set.epochs, [0, 2])
        XCTAssertEqual(set.blocks.map(\.name), ["a"])
        XCTAssertEqual(set.blocks[0].positions.count, 2)
        XCTAssertTrue(set.blocks[0].positions.allSatisfy { $0.count == 120 && $0.allSatisfy(\.isFinite) })
    }

    func testSecondRequestIsServedFromTheCacheWithTheSamePositions() throws {
        let run = try Run.open(at: writeRun())
        let cache = LayoutCache(folder: folder.appendingPathComponent("cache"))
        let (first, _) = stage(cache: cache)
        let computed = try first.layouts(of: run, blocks: ["a", "b"], epochs: run.epochs)
        XCTAssertEqual(first.cacheMisses, 2)
        XCTAssertEqual(first.cacheHits, 0)

        let (second, progress) = stage(cache: cache)
        let cached = try second.layouts(of: run, blocks: ["a", "b"], epochs: run.epochs)
        XCTAssertEqual(second.cacheHits, 2)
        XCTAssertEqual(second.cacheMisses, 0)
        XCTAssertEqual(cached, computed)
        XCTAssertTrue(progress.stages.isEmpty, "a cache hit computes nothing")
    }

    func testChangedParametersMissTheCache() throws {
        let run = try Run.open(at: writeRun())
        let cache = LayoutCache(folder: folder.appendingPathComponent("cache"))
        _ = try stage(cache: cache, orient: false).0.layouts(of: run, blocks: ["a"], epochs: run.epochs)
        var parameters = AlignedUMAPParameters()
        parameters.nNeighbors = 9
        parameters.nEpochs = 30
        let other = LayoutStage(options: LayoutOptions(parameters: parameters, orient: false), cache: cache, toolVersion: "test",
                                progress: RecordedProgress())
        _ = try other.layouts(of: run, blocks: ["a"], epochs: run.epochs)
        XCTAssertEqual(other.cacheHits, 0)
        XCTAssertEqual(other.cacheMisses, 1)
    }

    /// Few neighbours and epochs: the order tests compare whole layouts, not their quality.
    private func quickParameters() -> AlignedUMAPParameters {
        var parameters = AlignedUMAPParameters()
        parameters.nNeighbors = 8
        parameters.nEpochs = 30
        return parameters
    }

    func testChainedOrderLaysOutEpochAfterEpochAndIsCachedApart() throws {
        let run = try Run.open(at: writeRun())
        let cache = LayoutCache(folder: folder.appendingPathComponent("cache"))
        let parameters = quickParameters()
        let chained = LayoutStage(options: LayoutOptions(parameters: parameters, orient: false, order: .chained),
                                  cache: cache, toolVersion: "test", progress: RecordedProgress())
        let positions = try chained.layouts(of: run, blocks: ["a"], epochs: run.epochs).blocks[0].positions

        // The same as the algorithm's chained fit of the block's epochs (sample i at row i here).
        var umap = AlignedUMAP(parameters: parameters)
        umap.schedule = .chained()
        let expected = try umap.fit(sliceCount: run.epochs.count) { m in
            let slice = try run.activations(block: "a", epoch: run.epochs[m])
            return AlignedUMAPSlice(rows: slice.rows, cols: slice.cols, values: slice.values, sampleIDs: slice.sampleIndices)
        }
        XCTAssertEqual(positions, expected.map(\.positions))

        // The default order (together, for a run this small) is another layout, under another cache entry.
        let (together, _) = stage(cache: cache, orient: false)
        let other = try together.layouts(of: run, blocks: ["a"], epochs: run.epochs).blocks[0].positions
        XCTAssertEqual(together.cacheMisses, 1)
        XCTAssertNotEqual(other, positions)
    }

    func testAutoOrderChainsRunsFromTenThousandSamplesAndOptimisesSmallerOnesTogether() {
        XCTAssertEqual(LayoutOrder.auto.resolved(sampleCount: 1_000), .together)
        XCTAssertEqual(LayoutOrder.auto.resolved(sampleCount: 9_999), .together)
        XCTAssertEqual(LayoutOrder.auto.resolved(sampleCount: 10_000), .chained)
        XCTAssertEqual(LayoutOrder.auto.resolved(sampleCount: 50_000), .chained)
        XCTAssertEqual(LayoutOrder.together.resolved(sampleCount: 10_000), .together)
        XCTAssertEqual(LayoutOrder.chained.resolved(sampleCount: 10), .chained)
        XCTAssertEqual(LayoutOptions().order, .auto)
    }

    func testAutoOrderIsTheOrderItPicksInTheCacheAndTheRecord() throws {
        let run = try Run.open(at: writeRun())
        let cache = LayoutCache(folder: folder.appendingPathComponent("cache"))
        let parameters = quickParameters()
        let explicit = LayoutStage(options: LayoutOptions(parameters: parameters, orient: false, order: .together),
                                   cache: cache, toolVersion: "test", progress: RecordedProgress())
        let expected = try explicit.layouts(of: run, blocks: ["a"], epochs: run.epochs).blocks[0].positions
        let auto = LayoutStage(options: LayoutOptions(parameters: parameters, orient: false, order: .auto),
                               cache: cache, toolVersion: "test", progress: RecordedProgress())
        let positions = try auto.layouts(of: run, blocks: ["a"], epochs: run.epochs).blocks[0].positions
        XCTAssertEqual(auto.cacheHits, 1)
        XCTAssertEqual(positions, expected)
        XCTAssertEqual(auto.parameterRecord(sampleCount: run.sampleCount)["order"], "together")
        XCTAssertEqual(auto.parameterRecord(sampleCount: 10_000)["order"], "chained")
    }

    func testAStripOfOneBlockShowsThatBlockAsInTheWholeRun() throws {
        let run = try Run.open(at: writeRun())
        let (both, _) = stage(cache: nil)
        let whole = try both.layouts(of: run, blocks: ["a", "b"], epochs: run.epochs)
        let (one, _) = stage(cache: nil)
        let alone = try one.layouts(of: run, blocks: ["a"], epochs: run.epochs)
        XCTAssertEqual(alone.blocks[0].positions, whole.blocks[0].positions)
    }

    func testAnUncreatableCacheIsOneWarningAndTheLayoutsStillCome() throws {
        let blocker = folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let run = try Run.open(at: writeRun())
        let (stage, progress) = stage(cache: LayoutCache(folder: blocker.appendingPathComponent("cache")))
        let set = try stage.layouts(of: run, blocks: ["a", "b"], epochs: run.epochs)
        XCTAssertEqual(set.blocks.count, 2)
        XCTAssertEqual(progress.notes.filter { $0.contains("not cached") }.count, 1, "\(progress.notes)")
        XCTAssertTrue(progress.notes.contains { $0.contains(blocker.path) }, "\(progress.notes)")
    }
}
