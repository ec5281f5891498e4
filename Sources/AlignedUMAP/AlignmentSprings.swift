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

    /// One slice's springs: row r's are `start[r] ..< start[r + 1]`.
    struct SliceSprings: Sendable {
        var start: [Int32]
        var partnerSlice: [Int32]
        var partnerRow: [Int32]
        var kappa: [Float]
    }

    /// The springs of every slice (batch).
    init(graphs: [FuzzyGraph], sampleIDs: [[Int]], window: Int, regularisation: Double) {
        let rowOf = sampleIDs.map(AlignmentSprings.rowIndex)
        start = []; partnerSlice = []; partnerRow = []; kappa = []
        for m in graphs.indices {
            let one = AlignmentSprings.slice(m, graphs: graphs, sampleIDs: sampleIDs, rowOf: rowOf,
                                             window: window, regularisation: regularisation)
            start.append(one.start); partnerSlice.append(one.partnerSlice)
            partnerRow.append(one.partnerRow); kappa.append(one.kappa)
        }
    }

    /// Row of each sample id in one slice.
    static func rowIndex(_ ids: [Int]) -> [Int: Int32] {
        var rowOf: [Int: Int32] = [:]
        rowOf.reserveCapacity(ids.count)
        for (r, id) in ids.enumerated() { rowOf[id] = Int32(r) }
        return rowOf
    }

    /// The springs of slice `m` alone, towards the slices within `window` of it that exist in
    /// `graphs` (so a slice appended later is reached once its springs are rebuilt). Costs one
    /// Jaccard pass per offset: O(rows · k log k · 2W).
    ///
    /// Slices below `frozenBelow` no longer move (the chained schedule's, or a live state's,
    /// earlier slices). When slice m moves and such a partner does not, the spring's coefficient
    /// is `frozenPartnerFactor` times λ·e^{−(|o|−1)}.
    static func slice(_ m: Int, graphs: [FuzzyGraph], sampleIDs: [[Int]], rowOf: [[Int: Int32]], window: Int,
                      regularisation: Double, frozenBelow: Int = 0) -> SliceSprings {
        let partners = (-window...window).filter { $0 != 0 && m + $0 >= 0 && m + $0 < graphs.count }
            .map { o in
                let oneSided = m >= frozenBelow && m + o < frozenBelow
                return Partner(slice: m + o, coefficient: (oneSided ? frozenPartnerFactor : 1) * regularisation * exp(-Double(abs(o) - 1)))
            }
        return slice(m, partners: partners, graphs: graphs, sampleIDs: sampleIDs, rowOf: rowOf)
    }

    /// How much stronger a spring towards a slice that no longer moves is: 2. In umap-learn's
    /// joint fit both ends of a spring move, each by κ·Δ, so the gap Δ between a sample's two
    /// positions closes at 2κ; with one end fixed it would close at κ, half as fast.
    ///
    /// **Deviation** (stability), chained order only: on the 10k-sample CNN run cut to 3 epochs,
    /// seeds 42 / 0 / 1 / 2, stability went from 0.035 / 0.034 / 0.032 / 0.034 to 0.030 / 0.029 /
    /// 0.028 / 0.029 and trust@15 from 0.9599 / 0.9616 / 0.9605 / 0.9616 to 0.9593 / 0.9627 /
    /// 0.9618 / 0.9617 (the same epochs per slice); with `AlignedUMAPState.appendEpochs` it
    /// keeps the longer schedules' trust without their jitter.
    static let frozenPartnerFactor = 2.0

    /// A slice that slice m's points are tied to, and the constant before the Jaccard factor:
    /// κ = coefficient · J (λ·e^{−(|o|−1)} along the epochs, §2.6).
    struct Partner: Sendable, Equatable {
        var slice: Int
        var coefficient: Double
    }

    /// The springs of slice `m` towards the given partner slices, in their order (a row's
    /// springs follow it). Costs one Jaccard pass per partner: O(rows · k log k · partners).
    static func slice(_ m: Int, partners: [Partner], graphs: [FuzzyGraph], sampleIDs: [[Int]],
                      rowOf: [[Int: Int32]]) -> SliceSprings {
        let n = sampleIDs[m].count
        // Per partner: π (row in the partner slice, or −1) and κ per row.
        var maps: [[Int32]] = []
        var weights: [[Float]] = []
        for partner in partners {
            let c = partner.slice
            // Identical id lists (the usual case: the same samples every epoch) map row to row.
            let map = sampleIDs[c] == sampleIDs[m] ? (0..<n).map { Int32($0) } : sampleIDs[m].map { rowOf[c][$0] ?? -1 }
            let decay = Float(partner.coefficient)
            maps.append(map)
            weights.append(jaccardWeights(map: map, from: graphs[m], to: graphs[c], targetRows: sampleIDs[c].count)
                .map { decay * $0 })
        }
        var st: [Int32] = [0], ps: [Int32] = [], pr: [Int32] = [], kp: [Float] = []
        for i in 0..<n {
            for (oi, partner) in partners.enumerated() where maps[oi][i] >= 0 {
                ps.append(Int32(partner.slice))
                pr.append(maps[oi][i])
                kp.append(weights[oi][i])
            }
            st.append(Int32(ps.count))
        }
        return SliceSprings(start: st, partnerSlice: ps, partnerRow: pr, kappa: kp)
    }

    /// J per row of `g` (§2.6): the Jaccard index of the row's graph neighbourhood mapped
    /// through `map`, and its partner's neighbourhood in `h` restricted to the image of `map`.
    static func jaccardWeights(map: [Int32], from g: FuzzyGraph, to h: FuzzyGraph, targetRows: Int) -> [Float] {
        var inImage = [Bool](repeating: false, count: targetRows)
        for r in map where r >= 0 { inImage[Int(r)] = true }
        var w = [Float](repeating: 0, count: map.count)
        var setA: [Int32] = [], setB: [Int32] = []
        for i in 0..<map.count {
            let target = map[i]
            if target < 0 { continue }
            setA.removeAll(keepingCapacity: true)
            setB.removeAll(keepingCapacity: true)
            for e in g.rowStart[i]..<g.rowStart[i + 1] {
                let u = map[Int(g.columns[e])]
                if u >= 0 { setA.append(u) }
            }
            for e in h.rowStart[Int(target)]..<h.rowStart[Int(target) + 1] where inImage[Int(h.columns[e])] {
                setB.append(h.columns[e])
            }
            w[i] = AlignmentSprings.jaccard(&setA, &setB)
        }
        return w
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
