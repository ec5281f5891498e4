/// A 2×2 orthogonal map (rotation, or reflection) applied to row vectors: (x, y) ↦ (x, y)·R.
public struct OrthogonalTransform2D: Sendable, Equatable, Codable {
    /// R row-major: [r00, r01, r10, r11].
    public var matrix: [Double]

    public static let identity = OrthogonalTransform2D(matrix: [1, 0, 0, 1])

    public init(matrix: [Double]) {
        precondition(matrix.count == 4, "a 2x2 transform has 4 entries")
        self.matrix = matrix
    }

    /// Rotation by `angle` radians (counter-clockwise), optionally after reflecting y.
    public init(angle: Double, reflect: Bool = false) {
        let c = cos(angle), s = sin(angle)
        // Row-vector convention: p·R rotates p by +angle when R = [[c, s], [−s, c]].
        self.matrix = reflect ? [c, s, s, -c] : [c, s, -s, c]
    }

    /// True if this transform flips orientation (determinant −1).
    public var isReflection: Bool { matrix[0] * matrix[3] - matrix[1] * matrix[2] < 0 }

    /// Applies the transform to interleaved x, y pairs; NaN rows stay NaN.
    public func apply(to positions: [Float]) -> [Float] {
        var out = positions
        for i in stride(from: 0, to: positions.count - 1, by: 2) {
            let x = Double(positions[i]), y = Double(positions[i + 1])
            out[i] = Float(x * matrix[0] + y * matrix[2])
            out[i + 1] = Float(x * matrix[1] + y * matrix[3])
        }
        return out
    }

    /// The orthogonal R minimising Σ‖s_i·R − t_i‖² over the given pairs (orthogonal
    /// Procrustes; Schönemann 1966), reflections allowed, no centring or scaling.
    ///
    /// With C = Σ s_iᵀ t_i (2×2), the best rotation maximises c(C00 + C11) + s(C10 − C01)
    /// and the best reflection c(C00 − C11) + s(C01 + C10); the larger wins (this equals U·Vᵀ
    /// from the SVD of C). Pairs with a non-finite coordinate are skipped.
    public static func procrustes(source: [Float], target: [Float], pairs: [(source: Int, target: Int)]) -> OrthogonalTransform2D? {
        var c = [0.0, 0.0, 0.0, 0.0]
        var used = 0
        for (p, q) in pairs {
            let sx = Double(source[2 * p]), sy = Double(source[2 * p + 1])
            let tx = Double(target[2 * q]), ty = Double(target[2 * q + 1])
            guard sx.isFinite, sy.isFinite, tx.isFinite, ty.isFinite else { continue }
            c[0] += sx * tx; c[1] += sx * ty; c[2] += sy * tx; c[3] += sy * ty
            used += 1
        }
        guard used > 0 else { return nil }
        return fromCrossCovariance(c)
    }

    /// The orthogonal R maximising tr(Rᵀ C) for a 2×2 cross-covariance C = Σ sᵀt.
    static func fromCrossCovariance(_ c: [Double]) -> OrthogonalTransform2D {
        let rotA = c[0] + c[3], rotB = c[2] - c[1]
        let refA = c[0] - c[3], refB = c[1] + c[2]
        let rotScore = (rotA * rotA + rotB * rotB).squareRoot()
        let refScore = (refA * refA + refB * refB).squareRoot()
        if rotScore >= refScore {
            let (co, si) = rotScore > 0 ? (rotA / rotScore, rotB / rotScore) : (1, 0)
            // R = [[c, −s], [s, c]] gives tr(RᵀC) = c(C00 + C11) + s(C10 − C01).
            return OrthogonalTransform2D(matrix: [co, -si, si, co])
        } else {
            let co = refA / refScore, si = refB / refScore
            // R = [[c, s], [s, −c]] gives tr(RᵀC) = c(C00 − C11) + s(C01 + C10).
            return OrthogonalTransform2D(matrix: [co, si, si, -co])
        }
    }
}

import Foundation
