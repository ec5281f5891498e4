import Foundation

/// Progress on stderr: a redrawn bar with ETA when stderr is a terminal, a plain line every few
/// seconds otherwise (CI logs), nothing with `--quiet`.
final class ProgressReporter: @unchecked Sendable {
    // Only the thread running the command calls into it; the lock guards the rare callback that
    // arrives from a worker thread.
    private let lock = NSLock()
    private let quiet: Bool
    private let isTerminal: Bool
    private let lineInterval: TimeInterval
    private var stage = ""
    private var stageStart = Date()
    private var lastPrint = Date.distantPast
    private var barVisible = false

    init(quiet: Bool, lineInterval: TimeInterval = 5) {
        self.quiet = quiet
        self.isTerminal = isatty(STDERR_FILENO) == 1
        self.lineInterval = lineInterval
    }

    /// Starts a named stage, e.g. `layout wellfit/block3`.
    func begin(_ name: String) {
        lock.lock(); defer { lock.unlock() }
        finishBar()
        stage = TerminalText.safe(name, maxTotal: 200)
        stageStart = Date()
        lastPrint = .distantPast
    }

    /// Reports `done` of `total` units in the current stage, with an optional detail such as
    /// `SGD epoch 120/200`.
    func update(_ done: Int, of total: Int, detail: String = "") {
        lock.lock(); defer { lock.unlock() }
        guard !quiet, total > 0 else { return }
        let detail = TerminalText.safe(detail, maxTotal: 200)
        let now = Date()
        let fraction = min(1, max(0, Double(done) / Double(total)))
        let elapsed = now.timeIntervalSince(stageStart)
        let eta = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : nil
        if isTerminal {
            guard now.timeIntervalSince(lastPrint) >= 0.1 || done == total else { return }
            lastPrint = now
            let width = 28
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let etaText = eta.map { " ETA \(Self.clock($0))" } ?? ""
            let text = "\r\(stage) [\(bar)] \(Int(fraction * 100))%\(etaText) \(detail)"
            FileHandle.standardError.write(Data((text + "\u{1B}[K").utf8))
            barVisible = true
        } else {
            guard now.timeIntervalSince(lastPrint) >= lineInterval else { return }
            lastPrint = now
            let etaText = eta.map { ", ETA \(Self.clock($0))" } ?? ""
            let line = "\(stage): \(Int(fraction * 100))% (\(done)/\(total)\(detail.isEmpty ? "" : ", " + detail)\(etaText))\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Prints a one-off message line (e.g. `wrote demo.mp4`).
    func note(_ message: String) {
        lock.lock(); defer { lock.unlock() }
        guard !quiet else { return }
        finishBar()
        FileHandle.standardError.write(Data((TerminalText.safe(message) + "\n").utf8))
    }

    /// Prints a warning line, even with `--quiet`: something the user should know about
    /// although the command succeeds.
    func warn(_ message: String) {
        lock.lock(); defer { lock.unlock() }
        finishBar()
        FileHandle.standardError.write(Data((TerminalText.safe(message) + "\n").utf8))
    }

    /// Ends the current stage and returns its duration in seconds.
    @discardableResult
    func end() -> Double {
        lock.lock(); defer { lock.unlock() }
        finishBar()
        return Date().timeIntervalSince(stageStart)
    }

    private func finishBar() {
        if barVisible {
            FileHandle.standardError.write(Data("\n".utf8))
            barVisible = false
        }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String(format: "%d:%02d", s / 60, s % 60)
    }
}
