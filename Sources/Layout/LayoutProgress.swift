/// Where the layout stage reports its progress (the executable's progress bar, or nothing).
public protocol LayoutProgress: AnyObject, Sendable {
    /// Starts a named stage, e.g. `layout wellfit/block3`.
    func begin(_ name: String)
    /// `done` of `total` units of the current stage, with a detail such as `optimising 120/200`.
    func update(_ done: Int, of total: Int, detail: String)
    /// A one-off line, e.g. `layout wellfit/block3: from cache`.
    func note(_ message: String)
    /// A line that something went wrong without failing the command (a cache that cannot be
    /// written, a damaged entry recomputed); shown even when progress is silenced.
    func warn(_ message: String)
    /// Ends the current stage; returns its seconds.
    func end() -> Double
}

extension LayoutProgress {
    /// Reporters without a separate warning channel show warnings as notes.
    public func warn(_ message: String) { note(message) }
}
