import LayoutModel

/// How much the layouts change in each step, the input of adaptive pacing.
public enum LayoutChange {
    /// One figure per step k (epochs[k] → epochs[k + 1]): for every run and listed block, the mean
    /// distance moved by the samples present at both keyframes, divided by the block's spread
    /// (root-mean-square distance from the centroid, averaged over the two keyframes) so that
    /// blocks of different scale weigh the same; then the mean over runs and blocks.
    /// - Throws: `unknownBlock`, `epochsDiffer`, `positionCountMismatch`.
    public static func stepChanges(layouts: [LayoutSet], blocks: [String]) throws -> [Double] {
        guard let first = layouts.first else { throw InterpolateError.noRuns }
        let steps = max(first.epochs.count - 1, 0)
        var total = [Double](repeating: 0, count: steps)
        var parts = 0
        for run in layouts {
            guard run.epochs == first.epochs else {
                throw InterpolateError.epochsDiffer(run: run.runName, expected: first.epochs, got: run.epochs)
            }
            for name in blocks {
                guard let block = run.block(named: name) else { throw InterpolateError.unknownBlock(name: name, run: run.runName) }
                let n = run.sampleCount
                for (e, row) in block.positions.enumerated() where row.count != 2 * n {
                    throw InterpolateError.positionCountMismatch(block: name, epochIndex: e, expected: 2 * n, got: row.count)
                }
                guard block.positions.count == first.epochs.count else {
                    throw InterpolateError.keyframeCountMismatch(block: name, expected: first.epochs.count, got: block.positions.count)
                }
                let spread = block.positions.map(Self.spread)
                for k in 0..<steps {
                    let a = block.positions[k], b = block.positions[k + 1]
                    var moved = 0.0, count = 0
                    for i in 0..<n {
                        let dx = Double(b[2 * i]) - Double(a[2 * i]), dy = Double(b[2 * i + 1]) - Double(a[2 * i + 1])
                        let d = (dx * dx + dy * dy).squareRoot()
                        if d.isFinite { moved += d; count += 1 }
                    }
                    let scale = 0.5 * (spread[k] + spread[k + 1])
                    if count > 0 && scale > 0 { total[k] += moved / Double(count) / scale }
                }
                parts += 1
            }
        }
        return total.map { parts > 0 ? $0 / Double(parts) : 0 }
    }

    /// Root-mean-square distance of the present points from their centroid.
    static func spread(_ row: [Float]) -> Double {
        var sx = 0.0, sy = 0.0, count = 0
        for i in 0..<(row.count / 2) where row[2 * i].isFinite && row[2 * i + 1].isFinite {
            sx += Double(row[2 * i]); sy += Double(row[2 * i + 1]); count += 1
        }
        guard count > 0 else { return 0 }
        let cx = sx / Double(count), cy = sy / Double(count)
        var s = 0.0
        for i in 0..<(row.count / 2) where row[2 * i].isFinite && row[2 * i + 1].isFinite {
            let dx = Double(row[2 * i]) - cx, dy = Double(row[2 * i + 1]) - cy
            s += dx * dx + dy * dy
        }
        return (s / Double(count)).squareRoot()
    }
}

extension Timeline {
    /// A timeline for these runs' epochs; with `.adaptive` spacing the step changes are measured
    /// on `blocks` of every run (`LayoutChange.stepChanges`).
    public init(layouts: [LayoutSet], blocks: [String], settings: TimelineSettings) throws {
        guard let first = layouts.first else { throw InterpolateError.noRuns }
        var changes: [Double]?
        if case .adaptive = settings.spacing {
            changes = try LayoutChange.stepChanges(layouts: layouts, blocks: blocks)
        }
        try self.init(epochs: first.epochs, settings: settings, stepChanges: changes)
    }
}
