// Placeholder until the AlignedUMAP issue lands; delete when adding real sources.
