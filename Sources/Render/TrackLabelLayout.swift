/// Where the labels of tracked samples go in one panel, so that no two overlap, none covers
/// another tracked sample's ring, and every one stays inside the panel.
///
/// Each label is tried at candidate boxes around its point: eight directions (upper right,
/// lower right, upper left, lower left, right, left, above, below) at the nearest distance, then
/// the same eight farther out (`levels`), where a leader line joins box and point. The first
/// free candidate wins, so a label sits as close to its point as the crowd allows.
///
/// **What is dropped.** Labels are considered in the order given (the order of `--track`: ids as
/// listed, `auto:N` most-moved first). Samples outside the panel get no label; of the others,
/// the first `maximumLabels` are placed and the rest dropped; a label for which no candidate is
/// free is dropped too (its ring and trail are still drawn). Dropped keys are reported.
///
/// **Stable from frame to frame.** Given the previous frame's choice (`LabelMemory`), a label
/// first keeps its previous candidate while that is still free and no nearer level is free
/// (hysteresis: a label moves only when it must, or to come closer to its point); labels that
/// keep their place are settled before the others look for one.
public struct TrackLabelLayout: Sendable, Equatable {
    /// One label to place.
    public struct Label: Sendable, Equatable {
        /// Identifies the label across frames (the sample index).
        public var key: Int
        /// The point labelled, device units.
        public var anchorX: Double
        public var anchorY: Double
        /// Size of the label's box (text plus halo).
        public var width: Double
        public var height: Double

        public init(key: Int, anchorX: Double, anchorY: Double, width: Double, height: Double) {
            self.key = key
            self.anchorX = anchorX
            self.anchorY = anchorY
            self.width = width
            self.height = height
        }
    }

    /// A placed label.
    public struct Placement: Sendable, Equatable {
        public var key: Int
        public var box: Rect
        /// Index into the candidate list: `level * 8 + direction`.
        public var candidate: Int
        /// Displaced beyond the nearest ring of candidates: draw a leader line to the point.
        public var needsLeader: Bool { candidate >= TrackLabelLayout.directions.count }
    }

    /// The outcome for one panel.
    public struct Result: Sendable, Equatable {
        public var placements: [Placement]
        /// Keys of labels not shown, in input order.
        public var dropped: [Int]
    }

    /// Gap between the point and the nearest edge of a label at the first level.
    public var offset: Double
    /// Extra distance per farther level, in label heights.
    public var levelStep: Double
    /// Number of candidate rings (1 = never displaced).
    public var levels: Int
    /// At most this many labels per panel.
    public var maximumLabels: Int

    /// Eight labels per panel keep a 1080p panel readable; 3 levels reach about three label
    /// heights from the point, beyond which a leader line no longer reads as "this label".
    public init(offset: Double, levelStep: Double = 1.25, levels: Int = 3, maximumLabels: Int = 8) {
        self.offset = offset
        self.levelStep = levelStep
        self.levels = max(levels, 1)
        self.maximumLabels = max(maximumLabels, 0)
    }

    /// Unit directions from the point to the box, in order of preference: the diagonals first
    /// (a box there leaves the point and its trail visible), right before left (labels read
    /// from their point), above before below.
    static let directions: [(dx: Double, dy: Double)] = [
        (1, -1), (1, 1), (-1, -1), (-1, 1), (1, 0), (-1, 0), (0, -1), (0, 1),
    ]

    /// The box of candidate `index` for a label.
    public func candidateBox(_ index: Int, for label: Label) -> Rect {
        let level = index / Self.directions.count
        let (dx, dy) = Self.directions[index % Self.directions.count]
        let d = offset + Double(level) * levelStep * label.height
        // Diagonal boxes touch the point's corner at d / √2 on each axis, so every direction of
        // one level keeps about the same gap to the point.
        let reach = dx != 0 && dy != 0 ? d / 2.0.squareRoot() : d
        let x: Double
        switch dx {
        case 1: x = label.anchorX + reach
        case -1: x = label.anchorX - reach - label.width
        default: x = label.anchorX - label.width / 2
        }
        let y: Double
        switch dy {
        case 1: y = label.anchorY + reach
        case -1: y = label.anchorY - reach - label.height
        default: y = label.anchorY - label.height / 2
        }
        return Rect(x: x, y: y, width: label.width, height: label.height)
    }

    /// Places `labels` in `panel`. `obstacles` are boxes no label may cover (the tracked
    /// samples' rings); a label's own obstacle is the one whose centre is its anchor, and is
    /// ignored for it. `previous` maps keys to last frame's candidates.
    public func place(_ labels: [Label], in panel: Rect, obstacles: [Rect] = [], previous: [Int: Int] = [:]) -> Result {
        var dropped: [Int] = []
        var shown: [Label] = []
        for label in labels {
            if panel.contains(x: label.anchorX, y: label.anchorY), shown.count < maximumLabels {
                shown.append(label)
            } else {
                dropped.append(label.key)
            }
        }
        let candidateCount = levels * Self.directions.count
        var placed: [Int: Placement] = [:]
        var taken: [Rect] = []

        func isFree(_ box: Rect, for label: Label) -> Bool {
            guard box.x >= panel.x, box.y >= panel.y, box.maxX <= panel.maxX, box.maxY <= panel.maxY else { return false }
            if taken.contains(where: { $0.intersects(box) }) { return false }
            return !obstacles.contains { o in
                !(abs(o.midX - label.anchorX) < 1e-9 && abs(o.midY - label.anchorY) < 1e-9) && o.intersects(box)
            }
        }
        func firstFree(for label: Label, below limit: Int) -> Int? {
            (0..<limit).first { isFree(candidateBox($0, for: label), for: label) }
        }

        // Settle the labels that can stay where they were, in priority order.
        for label in shown {
            guard let c = previous[label.key], c < candidateCount else { continue }
            let box = candidateBox(c, for: label)
            guard isFree(box, for: label) else { continue }
            let levelStart = c / Self.directions.count * Self.directions.count
            // A nearer level has room: come closer instead of staying displaced.
            if levelStart > 0, firstFree(for: label, below: levelStart) != nil { continue }
            placed[label.key] = Placement(key: label.key, box: box, candidate: c)
            taken.append(box)
        }
        // Then the rest, each at its first free candidate.
        for label in shown where placed[label.key] == nil {
            guard let c = firstFree(for: label, below: candidateCount) else {
                dropped.append(label.key)
                continue
            }
            let box = candidateBox(c, for: label)
            placed[label.key] = Placement(key: label.key, box: box, candidate: c)
            taken.append(box)
        }
        let order = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1.key, $0) })
        return Result(placements: shown.compactMap { placed[$0.key] },
                      dropped: dropped.sorted { order[$0, default: 0] < order[$1, default: 0] })
    }
}

/// Last frame's label candidates, per panel and sample, so labels do not jump between frames.
/// A value carried by the caller from one frame to the next (frames drawn in order).
public struct LabelMemory: Sendable, Equatable {
    var candidates: [PanelKey: [Int: Int]] = [:]

    struct PanelKey: Hashable, Sendable {
        var row: Int
        var column: Int
    }

    public init() {}

    func previous(row: Int, column: Int) -> [Int: Int] { candidates[PanelKey(row: row, column: column)] ?? [:] }

    mutating func remember(_ result: TrackLabelLayout.Result, row: Int, column: Int) {
        candidates[PanelKey(row: row, column: column)] = Dictionary(uniqueKeysWithValues: result.placements.map { ($0.key, $0.candidate) })
    }
}

extension Rect {
    /// Whether the two rectangles share interior area (touching edges do not count).
    public func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
}
