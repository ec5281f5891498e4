import Foundation

/// Where one output frame falls between the saved epochs (keyframes).
public struct TimelinePosition: Sendable, Equatable {
    /// Output frame index.
    public var frame: Int
    /// Keyframe index (into the saved epochs) at the start of the current step or hold.
    public var lower: Int
    /// Keyframe index at the end of the current step; equals `lower` during a hold.
    public var upper: Int
    /// Fraction of the step elapsed, in 0..<1; 0 during a hold (and exactly at keyframes).
    public var blend: Double
    /// True while a keyframe is held still.
    public var isHold: Bool
    /// Continuous epoch: `epochs[lower] + blend · (epochs[upper] − epochs[lower])`.
    public var epochValue: Double
    /// `frame / (frameCount − 1)`, 0 for a one-frame video.
    public var progress: Double
}

/// Maps output frames to saved epochs.
///
/// The video is a sequence of segments: hold H₀, step S₀, hold H₁, S₁, …, S_{K−2}, H_{K−1}, where
/// Hₖ shows keyframe k still and Sₖ moves from keyframe k to k + 1. With cᵢ the cumulative seconds at
/// the start of segment i and D the total, segment i starts at frame bᵢ = round(cᵢ · fps) (halves
/// round up, with a 1e-7-frame tolerance for binary rounding) and the video has
/// **F = round(D · fps) + 1** frames: frames are instants 0, 1/fps, …,
/// and both the first and the last instant are shown, so the last epoch appears exactly even
/// without a final hold. Rounding the cumulative time (not each segment) keeps the error under
/// half a frame everywhere and makes the total exact.
///
/// In step k with nₖ = b(H_{k+1}) − b(Sₖ) frames, frame f has blend u = (f − b(Sₖ)) / nₖ and
/// **epoch(f) = eₖ + u · (e_{k+1} − eₖ)**; in a hold, epoch(f) = eₖ. Every keyframe k is shown
/// exactly at frame b(Hₖ) (`firstFrame(ofKeyframe:)`).
///
/// Step seconds dₖ: `.byStep` dₖ = M / (K − 1); `.byEpochValue` dₖ = M · gapₖ / Σgap; `.adaptive`
/// see `StepPacing.adaptive`; M is the motion duration (`secondsPerStep · (K − 1)`, or the total
/// minus the holds). Hold seconds: hₖ = [k = 0]·holdFirst + [k = K − 1]·holdLast + holds[eₖ].
public struct Timeline: Sendable {
    public let epochs: [Int]
    public let settings: TimelineSettings
    /// Seconds of each step k (from `epochs[k]` to `epochs[k + 1]`), before rounding to frames.
    public let stepSeconds: [Double]
    /// Seconds each keyframe is held still.
    public let holdSeconds: [Double]
    /// Number of output frames, F = round(D · fps) + 1.
    public let frameCount: Int
    /// b₀ … b_{2K−1}: the first frame of each segment (even i: hold of keyframe i/2, odd i: step
    /// (i−1)/2), then the last frame index.
    let boundaries: [Int]

    /// - Parameter stepChanges: how much the layouts change in each step (one per step), needed
    ///   only for `.adaptive` spacing; see `LayoutChange.stepChanges`.
    public init(epochs: [Int], settings: TimelineSettings, stepChanges: [Double]? = nil) throws {
        try Timeline.validate(epochs: epochs, settings: settings)
        var holds = epochs.map { settings.holds[$0] ?? 0 }
        holds[0] += settings.holdFirst
        holds[epochs.count - 1] += settings.holdLast
        let motion = try Timeline.motionSeconds(settings.duration, steps: epochs.count - 1, holds: &holds)
        let steps = try Timeline.stepSeconds(epochs: epochs, settings: settings, motion: motion, stepChanges: stepChanges)
        let bounds = Timeline.boundaries(holds: holds, steps: steps, fps: settings.fps)
        self.epochs = epochs
        self.settings = settings
        self.stepSeconds = steps
        self.holdSeconds = holds
        self.boundaries = bounds
        self.frameCount = bounds[bounds.count - 1] + 1
    }

