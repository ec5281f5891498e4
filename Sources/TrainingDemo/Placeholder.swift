// Placeholder until the TrainingDemo issue lands; delete when adding real sources.
