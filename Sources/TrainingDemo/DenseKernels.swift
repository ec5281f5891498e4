/// The three row-major matrix products a dense layer needs, written so that every inner loop
/// runs over contiguous memory (an AXPY the compiler vectorises) and no temporary is allocated.
enum DenseKernels {
    /// C[m×n] = A[m×k] · B[k×n] + bias[n] (bias added to every row).
    static func multiplyAddingBias(
        _ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>,
        into c: UnsafeMutableBufferPointer<Float>, m: Int, k: Int, n: Int
    ) {
        for i in 0..<m {
            let row = c.baseAddress! + i * n
            for j in 0..<n { row[j] = bias[j] }
            for p in 0..<k {
                let av = a[i * k + p]
                // ReLU outputs are often exactly zero; skipping them saves a whole row pass.
                if av == 0 { continue }
                let bRow = b.baseAddress! + p * n
                for j in 0..<n { row[j] += av * bRow[j] }
            }
        }
    }

    /// G[k×n] += Aᵀ · B, with A[m×k] and B[m×n] (the weight gradient Hᵀ·δ of a layer).
    static func accumulateTransposedProduct(
        _ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>,
        into g: UnsafeMutableBufferPointer<Float>, m: Int, k: Int, n: Int
    ) {
        for i in 0..<m {
            let bRow = b.baseAddress! + i * n
            for p in 0..<k {
                let av = a[i * k + p]
                if av == 0 { continue }
                let gRow = g.baseAddress! + p * n
                for j in 0..<n { gRow[j] += av * bRow[j] }
            }
        }
    }

    /// C[m×k] = A[m×n] · Bᵀ where `bTransposed` holds Bᵀ as [n×k] (i.e. B is [k×n]);
    /// this is δ·Wᵀ, the gradient flowing back into a layer's input.
    static func multiplyByTransposed(
        _ a: UnsafeBufferPointer<Float>, bTransposed: UnsafeBufferPointer<Float>,
        into c: UnsafeMutableBufferPointer<Float>, m: Int, n: Int, k: Int
    ) {
        for i in 0..<m {
            let row = c.baseAddress! + i * k
            for p in 0..<k { row[p] = 0 }
            for j in 0..<n {
                let av = a[i * n + j]
                let bRow = bTransposed.baseAddress! + j * k
                for p in 0..<k { row[p] += av * bRow[p] }
            }
        }
    }

    /// Transposes a row-major [rows × columns] matrix into [columns × rows].
    static func transpose(_ a: UnsafeBufferPointer<Float>, into t: UnsafeMutableBufferPointer<Float>,
                          rows: Int, columns: Int) {
        for r in 0..<rows {
            for c in 0..<columns { t[c * rows + r] = a[r * columns + c] }
        }
    }
}
