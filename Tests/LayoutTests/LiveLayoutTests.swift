import AlignedUMAP
import Foundation
import Layout
import LayoutModel
import SeededRandom
import XCTest

final class LiveLayoutTests: XCTestCase {
    private let n = 90
    private var labels: [Int] { (0 ..< n).map { $0 % 3 } }

    /// Three classes in 8-d whose centres drift and swap a little each epoch, so that the
    /// canonical orientation of each epoch alone is not the same transform every time.
    private func slice(epoch e: Int) -> AlignedUMAPSlice {
        var rng = SplitMix64(seed: 100 + UInt64(e))
        var values: [Float] = []
        for i in 0 ..< n {
            for d in 0 ..< 8 {
                let centre: Float = d % 3 == labels[i] ? 5 : 0
                values.append(centre + Float(e) * 0.3 * Float(d % 2) + Float.random(in: -1.2 ... 1.2, using: &rng))
            }
        }
        return AlignedUMAPSlice(rows: n, cols: 8, values: values)
    }

    private func live(orient: Bool = true) throws -> LiveLayout {
        var p = AlignedUMAPParameters()
        p.nNeighbors = 8
        p.nEpochs = 40
        p.threads = 1
        return try LiveLayout(options: LayoutOptions(parameters: p, orient: orient),
                              blocks: [(name: "a", title: nil), (name: "b", title: "B")], sampleCount: n, labels: labels)
    }

    func testAppendingKeepsEarlierEpochsBitIdentical() throws {
        var layout = try live()
        var previous: [BlockLayout] = []
        for e in 0 ..< 6 {
            try layout.append(epoch: e * 2, slices: [slice(epoch: e), slice(epoch: e + 50)])
            let now = layout.readOut()
            XCTAssertEqual(now.count, 2)
            XCTAssertEqual(now[0].positions.count, e + 1)
            for b in previous.indices {
                for m in previous[b].positions.indices {
                    // Bit for bit: the bytes, not a tolerance (NaN-safe).
                    XCTAssertEqual(previous[b].positions[m].map(\.bitPattern), now[b].positions[m].map(\.bitPattern),
                                   "block \(b) epoch \(m) moved when epoch \(e * 2) arrived")
                }
            }
            for stack in now { XCTAssertTrue(stack.positions.last!.allSatisfy(\.isFinite)) }
            previous = now
        }
        XCTAssertEqual(layout.epochs, [0, 2, 4, 6, 8, 10])
        XCTAssertEqual(layout.blocks[1].title, "B")
    }

    func testTheFirstEpochRunsThePlainScheduleNotTheBatchFirstSlicesLongerOne() throws {
        var layout = try live(orient: false)
        try layout.append(epoch: 0, slices: [slice(epoch: 0), slice(epoch: 50)])
        let p = layout.options.parameters
        var plain = try AlignedUMAPState(parameters: p, firstSliceEpochs: p.nEpochs)
        try plain.append(slice(epoch: 0))
        plain.run()
        var batch = try AlignedUMAPState(parameters: p)
        try batch.append(slice(epoch: 0))
        batch.run()
        let shown = layout.readOut()[0].positions[0].map(\.bitPattern)
        XCTAssertEqual(shown, plain.layout(of: 0).positions.map(\.bitPattern))
        XCTAssertNotEqual(shown, batch.layout(of: 0).positions.map(\.bitPattern), "the batch first slice runs 1.5 x n_epochs")
    }

    /// Between two consecutive updates the newest epoch must continue the previous one: the
    /// Procrustes fit from the new last epoch onto the previous last epoch is a small rotation
    /// and no reflection, and the orientation itself never changes.
    func testOrientationNeverFlipsOrRotatesBetweenUpdates() throws {
        var layout = try live()
        var lastEpoch: [Float]? = nil
        var transform: OrthogonalTransform2D? = nil
        for e in 0 ..< 8 {
            try layout.append(epoch: e, slices: [slice(epoch: e), slice(epoch: e)])
            let stack = layout.readOut()[0].positions
            let r = try XCTUnwrap(layout.blocks[0].orientation)
            if let transform { XCTAssertEqual(r, transform, "the orientation changed at epoch \(e)") }
            transform = r
            if let lastEpoch {
                let ids = Array(0 ..< n)
                let fit = try LayoutOrientation.transform(matching: [stack.last!], sampleIDs: ids, to: [lastEpoch], referenceIDs: ids)
                XCTAssertFalse(fit.isReflection, "epoch \(e) is a mirror image of epoch \(e - 1)")
                let angle = abs(atan2(fit.matrix[1], fit.matrix[0]))
                XCTAssertLessThan(angle, 0.5, "epoch \(e) is turned \(angle) rad against epoch \(e - 1)")
            }
            lastEpoch = stack.last!
        }
    }

    func testRecomputingCanonicalOrientationPerUpdateWouldBeDifferent() throws {
        // The guard the fixed transform exists for: oriented afresh from each update's last
        // epoch, the same earlier epoch is drawn differently after an update.
        var layout = try live(orient: false)
        try layout.append(epoch: 0, slices: [slice(epoch: 0), slice(epoch: 0)])
        let first = layout.readOut()[0].positions
        try layout.append(epoch: 1, slices: [slice(epoch: 5), slice(epoch: 5)])
        let second = layout.readOut()[0].positions
        XCTAssertEqual(first[0], second[0], "unoriented earlier epochs stay put")
        let fresh1 = LayoutOrientation.canonicalTransform(of: first.last!, labels: labels)
        let fresh2 = LayoutOrientation.canonicalTransform(of: second.last!, labels: labels)
        XCTAssertNotEqual(fresh1, fresh2)
    }

    func testEpochsMustIncrease() throws {
        var layout = try live()
        try layout.append(epoch: 3, slices: [slice(epoch: 0), slice(epoch: 0)])
        XCTAssertThrowsError(try layout.append(epoch: 3, slices: [slice(epoch: 1), slice(epoch: 1)])) {
            XCTAssertEqual($0 as? LiveLayoutError, .epochNotAfterLast(epoch: 3, last: 3))
        }
        XCTAssertThrowsError(try layout.append(epoch: 4, slices: [slice(epoch: 1)]))
    }
}
