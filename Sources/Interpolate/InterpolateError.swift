/// Everything that can go wrong when building a timeline, motion, camera or tracks.
/// Each message is one sentence that names the offending value and says what was expected.
public enum InterpolateError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The run has no saved epochs.
    case noEpochs
    /// `epochs[index]` is not greater than the epoch before it.
    case epochsNotAscending(index: Int, previous: Int, value: Int)
    /// A numeric setting is out of range.
    case invalidSetting(name: String, value: Double, expected: String)
    /// An extra hold names an epoch that is not among the saved epochs.
    case holdOnUnknownEpoch(Int)
    /// The holds alone are at least as long as the requested total duration.
    case holdsExceedTotal(totalSeconds: Double, holdSeconds: Double)
    /// A step would be shown in less than one frame.
    case stepShorterThanFrame(fromEpoch: Int, toEpoch: Int, seconds: Double, fps: Double)
    /// Adaptive pacing cannot fit the motion duration between its per-step bounds.
    case adaptiveBoundsInfeasible(minSeconds: Double, maxSeconds: Double, meanStepSeconds: Double)
    /// Adaptive pacing needs one change figure per step.
    case stepChangeCountMismatch(expected: Int, got: Int)
    /// A requested block is not in a run.
    case unknownBlock(name: String, run: String)
    /// Two runs shown together have different saved epochs.
    case epochsDiffer(run: String, expected: [Int], got: [Int])
    /// A block's position array has the wrong size.
    case positionCountMismatch(block: String, epochIndex: Int, expected: Int, got: Int)
    /// A block has a different number of epochs than the timeline.
    case keyframeCountMismatch(block: String, expected: Int, got: Int)
    /// A track names a sample id that is not in the run.
    case unknownSampleId(String, run: String)
    /// Predictions must give one class per sample.
    case predictionCountMismatch(expected: Int, got: Int)
    /// A run, block or epoch index is out of range.
    case indexOutOfRange(what: String, index: Int, count: Int)
    /// A requested strip epoch is not among the saved epochs.
    case unknownEpoch(Int)
    /// No layouts were given.
    case noRuns

    public var description: String {
        switch self {
        case .noEpochs:
            return "The layouts have no saved epochs; at least one epoch is needed to make a timeline."
        case let .epochsNotAscending(index, previous, value):
            return "Epoch \(value) at position \(index) does not come after epoch \(previous); saved epochs must be strictly ascending."
        case let .invalidSetting(name, value, expected):
            return "Setting \(name) is \(value); expected \(expected)."
        case let .holdOnUnknownEpoch(epoch):
            return "A hold is requested on epoch \(epoch), which is not a saved epoch; hold only on saved epochs."
        case let .holdsExceedTotal(total, holds):
            return "The holds last \(holds) s but the whole video is \(total) s; lengthen the duration or shorten the holds."
        case let .stepShorterThanFrame(from, to, seconds, fps):
            return "The step from epoch \(from) to \(to) lasts \(seconds) s, less than one frame at \(fps) fps; give steps more time or raise the frame rate."
        case let .adaptiveBoundsInfeasible(minS, maxS, mean):
            return "Adaptive pacing needs a mean step of \(mean) s, outside its bounds \(minS)…\(maxS) s; widen the bounds or change the duration."
        case let .stepChangeCountMismatch(expected, got):
            return "Adaptive pacing got \(got) step-change figures but the epochs make \(expected) steps; give one figure per step."
        case let .unknownBlock(name, run):
            return "Run \(run) has no block named \(name); choose one of the run's blocks."
        case let .epochsDiffer(run, expected, got):
            return "Run \(run) has epochs \(got) but the first run has \(expected); runs shown together must share their saved epochs."
        case let .positionCountMismatch(block, epochIndex, expected, got):
            return "Block \(block) holds \(got) coordinates at epoch index \(epochIndex); expected \(expected) (x and y for every sample)."
        case let .keyframeCountMismatch(block, expected, got):
            return "Block \(block) has layouts for \(got) epochs but the timeline has \(expected); give one layout per saved epoch."
        case let .unknownSampleId(id, run):
            return "Run \(run) has no sample with id \(id); track only ids listed in the run's samples."
        case let .predictionCountMismatch(expected, got):
            return "Got \(got) predictions for a run of \(expected) samples; give exactly one predicted class per sample."
        case let .indexOutOfRange(what, index, count):
            return "The \(what) index \(index) is out of range; there are \(count)."
        case let .unknownEpoch(epoch):
            return "Epoch \(epoch) is not a saved epoch; strips can show only saved epochs."
        case .noRuns:
            return "No layouts were given; pass at least one run."
        }
    }
}
