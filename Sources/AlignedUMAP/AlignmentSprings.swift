/// The springs tying each point to its copies (same sample id) in the slices within the
/// alignment window (aligned-umap.md §2.6), stored per slice as a CSR list per row.
///
/// Relations are by sample id: a sample missing from a slice simply has no spring there.
/// The window reaches W slices both ways, up to and including the first and last slice
/// (umap-learn's forward off-by-one is not reproduced). Each spring's constant is
/// κ = λ · e^{−(|o|−1)} · J, where J is the Jaccard index of the point's graph neighbourhood
/// in its own slice (mapped through the ids) and its partner's neighbourhood in the other slice.
struct AlignmentSprings: Sendable {
    /// Per slice: row r's springs are `start[r] ..< start[r + 1]`.
    var start: [[Int32]]
    /// Per slice, per spring: the partner's slice and row.
    var partnerSlice: [[Int32]]
    var partnerRow: [[Int32]]
    /// Per slice, per spring: κ.
    var kappa: [[Float]]

    init(graphs: [FuzzyGraph], sampleIDs: [[Int]], window: Int, regularisation: Double) {
        let slices = graphs.count
        var rowOf = [[Int: Int32]](repeating: [:], count: slices)
        for m in 0..<slices {
            rowOf[m].reserveCapacity(sampleIDs[m].count)
            for (r, id) in sampleIDs[m].enumerated() { rowOf[m][id] = Int32(r) }
        }
        start = []; partnerSlice = []; partnerRow = []; kappa = []
        for m in 0..<slices {
            let n = sampleIDs[m].count
            let offsets = (-window...window).filter { $0 != 0 && m + $0 >= 0 && m + $0 < slices }
            // Per offset: π (row in slice m+o, or −1) and, for the Jaccard sets, which rows of
            // slice m+o are images of π.
            var maps: [[Int32]] = []
            var weights: [[Float]] = []
            for o in offsets {
                let c = m + o
                let map = sampleIDs[m].map { rowOf[c][$0] ?? -1 }
                var inImage = [Bool](repeating: false, count: sampleIDs[c].count)
                for r in map where r >= 0 { inImage[Int(r)] = true }
                let decay = Float(regularisation * exp(-Double(abs(o) - 1)))
                var w = [Float](repeating: 0, count: n)
                var setA: [Int32] = [], setB: [Int32] = []
                for i in 0..<n {
                    let target = map[i]
                    if target < 0 { continue }
                    setA.removeAll(keepingCapacity: true)
                    setB.removeAll(keepingCapacity: true)
                    let g = graphs[m]
                    for e in g.rowStart[i]..<g.rowStart[i + 1] {
                        let u = map[Int(g.columns[e])]
                        if u >= 0 { setA.append(u) }
                    }
                    let h = graphs[c]
                    for e in h.rowStart[Int(target)]..<h.rowStart[Int(target) + 1] where inImage[Int(h.columns[e])] {
                        setB.append(h.columns[e])
                    }
                    w[i] = decay * AlignmentSprings.jaccard(&setA, &setB)
                }
                maps.append(map)
                weights.append(w)
            }
            var st: [Int32] = [0], ps: [Int32] = [], pr: [Int32] = [], kp: [Float] = []
            for i in 0..<n {
                for (oi, o) in offsets.enumerated() where maps[oi][i] >= 0 {
                    ps.append(Int32(m + o))
                    pr.append(maps[oi][i])
                    kp.append(weights[oi][i])
                }
                st.append(Int32(ps.count))
            }
            start.append(st); partnerSlice.append(ps); partnerRow.append(pr); kappa.append(kp)
        }
    }

    /// |A ∩ B| / |A ∪ B| of two index sets (1 if both are empty). Sorts its arguments.
    static func jaccard(_ a: inout [Int32], _ b: inout [Int32]) -> Float {
        a.sort(); b.sort()
        var i = 0, j = 0, both = 0, union = 0
        var last: Int32 = -1
        // Merge, counting distinct values (the sets may hold repeats after mapping).
        while i < a.count || j < b.count {
            let v: Int32
            var inA = false, inB = false
            if j >= b.count || (i < a.count && a[i] < b[j]) { v = a[i] } else { v = b[j] }
            while i < a.count && a[i] == v { i += 1; inA = true }
            while j < b.count && b[j] == v { j += 1; inB = true }
            if v == last { continue }
            last = v
            union += 1
            if inA && inB { both += 1 }
        }
        return union == 0 ? 1 : Float(both) / Float(union)
    }
}

import Foundation
