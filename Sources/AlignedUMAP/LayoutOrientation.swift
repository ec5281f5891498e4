import Foundation
/// Orients whole stacks of layouts so that different blocks, or different runs, of the same
/// samples face the same way: one orthogonal transform (rotation or reflection) per stack,
/// fitted by Procrustes on the shared samples over all epochs, so motion within a stack is
/// untouched. Layouts are centred (per epoch, over the shared samples) for the fit only; the
/// transform is applied about the origin, which changes nothing a framed panel shows.
public enum LayoutOrientation {
    /// The transform that best turns `stack` into `reference`.
    ///
    /// - Parameters:
    ///   - stack: per epoch, interleaved x, y of `sampleIDs.count` rows.
    ///   - reference: per epoch, interleaved x, y of `referenceIDs.count` rows.
    ///   Epochs are paired by position up to the shorter stack.
    public static func transform(matching stack: [[Float]], sampleIDs: [Int], to reference: [[Float]],
                                 referenceIDs: [Int]) throws(AlignedUMAPError) -> OrthogonalTransform2D {
        var rowOf: [Int: Int] = [:]
        for (r, id) in referenceIDs.enumerated() { rowOf[id] = r }
        let pairs = sampleIDs.enumerated().compactMap { r, id in rowOf[id].map { (source: r, target: $0) } }
        var c = [0.0, 0.0, 0.0, 0.0]
        var used = 0
        for e in 0..<min(stack.count, reference.count) {
            let s = stack[e], t = reference[e]
            let valid = pairs.filter { p in
                s[2 * p.source].isFinite && s[2 * p.source + 1].isFinite &&
                    t[2 * p.target].isFinite && t[2 * p.target + 1].isFinite
            }
            guard !valid.isEmpty else { continue }
            var ms = (0.0, 0.0), mt = (0.0, 0.0)
            for p in valid {
                ms.0 += Double(s[2 * p.source]); ms.1 += Double(s[2 * p.source + 1])
                mt.0 += Double(t[2 * p.target]); mt.1 += Double(t[2 * p.target + 1])
            }
            let count = Double(valid.count)
            ms = (ms.0 / count, ms.1 / count)
            mt = (mt.0 / count, mt.1 / count)
            for p in valid {
                let sx = Double(s[2 * p.source]) - ms.0, sy = Double(s[2 * p.source + 1]) - ms.1
                let tx = Double(t[2 * p.target]) - mt.0, ty = Double(t[2 * p.target + 1]) - mt.1
                c[0] += sx * tx; c[1] += sx * ty; c[2] += sy * tx; c[3] += sy * ty
            }
            used += valid.count
        }
        guard used > 0 else { throw .noSharedSamples(what: "a layout stack against its reference") }
        return OrthogonalTransform2D.fromCrossCovariance(c)
    }

    /// Rotates/reflects every stack in `stacks` (per stack, per epoch, interleaved x, y) to
    /// match `stacks[reference]`; returns the oriented stacks and the transform used for each
    /// (identity for the reference).
    public static func orient(_ stacks: [[[Float]]], sampleIDs: [[Int]], reference: Int = 0)
        throws(AlignedUMAPError) -> (stacks: [[[Float]]], transforms: [OrthogonalTransform2D]) {
        var outStacks: [[[Float]]] = []
        var transforms: [OrthogonalTransform2D] = []
        for (b, stack) in stacks.enumerated() {
            if b == reference {
                outStacks.append(stack)
                transforms.append(.identity)
                continue
            }
            let r = try transform(matching: stack, sampleIDs: sampleIDs[b], to: stacks[reference],
                                  referenceIDs: sampleIDs[reference])
            outStacks.append(stack.map { r.apply(to: $0) })
            transforms.append(r)
        }
        return (outStacks, transforms)
    }
}

