import AlignedUMAP

/// In what order a batch layout optimises a block's epochs (the `layout-order` setting): the
/// user-facing names of `AlignedUMAPSchedule`.
public enum LayoutOrder: String, CaseIterable, Sendable {
    /// All epochs optimised together, springs pulling both ways (umap-learn's `fit`).
    case together
    /// Epoch after epoch, each from the optimised one before it: what `watch` draws, and about
    /// 5x less CPU on the 10,000 x 40 digits block at equal quality there, but up to 0.008
    /// lower trust@15 on the 1,000-sample digits runs (FitSchedule.swift has the figures), so
    /// it is not the default.
    case chained

    /// The algorithm's schedule for this order.
    public var schedule: AlignedUMAPSchedule {
        switch self {
        case .together: return .joint
        case .chained: return .chained()
        }
    }
}
