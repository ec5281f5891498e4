import AlignedUMAP
import Foundation
@testable import Layout
import LayoutModel
import Runs
import XCTest

/// A progress sink that counts the layouts computed.
private final class CountingProgress: LayoutProgress, @unchecked Sendable {
    // Used from the test's thread only; the stage calls it synchronously.
    var computed: [String] = []
    func begin(_ name: String) { computed.append(name) }
    func update(_ done: Int, of total: Int, detail: String) {}
    func note(_ message: String) {}
    func end() -> Double { 0 }
}

/// Runs of the same samples are laid out together by default for 2 to 4 runs, in one cache
/// entry, with identical epochs identical.
final class JointRunLayoutsTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("joint-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Three classes, 45 samples, 3 epochs of block `a`; epoch 0 is the same for every `drift`,
    /// later epochs move by `drift`. `ids` reorders the samples.
    private func writeRun(named name: String, drift: Float, reversed: Bool = false) throws -> URL {
        let n = 45
        let order = reversed ? Array((0 ..< n).reversed()) : Array(0 ..< n)
        let labels = order.map { Int32($0 % 3) }
        let samples = SampleTable(ids: order.map { "s\($0)" }, labels: labels, classNames: ["x", "y", "z"])
        let writer = try RunWriter(destination: folder.appendingPathComponent(name), name: name,
                                   blocks: [RunManifest.Block(name: "a")], samples: samples)
        for e in 0 ..< 3 {
            var values = [Float]()
            for i in order {
                for d in 0 ..< 5 {
                    let centre: Float = i % 3 == d % 3 ? 3 : 0
                    values.append(centre + sin(Float(i * 7 + d * 3 + 1)) + (e == 0 ? 0 : drift * Float(e) * cos(Float(i + d))))
                }
            }
            try writer.write(block: "a", epoch: e, rows: n, cols: 5, values: values)
        }
        return try writer.finish()
    }

    private func stage(_ cache: LayoutCache?, options: (inout LayoutOptions) -> Void = { _ in })
        -> (LayoutStage, CountingProgress) {
        var parameters = AlignedUMAPParameters()
        parameters.nNeighbors = 6
        parameters.nEpochs = 20
        parameters.threads = 1
        var o = LayoutOptions(parameters: parameters)
        options(&o)
        let progress = CountingProgress()
        return (LayoutStage(options: o, cache: cache, toolVersion: "test", progress: progress), progress)
    }

    // MARK: the default rule

    func testTwoToFourRunsOfTheSameSamplesAreJointByDefault() throws {
        let options = LayoutOptions()
        XCTAssertFalse(try options.laysOutJointly(runCount: 1, shareSamples: true))
        for count in 2 ... 4 { XCTAssertTrue(try options.laysOutJointly(runCount: count, shareSamples: true)) }
        XCTAssertFalse(try options.laysOutJointly(runCount: 5, shareSamples: true), "a sweep is laid out run by run")
        XCTAssertFalse(try options.laysOutJointly(runCount: 2, shareSamples: false))
    }

    func testJointRunsAndIndependentRunsOverrideTheCount() throws {
        var joint = LayoutOptions()
        joint.jointRuns = true
        XCTAssertTrue(try joint.laysOutJointly(runCount: 12, shareSamples: true))
        XCTAssertThrowsError(try joint.laysOutJointly(runCount: 2, shareSamples: false, names: ("a", "b")))
        var independent = LayoutOptions()
        independent.independentRuns = true
        XCTAssertFalse(try independent.laysOutJointly(runCount: 2, shareSamples: true))
        independent.jointRuns = true
        XCTAssertThrowsError(try independent.laysOutJointly(runCount: 2, shareSamples: true)) { error in
            XCTAssertEqual(error as? JointRunsError, .conflictingFlags)
        }
    }

    func testRunsShareSamplesByIDWhateverTheirOrder() throws {
        let a = try Run.open(at: writeRun(named: "a", drift: 0.5))
        let b = try Run.open(at: writeRun(named: "b", drift: 1, reversed: true))
        XCTAssertTrue(try stage(nil).0.laysOutJointly([a, b]))
    }

    // MARK: layouts

    func testIdenticalFirstEpochsGetIdenticalLayoutsAndLaterOnesDiffer() throws {
        let runs = try [writeRun(named: "well", drift: 0.3), writeRun(named: "over", drift: 2)].map { try Run.open(at: $0) }
        let (stage, _) = stage(nil)
        let sets = try stage.jointLayouts(of: runs, blocks: ["a"], epochs: [0, 1, 2])
        XCTAssertEqual(sets.map(\.runName), ["well", "over"])
        let well = sets[0].blocks[0].positions, over = sets[1].blocks[0].positions
        XCTAssertEqual(well[0], over[0], "epoch 0 is the same activations in both runs")
        XCTAssertNotEqual(well[2], over[2])
    }

    func testSamplesAreTiedByIDAcrossRunsInAnotherOrder() throws {
        let a = try Run.open(at: writeRun(named: "a", drift: 0.5))
        let b = try Run.open(at: writeRun(named: "b", drift: 0.5, reversed: true))
        // Not the same files (rows reversed), so laid out twice; with a strong pull between the
        // runs, sample s_i (row i of a, row 44 − i of b) lands at one place in both.
        let sets = try stage(nil) { $0.runAlignment = 1 }.0.jointLayouts(of: [a, b], blocks: ["a"], epochs: [0])
        let pa = sets[0].blocks[0].positions[0].map(Double.init), pb = sets[1].blocks[0].positions[0].map(Double.init)
        func gap(_ i: Int, _ j: Int) -> Double { hypot(pa[2 * i] - pb[2 * j], pa[2 * i + 1] - pb[2 * j + 1]) }
        let byID = (0 ..< 45).map { gap($0, 44 - $0) }.sorted()
        let byRow = (0 ..< 45).map { gap($0, $0) }.sorted()
        let meanX = stride(from: 0, to: 90, by: 2).map { pa[$0] }.reduce(0, +) / 45
        let meanY = stride(from: 1, to: 90, by: 2).map { pa[$0] }.reduce(0, +) / 45
        let radius = ((0 ..< 45).map { hypot(pa[2 * $0] - meanX, pa[2 * $0 + 1] - meanY) }.map { $0 * $0 }.reduce(0, +) / 45).squareRoot()
        XCTAssertLessThan(byID[22], 0.1 * radius, "median gap by id")
        XCTAssertGreaterThan(byRow[22], 0.3 * radius, "rows of the same number are other samples")
    }

    // MARK: the cache

    func testAJointLayoutIsOneCacheEntryKeyedByAllItsRuns() throws {
        let cache = LayoutCache(folder: folder.appendingPathComponent("cache"))
        let paths = [try writeRun(named: "well", drift: 0.3), try writeRun(named: "over", drift: 2)]
        let runs = try paths.map { try Run.open(at: $0) }
        let (first, progress) = stage(cache)
        let computed = try first.jointLayouts(of: runs, blocks: ["a"], epochs: [0, 1, 2])
        XCTAssertEqual(progress.computed.count, 1, "one computation for both runs")
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.folder.path).filter { $0 != "digests" }
        XCTAssertEqual(entries.count, 1, "one entry: \(entries)")

        let (second, again) = stage(cache)
        let cached = try second.jointLayouts(of: runs, blocks: ["a"], epochs: [0, 1, 2])
        XCTAssertEqual(again.computed, [], "the second render reads the entry")
        XCTAssertEqual(second.cacheHits, 1)
        XCTAssertEqual(cached.map { $0.blocks[0].positions }, computed.map { $0.blocks[0].positions })

        let digests = ContentDigest(cache: cache)
        let key = try first.jointContentKey(runs: runs, block: "a", digests: digests)
        let swapped = try first.jointContentKey(runs: runs.reversed(), block: "a", digests: digests)
        XCTAssertNotEqual(key, swapped, "the runs' order is part of the key")
        let other = try Run.open(at: writeRun(named: "other", drift: 1))
        XCTAssertNotEqual(key, try first.jointContentKey(runs: [runs[0], other], block: "a", digests: digests),
                          "another second run's content is another key")
        let (stronger, _) = stage(cache) { $0.runAlignment = 0.05 }
        XCTAssertNotEqual(key, try stronger.jointContentKey(runs: runs, block: "a", digests: digests))
        XCTAssertNotEqual(key, try first.contentKey(run: runs[0], block: "a", epochs: runs[0].epochs, digests: digests),
                          "a joint entry is never a single run's")
    }

    func testPlansListOneJointUnitPerBlockOrOneUnitPerRunAndBlock() throws {
        let cache = LayoutCache(folder: folder.appendingPathComponent("cache"))
        let runs = try [writeRun(named: "well", drift: 0.3), writeRun(named: "over", drift: 2)].map { try Run.open(at: $0) }
        let (joint, _) = stage(cache)
        let units = try joint.units(of: runs, showing: ["a"])
        XCTAssertEqual(units.map(\.runs), [[0, 1]])
        XCTAssertFalse(units[0].cached)
        XCTAssertTrue(try joint.cacheJointLayouts(of: runs, block: "a"))
        XCTAssertEqual(try joint.units(of: runs, showing: ["a"]).map(\.cached), [true])
        XCTAssertEqual(try joint.units(of: runs, showing: ["a"]).map(\.key), units.map(\.key), "the unit runs what the plan named")
        let (independent, _) = stage(cache) { $0.independentRuns = true }
        XCTAssertEqual(try independent.units(of: runs, showing: ["a"]).map(\.runs), [[0], [1]])
    }
}
