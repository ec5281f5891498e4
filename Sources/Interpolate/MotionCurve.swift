/// How a point travels between two saved epochs. Every curve passes through the keyframe
/// positions exactly at keyframe times and stays, per coordinate, between the step's two
/// keyframe values (so a step never overshoots its endpoints).
public enum MotionCurve: String, Sendable, Equatable, CaseIterable {
    /// Constant speed within each step; speed jumps at keyframes.
    case linear
    /// Ease in and out of every keyframe: weight 3u² − 2u³; stops at each keyframe.
    case smoothstep
    /// Piecewise cubic Hermite through the keyframes with Fritsch–Carlson monotone tangents:
    /// velocity is continuous across keyframes and monotone data is never overshot.
    case monotoneCubic

    /// Largest per-frame displacement of a point, as a multiple of (its displacement over the
    /// step) / (frames in the step): the maximum of |dp/du| over u ∈ [0, 1] relative to |Δ|.
    /// Linear: 1. Smoothstep: 1.5 (slope of 3u² − 2u³ at u = ½). Monotone cubic: 3, because
    /// Fritsch–Carlson keeps the tangent ratios α, β in [0, 3]² and the Hermite derivative
    /// Δ·[6u(1−u) + α(1−u)(1−3u) + β·u(3u−2)] is then at most 3|Δ| (its maximum over that square
    /// sits at a corner).
    public var maxSpeedFactor: Double {
        switch self {
        case .linear: return 1
        case .smoothstep: return 1.5
        case .monotoneCubic: return 3
        }
    }

    /// Opacity weight used when a sample fades in or out across a step (linear for `.linear`,
    /// smoothstep otherwise), in 0…1 with weight(0) = 0 and weight(1) = 1.
    public func fadeWeight(_ u: Double) -> Double {
        switch self {
        case .linear: return u
        case .smoothstep, .monotoneCubic: return u * u * (3 - 2 * u)
        }
    }

    /// The four coefficients (c₀, c₁, c₂, c₃) such that a coordinate at blend u is
    /// c₀·y₀ + c₁·y₁ + c₂·m₀ + c₃·m₁, with y the keyframe values and m the tangents in units per
    /// second over a step of `stepSeconds`. Linear and smoothstep ignore the tangents.
    /// Cubic Hermite basis: h₀₀ = 2u³ − 3u² + 1, h₀₁ = −2u³ + 3u², h₁₀ = u³ − 2u² + u, h₁₁ = u³ − u².
    func coefficients(blend u: Double, stepSeconds h: Double) -> SIMD4<Float> {
        switch self {
        case .linear:
            return SIMD4(Float(1 - u), Float(u), 0, 0)
        case .smoothstep:
            let w = u * u * (3 - 2 * u)
            return SIMD4(Float(1 - w), Float(w), 0, 0)
        case .monotoneCubic:
            let u2 = u * u, u3 = u2 * u
            return SIMD4(Float(2 * u3 - 3 * u2 + 1), Float(-2 * u3 + 3 * u2),
                         Float((u3 - 2 * u2 + u) * h), Float((u3 - u2) * h))
        }
    }
}