extension LayoutOrientation {
    /// An orientation for one stack that needs no other stack: computed from one layout of it
    /// (use the last epoch), so each block of a run can be oriented on its own, and a strip of
    /// one block shows it exactly as the video of all blocks does.
    ///
    /// - With `labels` (one per row of `layout`; two or more distinct values), the orthogonal
    ///   Procrustes fit of the centred layout onto a fixed target that puts class c (the c-th
    ///   smallest label of C) at angle 2πc/C on the unit circle: blocks whose classes are
    ///   arranged alike end up facing the same way, class 0 towards +x, classes counter-clockwise
    ///   where the layout allows it. Rows whose label is negative are left out.
    /// - Without labels: the principal axes of the centred layout (eigenvectors of its 2×2
    ///   covariance; the major axis becomes x), each axis' sign chosen so that the third moment
    ///   Σ t³ along it is positive (the longer tail points to +x, +y).
    ///
    /// Non-finite rows are ignored. Deterministic: plain float64 sums in row order.
    public static func canonicalTransform(of layout: [Float], labels: [Int]? = nil) -> OrthogonalTransform2D {
        let n = layout.count / 2
        var rows = (0..<n).filter { layout[2 * $0].isFinite && layout[2 * $0 + 1].isFinite }
        if let labels { rows = rows.filter { labels[$0] >= 0 } }
        guard !rows.isEmpty else { return .identity }
        var mx = 0.0, my = 0.0
        for r in rows { mx += Double(layout[2 * r]); my += Double(layout[2 * r + 1]) }
        mx /= Double(rows.count); my /= Double(rows.count)
        if let labels {
            let classes = Array(Set(rows.map { labels[$0] })).sorted()
            if classes.count >= 2 {
                var slot: [Int: Int] = [:]
                for (c, label) in classes.enumerated() { slot[label] = c }
                // C = Σ sᵀt over rows, s the centred position, t its class's point on the circle.
                var c = [0.0, 0.0, 0.0, 0.0]
                for r in rows {
                    let angle = 2 * Double.pi * Double(slot[labels[r]]!) / Double(classes.count)
                    let sx = Double(layout[2 * r]) - mx, sy = Double(layout[2 * r + 1]) - my
                    let tx = cos(angle), ty = sin(angle)
                    c[0] += sx * tx; c[1] += sx * ty; c[2] += sy * tx; c[3] += sy * ty
                }
                return OrthogonalTransform2D.fromCrossCovariance(c)
            }
        }
        return principalAxes(layout, rows: rows, mean: (mx, my))
    }

    /// Principal axes with third-moment signs (see `canonicalTransform`).
    static func principalAxes(_ layout: [Float], rows: [Int], mean: (Double, Double)) -> OrthogonalTransform2D {
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for r in rows {
            let x = Double(layout[2 * r]) - mean.0, y = Double(layout[2 * r + 1]) - mean.1
            sxx += x * x; sxy += x * y; syy += y * y
        }
        // Major-axis angle of a 2×2 symmetric matrix: θ = ½·atan2(2·Sxy, Sxx − Syy).
        let theta = 0.5 * atan2(2 * sxy, sxx - syy)
        var ux = (cos(theta), sin(theta)), uy = (-sin(theta), cos(theta))
        var m3x = 0.0, m3y = 0.0
        for r in rows {
            let x = Double(layout[2 * r]) - mean.0, y = Double(layout[2 * r + 1]) - mean.1
            let a = x * ux.0 + y * ux.1, b = x * uy.0 + y * uy.1
            m3x += a * a * a; m3y += b * b * b
        }
        if m3x < 0 { ux = (-ux.0, -ux.1) }
        if m3y < 0 { uy = (-uy.0, -uy.1) }
        // Row-vector convention p·R: the new x is p·ux, the new y is p·uy, so R's columns are ux, uy.
        return OrthogonalTransform2D(matrix: [ux.0, uy.0, ux.1, uy.1])
    }

    /// `stack` (per epoch, interleaved x, y) turned by `canonicalTransform` of its last epoch.
    public static func canonicallyOriented(_ stack: [[Float]], labels: [Int]? = nil)
        -> (stack: [[Float]], transform: OrthogonalTransform2D) {
        guard let last = stack.last else { return (stack, .identity) }
        let r = canonicalTransform(of: last, labels: labels)
        return (stack.map { r.apply(to: $0) }, r)
    }
}
