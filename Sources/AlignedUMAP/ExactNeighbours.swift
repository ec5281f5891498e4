/// Brute-force k nearest neighbours: every pair is measured, rows run in parallel and each row
/// writes only its own k outputs, so the result is exact and independent of the thread count.
func exactNeighbours<D: PointDistance>(rows: [Float], count n: Int, dims p: Int, k: Int,
                                       distance: D.Type, threads: Int) -> NeighbourList {
    let kk = k - 1  // self is prepended
    return rows.withUnsafeBufferPointer { xb in
        let x = SharedBuffer(xb)
        return NeighbourList.filledInParallel(count: n, k: k, chunkSize: 16, threads: threads) { range, out in
            var heapD = [Float](repeating: .infinity, count: max(kk, 1))
            var heapI = [Int32](repeating: Int32.max, count: max(kk, 1))
            for i in range {
                for c in 0..<kk { heapD[c] = .infinity; heapI[c] = Int32.max }
                let xi = x.base + i * p
                heapD.withUnsafeMutableBufferPointer { hd in
                    heapI.withUnsafeMutableBufferPointer { hi in
                        let hdp = hd.baseAddress!, hip = hi.baseAddress!
                        for j in 0..<n where j != i {
                            let s = D.surrogate(xi, x.base + j * p, p)
                            if s < hdp[0] { heapPush(hdp, hip, kk, s, Int32(j)) }
                        }
                        sortHeapRow(hdp, hip, kk)
                    }
                }
                out.indices[i * k] = Int32(i)
                out.distances[i * k] = 0
                for c in 0..<kk where heapI[c] != Int32.max {
                    out.indices[i * k + 1 + c] = heapI[c]
                    out.distances[i * k + 1 + c] = D.distance(fromSurrogate: heapD[c])
                }
            }
        }
    }
}
