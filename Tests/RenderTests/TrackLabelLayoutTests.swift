import XCTest
@testable import Render

/// Track labels: inside the panel, never on each other, a cap with a stated rule, and no jumps.
final class TrackLabelLayoutTests: XCTestCase {
    private let panel = Rect(x: 100, y: 100, width: 300, height: 200)
    private let layout = TrackLabelLayout(offset: 12)

    private func label(_ key: Int, _ x: Double, _ y: Double, width: Double = 90) -> TrackLabelLayout.Label {
        TrackLabelLayout.Label(key: key, anchorX: x, anchorY: y, width: width, height: 24)
    }

    private func inside(_ box: Rect) -> Bool {
        box.x >= panel.x && box.y >= panel.y && box.maxX <= panel.maxX && box.maxY <= panel.maxY
    }

    func testALoneLabelIsPlacedInsideThePanelWhereverItsPointIs() {
        for ax in stride(from: 100.0, through: 400, by: 25) {
            for ay in stride(from: 100.0, through: 300, by: 25) {
                let result = layout.place([label(1, ax, ay)], in: panel)
                XCTAssertEqual(result.placements.count, 1, "point (\(ax), \(ay))")
                if let box = result.placements.first?.box { XCTAssertTrue(inside(box), "\(box) at (\(ax), \(ay))") }
            }
        }
    }

    func testALabelPrefersTheUpperRightOfItsPoint() {
        let box = layout.place([label(1, 200, 200)], in: panel).placements[0].box
        XCTAssertGreaterThan(box.x, 200)
        XCTAssertLessThan(box.maxY, 200)
    }

    func testCrowdedLabelsNeverOverlapAndDisplacedOnesGetLeaders() {
        // Ten points within 20 px of each other: the near ring cannot hold them all.
        let labels = (0..<8).map { label($0, 240 + Double($0 % 4) * 6, 190 + Double($0 / 4) * 8) }
        let result = layout.place(labels, in: panel)
        let boxes = result.placements.map(\.box)
        XCTAssertGreaterThanOrEqual(boxes.count, 6)
        for (i, a) in boxes.enumerated() {
            XCTAssertTrue(inside(a))
            for b in boxes[(i + 1)...] { XCTAssertFalse(a.intersects(b), "\(a) overlaps \(b)") }
        }
        XCTAssertTrue(result.placements.contains(where: \.needsLeader), "some labels are displaced and joined by a leader")
    }

    func testLabelsKeepOffOtherTrackedPointsRings() {
        let ring = Rect(x: 225, y: 165, width: 30, height: 30)   // a ring up and to the right of (200, 200)
        let result = layout.place([label(1, 200, 200)], in: panel, obstacles: [ring])
        XCTAssertFalse(result.placements[0].box.intersects(ring))
    }

    func testBeyondTheCapTheLastLabelsInTrackOrderAreDroppedAndPointsOutsideGetNone() {
        let capped = TrackLabelLayout(offset: 12, maximumLabels: 3)
        let labels = [label(10, 500, 150)] + (0..<5).map { label($0, 130 + Double($0) * 60, 150 + Double($0 % 2) * 100, width: 40) }
        let result = capped.place(labels, in: panel)
        XCTAssertEqual(result.placements.map(\.key), [0, 1, 2])
        XCTAssertEqual(result.dropped, [10, 3, 4], "outside the panel, then beyond the cap, in input order")
    }

    func testALabelKeepsLastFramesPlaceWhileItIsFree() {
        let first = layout.place([label(1, 200, 200)], in: panel, previous: [1: 3])   // 3 = lower left
        XCTAssertEqual(first.placements[0].candidate, 3, "the previous candidate wins over the preferred upper right")
        // The point moves a little: the label moves with it but stays on the same side.
        let next = layout.place([label(1, 204, 203)], in: panel, previous: [1: first.placements[0].candidate])
        XCTAssertEqual(next.placements[0].candidate, 3)
        // Pressed against the bottom-left corner the old side no longer fits: it moves.
        let cornered = layout.place([label(1, 105, 295)], in: panel, previous: [1: 3])
        XCTAssertNotEqual(cornered.placements[0].candidate, 3)
        XCTAssertTrue(inside(cornered.placements[0].box))
    }

    func testADisplacedLabelComesBackWhenItsNearPlaceFreesUp() {
        let far = TrackLabelLayout.directions.count   // first candidate of the second level
        let result = layout.place([label(1, 200, 200)], in: panel, previous: [1: far])
        XCTAssertFalse(result.placements[0].needsLeader)
    }

    func testMemoryCarriesCandidatesFromFrameToFrame() {
        var memory = LabelMemory()
        let result = layout.place([label(4, 200, 200)], in: panel, previous: [4: 2])
        memory.remember(result, row: 0, column: 1)
        XCTAssertEqual(memory.previous(row: 0, column: 1), [4: 2])
        XCTAssertEqual(memory.previous(row: 0, column: 0), [:])
    }
}
