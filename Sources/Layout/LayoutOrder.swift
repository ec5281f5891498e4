import AlignedUMAP

/// In what order a batch layout optimises a block's epochs (the `layout-order` setting): the
/// user-facing names of `AlignedUMAPSchedule`, plus `auto`, which picks one by the run's size.
public enum LayoutOrder: String, CaseIterable, Sendable {
    /// `chained` for runs of at least `LayoutOrder.chainedFromSamples` samples, `together`
    /// below (see there for why).
    case auto
    /// All epochs optimised together, springs pulling both ways (umap-learn's `fit`).
    case together
    /// Epoch after epoch, each from the optimised one before it: what `watch` draws.
    case chained

    /// Where `auto` switches from `together` to `chained`.
    ///
    /// Why by size: the chained order costs about a fifth of the CPU, which matters only where
    /// the together order is slow, and its quality was measured equal or better on large runs
    /// but not on smaller ones (`umap-bench --schedule`, `layout_metrics.py`, block2 of runs
    /// made by `make_digits_runs.py`):
    /// - 10,000 x 40 well-fit, seeds 42, 0, 1, 2: chained trust@15 0.9852-0.9861, stability
    ///   0.0089-0.0092 in 34 s; together 0.983-0.987 and 0.0107-0.0120 in 200 s.
    /// - 10,000 over-fit (epochs 0-19), seeds 42, 0: chained 0.9614 / 0.9615 and 0.0194 /
    ///   0.0193; together 0.9619 / 0.9629 and 0.0234 / 0.0232.
    /// - 5,000 well-fit (epochs 0-20), seed 42: chained 0.9884 and 0.0174, together 0.9867
    ///   and 0.0155: as faithful, but 12 % less steady.
    /// - 1,000 x 21, seeds 0, 1, 2, where together takes seconds: chained up to 0.008 lower
    ///   trust@15 (block4). Each epoch only fine-tunes the layout of the one before, and the
    ///   early epochs, whose neighbourhoods change most, never get the full schedule.
    public static let chainedFromSamples = 10_000

    /// The order used for a run of `sampleCount` samples: `auto` resolved, any other itself.
    public func resolved(sampleCount: Int) -> LayoutOrder {
        guard self == .auto else { return self }
        return sampleCount >= LayoutOrder.chainedFromSamples ? .chained : .together
    }

    /// The algorithm's schedule for a run of `sampleCount` samples.
    public func schedule(sampleCount: Int) -> AlignedUMAPSchedule {
        switch resolved(sampleCount: sampleCount) {
        case .together, .auto: return .joint
        case .chained: return .chained()
        }
    }
}
