import LayoutModel

/// One block's keyframe positions, prepared once so that any frame's positions cost a few
/// multiply-adds per coordinate.
///
/// Storage is flat: keyframe k's 2·N coordinates start at k·2N, tangents (monotone cubic only,
/// units per second) use the same layout, so a frame reads four contiguous streams.
///
/// **Absent samples** (NaN at a keyframe) fade instead of jumping. Within step k → k+1:
/// - present at both keyframes: the curve, opacity 1;
/// - present only at k: held still at its keyframe-k position while opacity falls 1 − w(u);
/// - present only at k+1: shown at its keyframe-(k+1) position while opacity rises w(u);
/// - absent at both: NaN (not shown);
/// where w is `MotionCurve.fadeWeight`. A sample whose opacity is 0 is reported as NaN, so at a
/// keyframe time every position is exactly the keyframe value (NaN where absent).
public struct BlockKeyframes: Sendable {
    public let name: String
    public let sampleCount: Int
    public let keyframeCount: Int
    public let curve: MotionCurve
    /// True if any sample is absent at any keyframe (then frames carry an opacity array).
    public let hasMissing: Bool
    let positions: [Float]
    let tangents: [Float]
    let stepSeconds: [Double]
    let stepHasMissing: [Bool]

    /// - Throws: `keyframeCountMismatch` or `positionCountMismatch` when the block does not hold
    ///   2·`sampleCount` coordinates for each of the timeline's epochs.
    public init(block: BlockLayout, sampleCount: Int, timeline: Timeline, curve: MotionCurve) throws {
        let k = timeline.epochs.count
        guard block.positions.count == k else {
            throw InterpolateError.keyframeCountMismatch(block: block.name, expected: k, got: block.positions.count)
        }
        let width = 2 * sampleCount
        var flat = [Float]()
        flat.reserveCapacity(k * width)
        var keyMissing = [Bool](repeating: false, count: k)
        for (e, row) in block.positions.enumerated() {
            guard row.count == width else {
                throw InterpolateError.positionCountMismatch(block: block.name, epochIndex: e, expected: width, got: row.count)
            }
            // A sample is absent when either coordinate is NaN; store both as NaN so one test suffices.
            for i in 0..<sampleCount {
                let x = row[2 * i], y = row[2 * i + 1]
                if x.isNaN || y.isNaN || !x.isFinite || !y.isFinite {
                    flat.append(.nan); flat.append(.nan)
                    keyMissing[e] = true
                } else {
                    flat.append(x); flat.append(y)
                }
            }
        }
        self.name = block.name
        self.sampleCount = sampleCount
        self.keyframeCount = k
        self.curve = curve
        self.positions = flat
        self.stepSeconds = timeline.stepSeconds
        self.hasMissing = keyMissing.contains(true)
        self.stepHasMissing = (0..<max(k - 1, 0)).map { keyMissing[$0] || keyMissing[$0 + 1] }
        if curve == .monotoneCubic && k > 1 {
            let rest = timeline.holdSeconds.map { $0 > 0 }
            var slopes = [Float](repeating: 0, count: k * width)
            var series = [Double](repeating: 0, count: k)
            var m: [Double] = [], scratch: [Double] = []
            for j in 0..<width {
                for e in 0..<k { series[e] = Double(flat[e * width + j]) }
                MonotoneTangents.compute(series, stepSeconds: timeline.stepSeconds, rest: rest, into: &m, scratch: &scratch)
                for e in 0..<k { slopes[e * width + j] = Float(m[e]) }
            }
            self.tangents = slopes
        } else {
            self.tangents = []
        }
    }

    /// The exact keyframe positions at keyframe index k (2·N floats, NaN where absent).
    public func keyframe(_ k: Int) -> ArraySlice<Float> {
        let width = 2 * sampleCount
        return positions[(k * width)..<((k + 1) * width)]
    }

