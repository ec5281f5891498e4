/// SSIM and squared error of one 8-bit picture plane against its reference, computed the way
/// x264 and FFmpeg's `ssim` filter do, so the figures compare with `ffmpeg -lavfi ssim`:
///
/// SSIM (Wang, Bovik, Sheikh & Simoncelli 2004) over 8x8 windows stepped by 4 pixels, each
/// window's sums built from four 4x4 blocks, with c1 = (0.01·255)²·64 and c2 = (0.03·255)²·64·63
/// in the sums' scale:
///   ssim = (2·s1·s2 + c1)(2·(64·s12 − s1·s2) + c2) / ((s1² + s2² + c1)(64·ss − s1² − s2² + c2)),
/// where s1, s2 are the window sums of each picture, ss the sum of both pictures' squares and s12
/// the sum of products; the plane's SSIM is the mean over (w/4 − 1)·(h/4 − 1) windows.
enum PlaneSimilarity {
    struct Result {
        var ssim: Double
        /// Sum of squared differences over the plane.
        var squaredError: Double
        var samples: Int
    }

    /// Compares `width` x `height` samples of `a` (rows `strideA` bytes apart) with `b`.
    static func compare(_ a: UnsafePointer<UInt8>, strideA: Int, _ b: UnsafePointer<UInt8>, strideB: Int,
                        width: Int, height: Int) -> Result {
        let bw = width / 4, bh = height / 4
        var squaredError = 0.0
        // Squared error of the whole plane (also the rows and columns SSIM's blocks leave out).
        for y in 0..<height {
            let ra = a + y * strideA, rb = b + y * strideB
            var rowError = 0
            for x in 0..<width {
                let d = Int(ra[x]) - Int(rb[x])
                rowError &+= d * d
            }
            squaredError += Double(rowError)
        }
        guard bw >= 2, bh >= 2 else { return Result(ssim: 1, squaredError: squaredError, samples: width * height) }
        // Sums of each 4x4 block, two block rows at a time (the window spans two).
        typealias Sums = (s1: Int, s2: Int, ss: Int, s12: Int)
        func blockRow(_ by: Int) -> [Sums] {
            (0..<bw).map { bx in
                var s1 = 0, s2 = 0, ss = 0, s12 = 0
                for dy in 0..<4 {
                    let ra = a + (4 * by + dy) * strideA + 4 * bx, rb = b + (4 * by + dy) * strideB + 4 * bx
                    for dx in 0..<4 {
                        let p = Int(ra[dx]), q = Int(rb[dx])
                        s1 += p; s2 += q; ss += p * p + q * q; s12 += p * q
                    }
                }
                return (s1, s2, ss, s12)
            }
        }
        let c1 = 0.01 * 0.01 * 255 * 255 * 64, c2 = 0.03 * 0.03 * 255 * 255 * 64 * 63
        var total = 0.0
        var upper = blockRow(0)
        for by in 1..<bh {
            let lower = blockRow(by)
            for bx in 0..<(bw - 1) {
                let s1 = Double(upper[bx].s1 + upper[bx + 1].s1 + lower[bx].s1 + lower[bx + 1].s1)
                let s2 = Double(upper[bx].s2 + upper[bx + 1].s2 + lower[bx].s2 + lower[bx + 1].s2)
                let ss = Double(upper[bx].ss + upper[bx + 1].ss + lower[bx].ss + lower[bx + 1].ss)
                let s12 = Double(upper[bx].s12 + upper[bx + 1].s12 + lower[bx].s12 + lower[bx + 1].s12)
                let variances = ss * 64 - s1 * s1 - s2 * s2
                let covariance = s12 * 64 - s1 * s2
                total += (2 * s1 * s2 + c1) * (2 * covariance + c2) / ((s1 * s1 + s2 * s2 + c1) * (variances + c2))
            }
            upper = lower
        }
        return Result(ssim: total / Double((bw - 1) * (bh - 1)), squaredError: squaredError, samples: width * height)
    }
}
