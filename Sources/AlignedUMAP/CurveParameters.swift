/// The a, b of UMAP's low-dimensional similarity 1 / (1 + a·d^{2b}), fitted to min_dist and
/// spread as umap-learn's `find_ab_params` does (aligned-umap.md §2.4): least squares against
/// y = 1 for x < min_dist and exp(−(x − min_dist)/spread) beyond, on 300 points evenly spaced
/// over [0, 3·spread], solved by Levenberg–Marquardt from a = b = 1.
public struct CurveParameters: Sendable, Equatable {
    public var a: Double
    public var b: Double

    public init(a: Double, b: Double) {
        self.a = a
        self.b = b
    }

    public init(minDist: Double, spread: Double) {
        let count = 300
        let xs = (0..<count).map { 3 * spread * Double($0) / Double(count - 1) }
        let ys = xs.map { $0 < minDist ? 1 : exp(-($0 - minDist) / spread) }

        func residuals(_ a: Double, _ b: Double) -> Double {
            var s = 0.0
            for (x, y) in zip(xs, ys) {
                let r = 1 / (1 + a * pow(x, 2 * b)) - y
                s += r * r
            }
            return s
        }

        var a = 1.0, b = 1.0
        var damping = 1e-3
        var cost = residuals(a, b)
        for _ in 0..<500 {
            // Normal equations JᵀJ δ = −Jᵀr with f = 1/(1 + a·u), u = x^{2b}:
            // ∂f/∂a = −u/(1 + a·u)², ∂f/∂b = −2a·u·ln x/(1 + a·u)² (0 at x = 0).
            var jaa = 0.0, jab = 0.0, jbb = 0.0, ga = 0.0, gb = 0.0
            for (x, y) in zip(xs, ys) {
                let u = x > 0 ? pow(x, 2 * b) : 0
                let q = 1 + a * u
                let r = 1 / q - y
                let da = -u / (q * q)
                let db = x > 0 ? -2 * a * u * log(x) / (q * q) : 0
                jaa += da * da; jab += da * db; jbb += db * db
                ga += da * r; gb += db * r
            }
            var improved = false
            while damping < 1e12 {
                let m00 = jaa * (1 + damping), m11 = jbb * (1 + damping), m01 = jab
                let det = m00 * m11 - m01 * m01
                guard det != 0 else { damping *= 10; continue }
                let stepA = -(m11 * ga - m01 * gb) / det
                let stepB = -(m00 * gb - m01 * ga) / det
                let trial = residuals(a + stepA, b + stepB)
                if trial < cost {
                    let relative = (cost - trial) / max(cost, 1e-300)
                    a += stepA; b += stepB; cost = trial
                    damping = max(damping / 10, 1e-12)
                    improved = relative > 1e-15
                    break
                }
                damping *= 10
            }
            if !improved { break }
        }
        self.a = a
        self.b = b
    }
}

import Foundation