    /// Writes the 2·N coordinates at a timeline position into `out`, and the N opacities into
    /// `opacity` when given (it must be given when `hasMissing`, else absent samples only show
    /// as NaN at their keyframes but fade without opacity information).
    public func fill(_ out: UnsafeMutableBufferPointer<Float>, opacity: UnsafeMutableBufferPointer<Float>?,
                     at time: TimelinePosition) {
        let width = 2 * sampleCount
        precondition(out.count >= width, "position buffer holds \(out.count) floats, needs \(width)")
        if let opacity { precondition(opacity.count >= sampleCount, "opacity buffer too small") }
        guard width > 0 else { return }
        positions.withUnsafeBufferPointer { all in
            let base = all.baseAddress!
            let k = time.lower
            let y0 = base + k * width
            if time.upper == k || time.blend == 0 {
                out.baseAddress!.update(from: y0, count: width)
                if let opacity {
                    for i in 0..<sampleCount { opacity[i] = y0[2 * i].isNaN ? 0 : 1 }
                }
                return
            }
            let y1 = base + (k + 1) * width
            let c = curve.coefficients(blend: time.blend, stepSeconds: stepSeconds[k])
            let o = out.baseAddress!
            if tangents.isEmpty {
                for j in 0..<width { o[j] = Self.mix(c, y0[j], y1[j]) }
            } else {
                tangents.withUnsafeBufferPointer { t in
                    let m0 = t.baseAddress! + k * width, m1 = m0 + width
                    for j in 0..<width { o[j] = Self.mix(c, y0[j], y1[j], m0[j], m1[j]) }
                }
            }
            if stepHasMissing[k] {
                let fade = Float(curve.fadeWeight(time.blend))
                for i in 0..<sampleCount {
                    let present0 = !y0[2 * i].isNaN, present1 = !y1[2 * i].isNaN
                    var alpha: Float = 1
                    if present0 && !present1 {
                        o[2 * i] = y0[2 * i]; o[2 * i + 1] = y0[2 * i + 1]; alpha = 1 - fade
                    } else if !present0 && present1 {
                        o[2 * i] = y1[2 * i]; o[2 * i + 1] = y1[2 * i + 1]; alpha = fade
                    } else if !present0 && !present1 {
                        alpha = 0
                    }
                    if alpha <= 0 { o[2 * i] = .nan; o[2 * i + 1] = .nan; alpha = 0 }
                    opacity?[i] = alpha
                }
            } else if let opacity {
                for i in 0..<sampleCount { opacity[i] = 1 }
            }
        }
    }

    /// One sample's position and opacity at a timeline position; the same arithmetic as `fill`.
    /// Returns nil where the sample is not shown (opacity 0).
    public func position(of sample: Int, at time: TimelinePosition) -> (point: SIMD2<Float>, opacity: Float)? {
        let width = 2 * sampleCount
        let k = time.lower
        let a = k * width + 2 * sample
        let x0 = positions[a], y0 = positions[a + 1]
        if time.upper == k || time.blend == 0 {
            return x0.isNaN ? nil : (SIMD2(x0, y0), 1)
        }
        let b = a + width
        let x1 = positions[b], y1 = positions[b + 1]
        switch (x0.isNaN, x1.isNaN) {
        case (true, true):
            return nil
        case (false, true):
            let alpha = 1 - Float(curve.fadeWeight(time.blend))
            return alpha > 0 ? (SIMD2(x0, y0), alpha) : nil
        case (true, false):
            let alpha = Float(curve.fadeWeight(time.blend))
            return alpha > 0 ? (SIMD2(x1, y1), alpha) : nil
        case (false, false):
            let c = curve.coefficients(blend: time.blend, stepSeconds: stepSeconds[k])
            if tangents.isEmpty {
                return (SIMD2(Self.mix(c, x0, x1), Self.mix(c, y0, y1)), 1)
            }
            return (SIMD2(Self.mix(c, x0, x1, tangents[a], tangents[b]),
                          Self.mix(c, y0, y1, tangents[a + 1], tangents[b + 1])), 1)
        }
    }

    @inline(__always)
    static func mix(_ c: SIMD4<Float>, _ y0: Float, _ y1: Float) -> Float {
        c.x * y0 + c.y * y1
    }

    @inline(__always)
    static func mix(_ c: SIMD4<Float>, _ y0: Float, _ y1: Float, _ m0: Float, _ m1: Float) -> Float {
        c.x * y0 + c.y * y1 + (c.z * m0 + c.w * m1)
    }
}
