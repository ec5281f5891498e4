import LayoutModel

/// Deterministic automatic choice of samples to track. Every rule ranks samples by a score,
/// highest first, breaks ties by the lower sample index, and leaves out samples whose score is 0
/// (a track on a sample that never moves or never changes shows nothing), so fewer than `count`
/// may come back.
public enum TrackChoice {
    /// Score: path length in `block`, the sum over consecutive saved epochs of the distance
    /// between the sample's positions (steps where it is absent at either end count 0).
    public static func mostMoving(in run: LayoutSet, block name: String, count: Int) throws -> [Int] {
        let block = try Self.block(name, in: run)
        let n = run.sampleCount
        var score = [Double](repeating: 0, count: n)
        for k in 0..<max(block.positions.count - 1, 0) {
            let a = block.positions[k], b = block.positions[k + 1]
            for i in 0..<n {
                let dx = Double(b[2 * i]) - Double(a[2 * i]), dy = Double(b[2 * i + 1]) - Double(a[2 * i + 1])
                let d = (dx * dx + dy * dy).squareRoot()
                if d.isFinite { score[i] += d }
            }
        }
        return top(score, count)
    }

    /// Score: how many times, between consecutive saved epochs, the class of the sample's nearest
    /// neighbour in the 2D layout of `block` changes (nearest by Euclidean distance among the
    /// other samples present, ties to the lower index; epochs where the sample or a neighbour is
    /// absent are skipped).
    public static func neighbourClassChanges(in run: LayoutSet, block name: String, count: Int) throws -> [Int] {
        let block = try Self.block(name, in: run)
        let n = run.sampleCount
        var score = [Double](repeating: 0, count: n)
        var previous = [Int32](repeating: -1, count: n)
        for positions in block.positions {
            let grid = NearestNeighbourGrid(points: positions)
            for i in 0..<n {
                let current = grid.nearest(to: i).map { run.samples.labels[$0] } ?? -1
                if current >= 0 && previous[i] >= 0 && current != previous[i] { score[i] += 1 }
                if current >= 0 { previous[i] = current }
            }
        }
        return top(score, count)
    }

    /// The samples whose prediction differs from their label, taken round-robin over true classes
    /// in ascending class order (lowest index first within a class), so a few tracks cover
    /// several classes.
    public static func misclassifiedAtEnd(in run: LayoutSet, predictions: [Int32], count: Int) throws -> [Int] {
        let labels = run.samples.labels
        guard predictions.count == labels.count else {
            throw InterpolateError.predictionCountMismatch(expected: labels.count, got: predictions.count)
        }
        var byClass: [Int32: [Int]] = [:]
        for i in labels.indices where predictions[i] != labels[i] { byClass[labels[i], default: []].append(i) }
        let classes = byClass.keys.sorted()
        var chosen: [Int] = []
        var round = 0
        while chosen.count < count {
            var added = false
            for c in classes where round < byClass[c]!.count && chosen.count < count {
                chosen.append(byClass[c]![round])
                added = true
            }
            if !added { break }
            round += 1
        }
        return chosen
    }

    /// Sample indices of `run` for the settings' selections, in order, without repeats.
    /// Explicit ids are looked up in `run`.
    public static func resolve(_ settings: TrackSettings, in run: LayoutSet) throws -> [Int] {
        var chosen: [Int] = []
        var seen = Set<Int>()
        var indexOfId: [String: Int]?
        for selection in settings.selections {
            let picked: [Int]
            switch selection {
            case .ids(let ids):
                if indexOfId == nil {
                    var map: [String: Int] = [:]
                    for (i, id) in run.samples.ids.enumerated() where map[id] == nil { map[id] = i }
                    indexOfId = map
                }
                picked = try ids.map { id in
                    guard let i = indexOfId![id] else { throw InterpolateError.unknownSampleId(id, run: run.runName) }
                    return i
                }
            case let .mostMoving(count, block):
                picked = try mostMoving(in: run, block: block, count: count)
            case let .neighbourClassChanges(count, block):
                picked = try neighbourClassChanges(in: run, block: block, count: count)
            case let .misclassifiedAtEnd(count, predictions):
                picked = try misclassifiedAtEnd(in: run, predictions: predictions, count: count)
            }
            for i in picked where seen.insert(i).inserted { chosen.append(i) }
        }
        return chosen
    }

    /// Indices of the `count` highest positive scores, ties to the lower index.
    static func top(_ score: [Double], _ count: Int) -> [Int] {
        let ranked = score.indices.filter { score[$0] > 0 }.sorted {
            score[$0] != score[$1] ? score[$0] > score[$1] : $0 < $1
        }
        return Array(ranked.prefix(max(count, 0)))
    }

    static func block(_ name: String, in run: LayoutSet) throws -> BlockLayout {
        guard let block = run.block(named: name) else { throw InterpolateError.unknownBlock(name: name, run: run.runName) }
        for (e, row) in block.positions.enumerated() where row.count != 2 * run.sampleCount {
            throw InterpolateError.positionCountMismatch(block: name, epochIndex: e, expected: 2 * run.sampleCount, got: row.count)
        }
        return block
    }
}
