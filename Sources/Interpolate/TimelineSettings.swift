/// How long the motion between saved epochs lasts.
public enum MotionDuration: Sendable, Equatable {
    /// Steps last this many seconds on average (exactly, with `.byStep` spacing), so the motion
    /// lasts `seconds · (K − 1)` for K saved epochs; holds come on top.
    case secondsPerStep(Double)
    /// The whole video, holds included, lasts this many seconds; the motion gets what the holds
    /// leave. With a single saved epoch the whole duration is a hold.
    case totalSeconds(Double)
}

/// How the motion time is shared between the steps (a step goes from one saved epoch to the next).
public enum StepSpacing: Sendable, Equatable {
    /// Every step gets the same time, whatever the epoch gap (1, 2, 4, 8 play evenly).
    case byStep
    /// Time proportional to the epoch gap, so epochs pass at a constant rate.
    case byEpochValue
    /// Time proportional to how much the layouts change in the step (see `LayoutChange`),
    /// clamped to `minSeconds…maxSeconds` per step while keeping the motion duration exact
    /// (see `StepPacing.adaptive`).
    case adaptive(minSeconds: Double, maxSeconds: Double)
}

/// Which epoch a frame's label names.
public enum EpochLabelStyle: Sendable, Equatable {
    /// The nearest saved epoch (blend < 0.5: the step's start, otherwise its end): labels never
    /// claim an epoch for which no layout was saved.
    case nearestSaved
    /// The continuous epoch value rounded to `decimals` places (e.g. "epoch 37" between 35 and 40).
    case interpolated(decimals: Int)
}

/// Everything the user chooses about time.
public struct TimelineSettings: Sendable, Equatable {
    /// Output frames per second.
    public var fps: Double
    /// Motion length per step or for the whole video.
    public var duration: MotionDuration
    /// How motion time is shared between steps.
    public var spacing: StepSpacing
    /// Seconds the first saved epoch stays still before motion starts.
    public var holdFirst: Double
    /// Seconds the last saved epoch stays still at the end.
    public var holdLast: Double
    /// Extra seconds of stillness on chosen saved epochs (added to the first/last holds).
    public var holds: [Int: Double]
    /// Which epoch the label names.
    public var labels: EpochLabelStyle
    /// Word printed before the epoch number.
    public var labelPrefix: String

    public init(fps: Double = 30, duration: MotionDuration = .secondsPerStep(0.5),
                spacing: StepSpacing = .byStep, holdFirst: Double = 1, holdLast: Double = 2,
                holds: [Int: Double] = [:], labels: EpochLabelStyle = .nearestSaved,
                labelPrefix: String = "epoch") {
        self.fps = fps
        self.duration = duration
        self.spacing = spacing
        self.holdFirst = holdFirst
        self.holdLast = holdLast
        self.holds = holds
        self.labels = labels
        self.labelPrefix = labelPrefix
    }
}
