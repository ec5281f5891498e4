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