    /// Epochs ascending, fps positive, holds finite, non-negative and on saved epochs.
    private static func validate(epochs: [Int], settings: TimelineSettings) throws {
        guard !epochs.isEmpty else { throw InterpolateError.noEpochs }
        for i in 1..<max(epochs.count, 1) where epochs[i] <= epochs[i - 1] {
            throw InterpolateError.epochsNotAscending(index: i, previous: epochs[i - 1], value: epochs[i])
        }
        guard settings.fps.isFinite, settings.fps > 0 else {
            throw InterpolateError.invalidSetting(name: "fps", value: settings.fps, expected: "a finite number greater than 0")
        }
        for (name, value) in [("holdFirst", settings.holdFirst), ("holdLast", settings.holdLast)] {
            guard value.isFinite, value >= 0 else {
                throw InterpolateError.invalidSetting(name: name, value: value, expected: "a finite number of seconds, 0 or more")
            }
        }
        for (epoch, seconds) in settings.holds.sorted(by: { $0.key < $1.key }) {
            guard epochs.contains(epoch) else { throw InterpolateError.holdOnUnknownEpoch(epoch) }
            guard seconds.isFinite, seconds >= 0 else {
                throw InterpolateError.invalidSetting(name: "holds[\(epoch)]", value: seconds, expected: "a finite number of seconds, 0 or more")
            }
        }
    }

    /// Seconds of motion in all: per step times the steps, or the total less the holds. A
    /// single epoch with a total duration is held for all of it.
    private static func motionSeconds(_ duration: MotionDuration, steps: Int, holds: inout [Double]) throws -> Double {
        switch duration {
        case .secondsPerStep(let s):
            guard s.isFinite, s > 0 else {
                throw InterpolateError.invalidSetting(name: "secondsPerStep", value: s, expected: "a finite number of seconds greater than 0")
            }
            return s * Double(steps)
        case .totalSeconds(let total):
            guard total.isFinite, total > 0 else {
                throw InterpolateError.invalidSetting(name: "totalSeconds", value: total, expected: "a finite number of seconds greater than 0")
            }
            if steps == 0 {
                holds[0] = total
                return 0
            }
            let holdTotal = holds.reduce(0, +)
            guard total > holdTotal else { throw InterpolateError.holdsExceedTotal(totalSeconds: total, holdSeconds: holdTotal) }
            return total - holdTotal
        }
    }

    /// `motion` shared among the steps by the spacing rule; every step lasts at least a frame.
    private static func stepSeconds(epochs: [Int], settings: TimelineSettings, motion: Double,
                                    stepChanges: [Double]?) throws -> [Double] {
        let k = epochs.count
        guard k > 1 else { return [] }
        let steps: [Double]
        switch settings.spacing {
        case .byStep:
            steps = [Double](repeating: motion / Double(k - 1), count: k - 1)
        case .byEpochValue:
            steps = StepPacing.proportional(weights: (0..<(k - 1)).map { Double(epochs[$0 + 1] - epochs[$0]) }, total: motion)
        case let .adaptive(minSeconds, maxSeconds):
            guard let changes = stepChanges, changes.count == k - 1 else {
                throw InterpolateError.stepChangeCountMismatch(expected: k - 1, got: stepChanges?.count ?? 0)
            }
            steps = try StepPacing.adaptive(changes: changes, total: motion, minSeconds: minSeconds, maxSeconds: maxSeconds)
        }
        for (i, d) in steps.enumerated() where d * settings.fps < 1 - 1e-9 {
            throw InterpolateError.stepShorterThanFrame(fromEpoch: epochs[i], toEpoch: epochs[i + 1], seconds: d, fps: settings.fps)
        }
        return steps
    }

