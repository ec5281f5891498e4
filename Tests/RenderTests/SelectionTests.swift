import LayoutModel
import XCTest
@testable import Render

/// Which samples are drawn, and in which order.
final class SelectionTests: XCTestCase {
    private let labels: [Int32] = (0..<1000).map { $0 < 500 ? 0 : $0 < 800 ? 1 : $0 < 950 ? 2 : 3 }

    func testTheSubsetHasExactlyNSortedDistinctIndices() {
        let subset = SampleSubset.stratified(labels: labels, count: 137, seed: 4)
        XCTAssertEqual(subset.count, 137)
        XCTAssertEqual(subset, subset.sorted())
        XCTAssertEqual(Set(subset).count, 137)
        XCTAssertTrue(subset.allSatisfy { (0..<1000).contains($0) })
    }

    func testTheSubsetKeepsClassProportions() {
        let subset = SampleSubset.stratified(labels: labels, count: 100, seed: 1)
        var counts = [0, 0, 0, 0]
        for i in subset { counts[Int(labels[i])] += 1 }
        XCTAssertEqual(counts, [50, 30, 15, 5])
    }

    func testTheSubsetIsDeterministicAndDependsOnTheSeed() {
        XCTAssertEqual(SampleSubset.stratified(labels: labels, count: 100, seed: 1), SampleSubset.stratified(labels: labels, count: 100, seed: 1))
        XCTAssertNotEqual(SampleSubset.stratified(labels: labels, count: 100, seed: 1), SampleSubset.stratified(labels: labels, count: 100, seed: 2))
    }

    func testAskingForAtLeastEverySampleGivesAll() {
        XCTAssertEqual(SampleSubset.stratified(labels: labels, count: 5000), Array(0..<1000))
        XCTAssertEqual(SampleSubset.stratified(labels: labels, count: 0), [])
    }

    func testTheDrawOrderIsASeededPermutation() {
        let order = DrawOrder.shuffled(Array(0..<1000), seed: 3)
        XCTAssertEqual(order.sorted(), Array(0..<1000))
        XCTAssertEqual(order, DrawOrder.shuffled(Array(0..<1000), seed: 3))
        XCTAssertNotEqual(order, DrawOrder.shuffled(Array(0..<1000), seed: 4))
    }

    func testNoClassIsAlwaysOnTop() {
        // The last 10 % painted (the top of the stack) holds every class, in rough proportion.
        let order = DrawOrder.shuffled(Array(0..<1000), seed: 0)
        let top = order.suffix(100).map { labels[$0] }
        XCTAssertEqual(Set(top), [0, 1, 2, 3])
        XCTAssertGreaterThan(top.filter { $0 == 0 }.count, 30)
    }

    func testThePointLayerHonoursSubsetAndFilter() {
        let samples = SampleTable(ids: labels.indices.map(String.init), labels: labels, classNames: ["a", "b", "c", "d"])
        let settings = RenderSettings(filter: ClassFilter(classes: [0], mode: .context), sampleLimit: 100)
        let layer = settings.pointLayer(for: samples)
        XCTAssertEqual(layer.drawnCount, 100)
        XCTAssertTrue(layer.foregroundOrder.allSatisfy { labels[Int($0)] == 0 })
        XCTAssertTrue(layer.contextOrder.allSatisfy { labels[Int($0)] != 0 })
        let hidden = RenderSettings(filter: ClassFilter(classes: [0], mode: .hide)).pointLayer(for: samples)
        XCTAssertEqual(hidden.drawnCount, 500)
        XCTAssertTrue(hidden.contextOrder.isEmpty)
    }

    func testTheLegendListsSelectedClassesAndOtherInContextMode() {
        let settings = RenderSettings(filter: ClassFilter(classes: [1, 2], mode: .context))
        XCTAssertEqual(settings.legendEntries(classNames: ["a", "b", "c", "d"]).map(\.label), ["b", "c", "other"])
        let hide = RenderSettings(filter: ClassFilter(classes: [1, 2], mode: .hide))
        XCTAssertEqual(hide.legendEntries(classNames: ["a", "b", "c", "d"]).map(\.label), ["b", "c"])
    }
}

final class SettingsSummaryTests: XCTestCase {
    func testTheSummaryNamesEverySetting() {
        let settings = RenderSettings(theme: .dark, palette: .neuroMapper, pointStyle: PointStyle(radius: 2, opacity: nil),
                                      filter: ClassFilter(classes: [3, 1], mode: .hide), sampleLimit: 500, seed: 7)
        XCTAssertEqual(settings.summary, "theme=dark palette=neuromapper radius=2.0 opacity=auto classes=1,3(hide) seed=7 samples=500")
    }
}
