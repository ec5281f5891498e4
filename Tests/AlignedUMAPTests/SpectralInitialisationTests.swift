@testable import AlignedUMAP
import XCTest

final class SpectralInitialisationTests: XCTestCase {
    /// A cycle graph: its Laplacian's first non-trivial eigenvectors are cos and sin of the
    /// angle, so the spectral layout puts the nodes on a circle in cycle order.
    func testCycleGraphIsLaidOutOnACircle() {
        let n = 40
        let values = (0..<n).flatMap { i -> [Float] in
            let t = 2 * Double.pi * Double(i) / Double(n)
            return [Float(cos(t)), Float(sin(t)), 0]
        }
        let s = AlignedUMAPSlice(rows: n, cols: 3, values: values)
        let nl = AlignedUMAP.nearestNeighbours(of: s, k: 3, metric: .euclidean, search: .exact, threads: 1)
        let g = FuzzyGraph(neighbours: nl)
        var rng = SeededRandom(seed: 1)
        let y = SpectralInitialisation.layout(graph: g, components: g.components(), centroids: [], centroidDims: 3,
                                              rng: &rng, threads: 2)
        let radii = (0..<n).map { hypot(y[2 * $0], y[2 * $0 + 1]) }
        XCTAssertEqual(radii.max()!, 10, accuracy: 0.5)
        XCTAssertEqual(radii.min()!, 10, accuracy: 0.5)
        // Neighbours on the cycle stay neighbours: consecutive angles differ by 2π/n.
        let angles = (0..<n).map { atan2(y[2 * $0 + 1], y[2 * $0]) }
        for i in 0..<n {
            var d = abs(angles[(i + 1) % n] - angles[i])
            d = min(d, 2 * Double.pi - d)
            XCTAssertEqual(d, 2 * Double.pi / Double(n), accuracy: 0.02)
        }
    }

    func testTwoComponentsAreLaidOutApart() {
        // Two far-apart blobs: the 5-NN graph has exactly two components.
        let (s, labels) = TestData.blobs(blobs: 2, perBlob: 30, dims: 4, separation: 100, noise: 1, seed: 21)
        let nl = AlignedUMAP.nearestNeighbours(of: s, k: 5, metric: .euclidean, search: .exact, threads: 1)
        let g = FuzzyGraph(neighbours: nl)
        let comps = g.components()
        XCTAssertEqual(comps.count, 2)
        var rng = SeededRandom(seed: 2)
        let y = SpectralInitialisation.layout(graph: g, components: comps, centroids: [], centroidDims: 4,
                                              rng: &rng, threads: 1)
        XCTAssertEqual(y.map(abs).max()!, 10, accuracy: 1e-9)
        var centre = [[0.0, 0.0], [0.0, 0.0]]
        for i in 0..<s.rows { centre[labels[i]][0] += y[2 * i] / 30; centre[labels[i]][1] += y[2 * i + 1] / 30 }
        func dist(_ i: Int, _ c: Int) -> Double { hypot(y[2 * i] - centre[c][0], y[2 * i + 1] - centre[c][1]) }
        // Each component lives in its own cell around its anchor: projected onto the line
        // through the two centres, the components do not overlap.
        let ux = centre[1][0] - centre[0][0], uy = centre[1][1] - centre[0][1]
        let projections = (0..<s.rows).map { y[2 * $0] * ux + y[2 * $0 + 1] * uy }
        let first = (0..<s.rows).filter { labels[$0] == 0 }.map { projections[$0] }
        let second = (0..<s.rows).filter { labels[$0] == 1 }.map { projections[$0] }
        XCTAssertLessThanOrEqual(first.max()!, second.min()! + 1e-9)
        // Each component is spread out within its cell, not collapsed to its anchor.
        XCTAssertGreaterThan((0..<30).map { dist($0, 0) }.max()!, 1)
    }

