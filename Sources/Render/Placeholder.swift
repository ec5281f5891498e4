// Placeholder until the Render issue lands; delete when adding real sources.
