/// Selection of the k-th smallest value without sorting (Hoare's FIND with a median-of-three
/// pivot): expected O(n), in place.
enum OrderStatistic {
    /// The value of rank `rank` (0 = smallest) among the first `count` values; reorders them.
    /// Values must not be NaN.
    static func select(_ a: UnsafeMutableBufferPointer<Float>, count: Int, rank: Int) -> Float {
        precondition(rank >= 0 && rank < count, "rank \(rank) outside 0..<\(count)")
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
