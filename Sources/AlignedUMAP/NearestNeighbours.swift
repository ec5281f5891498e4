/// How nearest neighbours are found.
public enum NeighbourSearch: Sendable, Equatable {
    /// Exact below `AlignedUMAP.exactNeighbourLimit` points, approximate from there on; for
    /// `WideNeighbours.threshold` features or more, candidates from a random projection
    /// re-ranked by exact distance.
    case automatic
    /// Brute force: O(n²·dims), exact (also for wide slices).
    case exact
    /// NN-descent from random projection trees: about O(n·log n·dims), recall ≈ 0.95–1.
    case approximate
}

extension AlignedUMAP {
    /// Slices with fewer points than this use exact neighbours (umap-learn's threshold).
    public static let exactNeighbourLimit = 4096

    /// The `k` nearest neighbours (self first, k counting self) of every row of `slice`.
    ///
    /// If the slice has no more than `k` rows, k becomes rows − 1, as in umap-learn.
    /// `warmStart`, the neighbours of the same rows in a similar slice (the previous epoch),
    /// seeds an approximate search with candidates, so it needs a smaller forest.
    public static func nearestNeighbours(of slice: AlignedUMAPSlice, k: Int, metric: AlignedUMAPMetric,
                                         search: NeighbourSearch = .automatic, seed: UInt64 = 42,
                                         threads: Int? = nil, warmStart: NeighbourList? = nil) -> NeighbourList {
        return nearestNeighbours(prepared: preparedValues(slice, metric: metric), count: slice.rows, dims: slice.cols, k: k, metric: metric,
                                 search: search, seed: seed,
                                 threads: max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount),
                                 warmStart: warmStart)
    }

    static func nearestNeighbours(preparedRows rows: [Float], count n: Int, dims p: Int, k requested: Int,
                                  metric: AlignedUMAPMetric, search: NeighbourSearch, seed: UInt64,
                                  threads: Int, warmStart: NeighbourList? = nil) -> NeighbourList {
        nearestNeighbours(prepared: .float(rows), count: n, dims: p, k: requested, metric: metric, search: search,
                          seed: seed, threads: threads, warmStart: warmStart)
    }

    /// The same for rows that may be binary16 (euclidean only: cosine rows are prepared as
    /// float32); only the wide path reads them narrow, others widen them first.
    static func nearestNeighbours(prepared values: SliceValues, count n: Int, dims p: Int, k requested: Int,
                                  metric: AlignedUMAPMetric, search: NeighbourSearch, seed: UInt64,
                                  threads: Int, warmStart: NeighbourList? = nil) -> NeighbourList {
        if case .half = values { precondition(metric == .euclidean, "cosine rows are prepared as float32") }
        let k = n <= requested ? max(1, n - 1) : requested
        if k < 2 {
            // One point (or two with k clipped to 1): only self, no neighbour.
            return NeighbourList(count: n, k: 1, indices: (0..<n).map { Int32($0) },
                                 distances: [Float](repeating: 0, count: n))
        }
        // Wide rows: candidates in a projection, exact re-ranking (WideNeighbours).
        if p >= WideNeighbours.threshold && search != .exact {
            return WideNeighbours.neighbours(rows: values, count: n, dims: p, k: k, metric: metric, search: search,
                                             seed: seed, threads: threads, warmStart: warmStart)
        }
        let rows = values.floats
        let approximate: Bool
        switch search {
        case .automatic: approximate = n >= exactNeighbourLimit
        case .exact: approximate = false
        case .approximate: approximate = true
        }
        switch (metric, approximate) {
        case (.euclidean, false):
            return exactNeighbours(rows: rows, count: n, dims: p, k: k, distance: EuclideanDistance.self, threads: threads)
        case (.cosine, false):
            return exactNeighbours(rows: rows, count: n, dims: p, k: k, distance: CosineDistance.self, threads: threads)
        case (.euclidean, true):
            return approximateNeighbours(rows: rows, count: n, dims: p, k: k, distance: EuclideanDistance.self,
                                         angular: false, seed: seed, threads: threads, warmStart: warmStart)
        case (.cosine, true):
            return approximateNeighbours(rows: rows, count: n, dims: p, k: k, distance: CosineDistance.self,
                                         angular: true, seed: seed, threads: threads, warmStart: warmStart)
        }
    }
}

import Foundation
