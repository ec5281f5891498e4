/// Selection of the k-th smallest value without sorting.
enum OrderStatistic {
    /// The value of rank `rank` (0 = smallest) among the first `count` values; reorders them.
    /// Ranks near either end (the usual case for robust bounds) keep a small sorted buffer of the
    /// extreme values in one pass; other ranks use Hoare's FIND with a median-of-three pivot
    /// (expected O(n), in place). Values must not be NaN.
    static func select(_ a: UnsafeMutableBufferPointer<Float>, count: Int, rank: Int) -> Float {
        precondition(rank >= 0 && rank < count, "rank \(rank) outside 0..<\(count)")
        if rank < 64 { return extreme(a, count: count, keep: rank + 1, smallest: true) }
        if count - 1 - rank < 64 { return extreme(a, count: count, keep: count - rank, smallest: false) }
        return quickselect(a, count: count, rank: rank)
    }

    /// The `keep`-th smallest (or largest) value: one pass with a sorted buffer of the `keep` most
    /// extreme values seen so far. Random input inserts rarely, so this is about n comparisons.
    static func extreme(_ a: UnsafeMutableBufferPointer<Float>, count: Int, keep: Int, smallest: Bool) -> Float {
        var buffer = [Float](repeating: 0, count: keep)
        var filled = 0
        for i in 0..<count {
            let v = smallest ? a[i] : -a[i]
            if filled == keep && v >= buffer[keep - 1] { continue }
            var j = filled == keep ? keep - 1 : filled
            if filled < keep { filled += 1 }
            while j > 0 && buffer[j - 1] > v {
                buffer[j] = buffer[j - 1]
                j -= 1
            }
            buffer[j] = v
        }
        return smallest ? buffer[keep - 1] : -buffer[keep - 1]
    }

    static func quickselect(_ a: UnsafeMutableBufferPointer<Float>, count: Int, rank: Int) -> Float {
        var lo = 0, hi = count - 1
        while hi > lo {
            let mid = lo + (hi - lo) / 2
            if a[mid] < a[lo] { a.swapAt(mid, lo) }
            if a[hi] < a[lo] { a.swapAt(hi, lo) }
            if a[hi] < a[mid] { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now a[lo...j] ≤ pivot ≤ a[i...hi], and a[j+1..<i] all equal the pivot.
            if rank <= j {
                hi = j
            } else if rank >= i {
                lo = i
            } else {
                return a[rank]
            }
        }
        return a[rank]
    }
}