    /// b₀ … b_{2K−1} and the last frame: hold, step, hold, … laid end to end and rounded to frames.
    private static func boundaries(holds: [Double], steps: [Double], fps: Double) -> [Int] {
        var bounds: [Int] = [0]
        var cumulative = 0.0
        for i in holds.indices {
            for d in i < steps.count ? [holds[i], steps[i]] : [holds[i]] {
                cumulative += d
                // Half a frame rounds up; the 1e-7-frame tolerance makes decimal durations round as
                // written (1.05 s · 10 fps is 10.4999… in binary but means 10.5 → 11).
                bounds.append(Int((cumulative * fps + 0.5 + 1e-7).rounded(.down)))
            }
        }
        return bounds
    }

    /// Total seconds D (holds included); the last frame is shown at time D (± half a frame).
    public var durationSeconds: Double { holdSeconds.reduce(0, +) + stepSeconds.reduce(0, +) }

    /// The first frame that shows keyframe k exactly (the start of its hold).
    public func firstFrame(ofKeyframe k: Int) -> Int { boundaries[2 * k] }

    /// Frames spent moving from keyframe k to k + 1 (nₖ ≥ 1).
    public func stepFrameCount(_ k: Int) -> Int { boundaries[2 * k + 2] - boundaries[2 * k + 1] }

    /// Frames during which keyframe k is held still (the final frame not counted).
    public func holdFrameCount(_ k: Int) -> Int { boundaries[2 * k + 1] - boundaries[2 * k] }

    /// The nearest frame to a time in seconds, clamped to the video.
    public func frame(atSeconds t: Double) -> Int {
        min(max(Int((t * settings.fps).rounded(.toNearestOrAwayFromZero)), 0), frameCount - 1)
    }

    /// The time at which a frame is shown, `frame / fps`.
    public func seconds(atFrame frame: Int) -> Double { Double(frame) / settings.fps }

    /// Where frame `frame` falls (clamped to 0..<frameCount).
    public func position(frame requested: Int) -> TimelinePosition {
        let frame = min(max(requested, 0), frameCount - 1)
        let progress = frameCount > 1 ? Double(frame) / Double(frameCount - 1) : 0
        let last = epochs.count - 1
        let segmentCount = boundaries.count - 1
        // Largest segment i with b_i ≤ frame < b_{i+1} (empty segments are skipped by the search).
        var lo = 0, hi = segmentCount
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if boundaries[mid] <= frame { lo = mid } else { hi = mid }
        }
        if frame >= boundaries[segmentCount] {
            return TimelinePosition(frame: frame, lower: last, upper: last, blend: 0, isHold: true,
                                    epochValue: Double(epochs[last]), progress: progress)
        }
        if lo % 2 == 0 {
            let k = lo / 2
            return TimelinePosition(frame: frame, lower: k, upper: k, blend: 0, isHold: true,
                                    epochValue: Double(epochs[k]), progress: progress)
        }
        let k = (lo - 1) / 2
        let u = Double(frame - boundaries[lo]) / Double(boundaries[lo + 1] - boundaries[lo])
        let value = Double(epochs[k]) + u * Double(epochs[k + 1] - epochs[k])
        return TimelinePosition(frame: frame, lower: k, upper: k + 1, blend: u, isHold: false,
                                epochValue: value, progress: progress)
    }

    /// The label for a frame, per `settings.labels`.
    public func label(for position: TimelinePosition) -> String {
        let prefix = settings.labelPrefix.isEmpty ? "" : settings.labelPrefix + " "
        switch settings.labels {
        case .nearestSaved:
            let k = position.blend < 0.5 ? position.lower : position.upper
            return prefix + String(epochs[k])
        case .interpolated(let decimals):
            if decimals <= 0 { return prefix + String(Int(position.epochValue.rounded(.toNearestOrAwayFromZero))) }
            return prefix + String(format: "%.\(min(decimals, 6))f", position.epochValue)
        }
    }

    /// The clock shared by every panel of a frame.
    public func clock(frame: Int) -> FrameClock {
        let p = position(frame: frame)
        return FrameClock(frame: p.frame, epochValue: p.epochValue, label: label(for: p), progress: p.progress)
    }
}
