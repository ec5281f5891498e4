import Foundation
import AlignedUMAP
import XCTest

final class ProcrustesTests: XCTestCase {
    private func cloud(_ n: Int) -> [Float] {
        var out: [Float] = []
        for i in 0..<n {
            let t = Double(i)
            let x: Double = sin(t * 1.7) * 3 + Double(i % 5)
            let y: Double = cos(t * 0.9) * 2 - Double(i % 3)
            out += [Float(x), Float(y)]
        }
        return out
    }

    func testRecoversAKnownRotation() {
        let source = cloud(50)
        let truth = OrthogonalTransform2D(angle: 0.7)
        let target = truth.apply(to: source)
        let fitted = OrthogonalTransform2D.procrustes(source: source, target: target, pairs: (0..<50).map { ($0, $0) })!
        XCTAssertFalse(fitted.isReflection)
        for (a, b) in zip(fitted.matrix, truth.matrix) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    }

    func testRecoversAKnownReflection() {
        let source = cloud(50)
        let truth = OrthogonalTransform2D(angle: -2.1, reflect: true)
        let target = truth.apply(to: source)
        let fitted = OrthogonalTransform2D.procrustes(source: source, target: target, pairs: (0..<50).map { ($0, $0) })!
        XCTAssertTrue(fitted.isReflection)
        for (a, b) in zip(fitted.matrix, truth.matrix) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    }

    func testUsesOnlyThePairedRows() {
        // The target lists the same samples in reverse order; pairs say which is which.
        let source = cloud(20)
        let rotated = OrthogonalTransform2D(angle: 1.2).apply(to: source)
        var reversed = [Float]()
        for i in (0..<20).reversed() { reversed += [rotated[2 * i], rotated[2 * i + 1]] }
        let fitted = OrthogonalTransform2D.procrustes(source: source, target: reversed, pairs: (0..<20).map { ($0, 19 - $0) })!
        for (a, b) in zip(fitted.matrix, OrthogonalTransform2D(angle: 1.2).matrix) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    }

    func testOrientsABlockStackToTheReferenceOverAllEpochs() throws {
        // Block 1 is block 0 reflected and translated, epoch by epoch; ids are shuffled.
        let epochs = (0..<3).map { e in cloud(30).map { $0 + Float(e) } }
        let flip = OrthogonalTransform2D(angle: 0.4, reflect: true)
        let ids0 = Array(0..<30), ids1 = Array((0..<30).reversed())
        let block1 = epochs.map { layout -> [Float] in
            let moved = flip.apply(to: layout).map { $0 + 5 }
            var out = [Float]()
            for i in (0..<30).reversed() { out += [moved[2 * i], moved[2 * i + 1]] }
            return out
        }
        let (stacks, transforms) = try LayoutOrientation.orient([epochs, block1], sampleIDs: [ids0, ids1])
        XCTAssertEqual(transforms[0], .identity)
        XCTAssertTrue(transforms[1].isReflection)
        // After orientation, block 1 differs from block 0 by a translation only.
        let e = 2
        let shiftX = stacks[1][e][2 * 29] - epochs[e][0], shiftY = stacks[1][e][2 * 29 + 1] - epochs[e][1]
        for i in 0..<30 {
            XCTAssertEqual(stacks[1][e][2 * (29 - i)] - epochs[e][2 * i], shiftX, accuracy: 1e-3)
            XCTAssertEqual(stacks[1][e][2 * (29 - i) + 1] - epochs[e][2 * i + 1], shiftY, accuracy: 1e-3)
        }
    }

    func testOrientationWithoutSharedSamplesIsAnError() {
        XCTAssertThrowsError(try LayoutOrientation.transform(matching: [[0, 0]], sampleIDs: [1], to: [[1, 1]], referenceIDs: [2])) {
            XCTAssertEqual($0 as? AlignedUMAPError, .noSharedSamples(what: "a layout stack against its reference"))
        }
    }
}

/// Orientation of one stack on its own (no reference stack needed).
final class CanonicalOrientationTests: XCTestCase {
    /// A skewed, elongated cloud: long along x, tail towards +x.
    private func cloud() -> [Float] {
        var out: [Float] = []
        for i in 0..<200 {
            let t = Double(i) / 200
            let x = 10 * t * t - 3, y = sin(Double(i) * 2.3) * (1 + t)
            out += [Float(x), Float(y)]
        }
        return out
    }

    func testAnyRotationOrReflectionOfALayoutGetsTheSameCanonicalForm() {
        let base = LayoutOrientation.canonicallyOriented([cloud()]).stack[0]
        for (angle, reflect) in [(0.4, false), (2.9, false), (-1.3, true), (3.14, true)] {
            let turned = OrthogonalTransform2D(angle: angle, reflect: reflect).apply(to: cloud())
            let again = LayoutOrientation.canonicallyOriented([turned]).stack[0]
            for (a, b) in zip(again, base) { XCTAssertEqual(a, b, accuracy: 1e-3) }
        }
    }

    func testWithoutLabelsTheMajorAxisIsXAndTheLongTailPointsRight() {
        let r = LayoutOrientation.canonicalTransform(of: OrthogonalTransform2D(angle: 1.0).apply(to: cloud()))
        let out = r.apply(to: OrthogonalTransform2D(angle: 1.0).apply(to: cloud()))
        let xs = stride(from: 0, to: out.count, by: 2).map { Double(out[$0]) }
        let ys = stride(from: 1, to: out.count, by: 2).map { Double(out[$0]) }
        let spread = { (v: [Double]) -> Double in let m = v.reduce(0, +) / Double(v.count); return v.map { ($0 - m) * ($0 - m) }.reduce(0, +) }
        XCTAssertGreaterThan(spread(xs), spread(ys))
        let mean = xs.reduce(0, +) / Double(xs.count)
        XCTAssertGreaterThan(xs.map { pow($0 - mean, 3) }.reduce(0, +), 0)
    }

    func testWithLabelsClassZeroFacesRightAndClassesRunCounterClockwise() {
        // Four classes at the corners of a square, listed clockwise from +y, then reflected.
        var layout: [Float] = [], labels: [Int] = []
        let corners: [(Float, Float)] = [(0, 5), (5, 0), (0, -5), (-5, 0)]
        for (c, p) in corners.enumerated() {
            for k in 0..<10 { layout += [p.0 + Float(k) * 0.01, p.1]; labels.append(c) }
        }
        let oriented = LayoutOrientation.canonicallyOriented([layout], labels: labels).stack[0]
        func centre(_ c: Int) -> (Float, Float) {
            let rows = labels.indices.filter { labels[$0] == c }
            return (rows.map { oriented[2 * $0] }.reduce(0, +) / 10, rows.map { oriented[2 * $0 + 1] }.reduce(0, +) / 10)
        }
        XCTAssertEqual(centre(0).0, 5, accuracy: 0.1)
        XCTAssertEqual(centre(1).1, 5, accuracy: 0.1, "class 1 a quarter turn counter-clockwise")
        XCTAssertEqual(centre(2).0, -5, accuracy: 0.1)
    }
}