    /// A 30 x 30 lattice and a clique of four points tied to one corner by a weak edge: the
    /// clique's eigenvalue sits next to the trivial one, and its eigenvector is zero off the
    /// clique. The layout spreads the lattice over the range instead of squeezing it.
    func testAHandfulOfBarelyAttachedPointsDoesNotSqueezeTheLayout() {
        let side = 30, lattice = side * side, n = lattice + 4
        var edges: [(Int, Int, Float)] = []
        for r in 0..<side {
            for c in 0..<side {
                if c + 1 < side { edges.append((r * side + c, r * side + c + 1, 1)) }
                if r + 1 < side { edges.append((r * side + c, (r + 1) * side + c, 1)) }
            }
        }
        for a in lattice..<n { for b in (a + 1)..<n { edges.append((a, b, 1)) } }
        edges.append((0, lattice, 1e-3))
        let g = Self.graph(count: n, edges: edges)
        XCTAssertEqual(g.components().count, 1)
        var probe = SeededRandom(seed: 4)
        let top = largestEigenvectors(dimension: n, wanted: 1, deflate: [Self.trivialVector(g)], maxProducts: 5 * n,
                                      rng: &probe) { x in Self.normalisedAdjacencyPlusIdentity(g, x) }
        XCTAssertTrue(SpectralInitialisation.isLocalised(top!.vectors[0]), "the scenario: the top eigenvector lives on the clique")
        var rng = SeededRandom(seed: 5)
        let y = SpectralInitialisation.layout(graph: g, components: g.components(), centroids: [], centroidDims: 2,
                                              rng: &rng, threads: 1)
        let reach = (0..<lattice).map { max(abs(y[2 * $0]), abs(y[2 * $0 + 1])) }.sorted()
        XCTAssertGreaterThan(reach[lattice / 2], 2, "half the lattice lies beyond a fifth of the range")
        XCTAssertEqual(reach.last!, 10, accuracy: 1e-9)
    }

    func testParticipationTellsAVectorOnAFewPointsFromASpreadOne() {
        let spread = (0..<1000).map { sin(Double($0) * 0.01) }
        var few = [Double](repeating: 1e-4, count: 1000)
        for i in [10, 500, 900] { few[i] = 1 }
        XCTAssertFalse(SpectralInitialisation.isLocalised(spread))
        XCTAssertTrue(SpectralInitialisation.isLocalised(few))
        XCTAssertFalse(SpectralInitialisation.isLocalised([Double](repeating: 0, count: 10)))
    }

    /// A symmetric graph from undirected weighted edges (CSR, columns ascending).
    static func graph(count n: Int, edges: [(Int, Int, Float)]) -> FuzzyGraph {
        var g = FuzzyGraph(neighbours: NeighbourList(count: n, k: 1, indices: (0..<n).map(Int32.init),
                                                     distances: [Float](repeating: 0, count: n)))
        var rows = [[(Int32, Float)]](repeating: [], count: n)
        for (a, b, w) in edges { rows[a].append((Int32(b), w)); rows[b].append((Int32(a), w)) }
        g.rowStart = [0]; g.columns = []; g.weights = []
        for r in 0..<n {
            for (c, w) in rows[r].sorted(by: { $0.0 < $1.0 }) { g.columns.append(c); g.weights.append(w) }
            g.rowStart.append(g.columns.count)
        }
        return g
    }

    static func trivialVector(_ g: FuzzyGraph) -> [Double] {
        let root = (0..<g.count).map { Double(g.degree($0)).squareRoot() }
        let norm = root.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return root.map { $0 / norm }
    }

    /// (I + D^{−½} G D^{−½}) x.
    static func normalisedAdjacencyPlusIdentity(_ g: FuzzyGraph, _ x: [Double]) -> [Double] {
        let inv = (0..<g.count).map { 1 / Double(g.degree($0)).squareRoot() }
        return (0..<g.count).map { i -> Double in
            var s = 0.0
            for e in g.rowStart[i]..<g.rowStart[i + 1] {
                let c = Int(g.columns[e])
                s += Double(g.weights[e]) * inv[c] * x[c]
            }
            return x[i] + inv[i] * s
        }
    }

    func testManyComponentsGetDistinctAnchors() {
        var rng = SeededRandom(seed: 3)
        // Six components (> 2·d) placed by their centroids on a line in 1D input space.
        let centroids = (0..<6).map { Double($0) * 0.5 }
        let anchors = SpectralInitialisation.componentAnchors(count: 6, centroids: centroids, dims: 1, rng: &rng)
        XCTAssertEqual(anchors.map(abs).max()!, 1, accuracy: 1e-9)
        for s in 0..<6 {
            for t in (s + 1)..<6 {
                let d = hypot(anchors[2 * s] - anchors[2 * t], anchors[2 * s + 1] - anchors[2 * t + 1])
                XCTAssertGreaterThan(d, 1e-3, "anchors \(s) and \(t) coincide")
            }
        }
    }

    func testLanczosFindsTheLargestEigenvaluesOfADiagonalOperator() {
        var rng = SeededRandom(seed: 4)
        let diag = (0..<50).map { Double($0) / 10 }
        let r = largestEigenvectors(dimension: 50, wanted: 2, deflate: [], maxProducts: 500, rng: &rng) { x in
            zip(diag, x).map { $0 * $1 }
        }
        XCTAssertNotNil(r)
        XCTAssertEqual(r!.values[0], 4.9, accuracy: 1e-6)
        XCTAssertEqual(r!.values[1], 4.8, accuracy: 1e-6)
        XCTAssertEqual(abs(r!.vectors[0][49]), 1, accuracy: 1e-4)
    }
}
