/// Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations
/// (Golub & Van Loan §8.5): robust, deterministic, O(m³) per sweep.
/// Returns eigenvalues in descending order and the matching eigenvectors as columns
/// (`vectors[row * m + column]`).
func jacobiEigen(_ matrix: [Double], size m: Int) -> (values: [Double], vectors: [Double]) {
    var a = matrix
    var v = [Double](repeating: 0, count: m * m)
    for i in 0..<m { v[i * m + i] = 1 }
    for _ in 0..<100 {
        var off = 0.0
        for i in 0..<m { for j in (i + 1)..<max(i + 1, m) { off += a[i * m + j] * a[i * m + j] } }
        if off < 1e-30 { break }
        for p in 0..<m {
            for q in (p + 1)..<max(p + 1, m) where a[p * m + q] != 0 {
                let apq = a[p * m + q]
                let theta = (a[q * m + q] - a[p * m + p]) / (2 * apq)
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for k in 0..<m {
                    let akp = a[k * m + p], akq = a[k * m + q]
                    a[k * m + p] = c * akp - s * akq
                    a[k * m + q] = s * akp + c * akq
                }
                for k in 0..<m {
                    let apk = a[p * m + k], aqk = a[q * m + k]
                    a[p * m + k] = c * apk - s * aqk
                    a[q * m + k] = s * apk + c * aqk
                }
                for k in 0..<m {
                    let vkp = v[k * m + p], vkq = v[k * m + q]
                    v[k * m + p] = c * vkp - s * vkq
                    v[k * m + q] = s * vkp + c * vkq
                }
            }
        }
    }
    let order = (0..<m).sorted { a[$0 * m + $0] > a[$1 * m + $1] || (a[$0 * m + $0] == a[$1 * m + $1] && $0 < $1) }
    var vectors = [Double](repeating: 0, count: m * m)
    for (newCol, old) in order.enumerated() { for r in 0..<m { vectors[r * m + newCol] = v[r * m + old] } }
    return (order.map { a[$0 * m + $0] }, vectors)
}

/// The `wanted` largest eigenpairs of a symmetric operator on the orthogonal complement of the
/// orthonormal vectors `deflate`, by thick-restart Lanczos with full reorthogonalisation
/// (Wu & Simon 2000), the projected matrix formed explicitly (Rayleigh–Ritz on the basis).
///
/// Deterministic: the start vector comes from `rng`, and every dot product sums in a fixed order.
/// Returns nil if the residuals ‖Ay − θy‖ do not fall below `tolerance` within `maxProducts`
/// operator applications (the caller then falls back to a random layout, as umap-learn does).
///
/// Long on purpose: expansion, Rayleigh–Ritz and restart share the basis, its images and the
/// operator count, and follow Wu & Simon's algorithm step by step.
func largestEigenvectors(dimension n: Int, wanted: Int, deflate: [[Double]], tolerance: Double = 1e-4,
                         maxProducts: Int, rng: inout SeededRandom,
                         apply: ([Double]) -> [Double]) -> (values: [Double], vectors: [[Double]])? {
    let free = n - deflate.count
    guard wanted >= 1, free >= wanted else { return nil }
    let maxBasis = min(free, max(2 * wanted + 20, 30))
    let keep = min(maxBasis - 1, max(wanted + 6, maxBasis / 2))

    func dotProduct(_ x: [Double], _ y: [Double]) -> Double {
        var s = 0.0
        for i in 0..<n { s += x[i] * y[i] }
        return s
    }
    /// Removes the components along `deflate` and `basis` (twice, for numerical orthogonality);
    /// returns the norm left.
    func orthogonalise(_ w: inout [Double], against basis: [[Double]]) -> Double {
        for _ in 0..<2 {
            for u in deflate + basis {
                let c = dotProduct(u, w)
                if c != 0 { for i in 0..<n { w[i] -= c * u[i] } }
            }
        }
        return dotProduct(w, w).squareRoot()
    }
    func randomUnit(against basis: [[Double]]) -> [Double]? {
        for _ in 0..<10 {
            var w = (0..<n).map { _ in rng.normal() }
            let norm = orthogonalise(&w, against: basis)
            if norm > 1e-8 { return w.map { $0 / norm } }
        }
        return nil
    }

    guard let start = randomUnit(against: []) else { return nil }
    var basis: [[Double]] = [start]
    var images: [[Double]] = [apply(start)]
    var products = 1
    while true {
        let productsBefore = products
        // Expand: the next direction is the newest image, orthogonalised (Lanczos).
        while basis.count < maxBasis {
            var w = images[images.count - 1]
            let norm = orthogonalise(&w, against: basis)
            let next: [Double]
            if norm > 1e-10 {
                next = w.map { $0 / norm }
            } else {
                // An invariant subspace was found; continue with a fresh random direction.
                guard let fresh = randomUnit(against: basis) else { break }
                next = fresh
            }
            basis.append(next)
            images.append(apply(next))
            products += 1
        }
        // Rayleigh–Ritz: H = Vᵀ A V.
        let m = basis.count
        var h = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in i..<m {
                let value = 0.5 * (dotProduct(basis[i], images[j]) + dotProduct(basis[j], images[i]))
                h[i * m + j] = value
                h[j * m + i] = value
            }
        }
        let (theta, s) = jacobiEigen(h, size: m)
        let retained = min(m, max(keep, wanted))
        var ritz: [[Double]] = [], ritzImages: [[Double]] = []
        var converged = true
        for t in 0..<retained {
            var y = [Double](repeating: 0, count: n), ay = [Double](repeating: 0, count: n)
            for j in 0..<m {
                let c = s[j * m + t]
                if c == 0 { continue }
                for i in 0..<n { y[i] += c * basis[j][i]; ay[i] += c * images[j][i] }
            }
            if t < wanted {
                var r = 0.0
                for i in 0..<n { let d = ay[i] - theta[t] * y[i]; r += d * d }
                if r.squareRoot() > tolerance { converged = false }
            }
            ritz.append(y)
            ritzImages.append(ay)
        }
        if converged || m == free {
            return (Array(theta[0..<wanted]), Array(ritz[0..<wanted]))
        }
        if products >= maxProducts || products == productsBefore { return nil }
        basis = ritz
        images = ritzImages
    }
}
